import { classifyCommand } from './classify-command';

describe('classifyCommand', () => {
  it.each([
    ['GetObjectCommand', 'get'],
    ['HeadObjectCommand', 'head'],
    ['PutObjectCommand', 'put'],
    ['ListObjectsV2Command', 'list'],
    ['DeleteObjectCommand', 'delete'],
    ['CreateBucketCommand', 'other'],
  ])('S3 %s is billed as %s', (command, operation) => {
    expect(classifyCommand('S3Client', command)).toEqual({ service: 's3', operation });
  });

  it('names SQS requests by API action', () => {
    expect(classifyCommand('SQSClient', 'ChangeMessageVisibilityCommand')).toEqual({
      service: 'sqs',
      action: 'ChangeMessageVisibility',
    });
    expect(classifyCommand('SQSClient', 'DeleteMessageBatchCommand')).toEqual({
      service: 'sqs',
      action: 'DeleteMessageBatch',
    });
  });

  it('does not guess other services', () => {
    expect(classifyCommand('CloudWatchClient', 'PutMetricDataCommand')).toEqual({
      service: 'other',
    });
  });
});
