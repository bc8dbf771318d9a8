export * from './child-server';
export * from './start-fauxqs';
export * from './start-dynalite';
export * from './fault-proxy';
export * from './s3-notification-stand-in';
export * from './sqs-event-source-stand-in';
export * from './upload-tap';
export * from './seeded-random';
