import {
  CreateQueueCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
  type Message,
} from '@aws-sdk/client-sqs';
import {
  LOCAL_AWS_CREDENTIALS,
  LOCAL_AWS_REGION,
  startFauxqs,
  type LocalAws,
} from '@hls-stale-guard/local-aws';
import {
  DeadlineQueueError,
  MAX_VISIBILITY_BATCH_ENTRIES,
  POSTPONE_LINGER_MS,
  SqsDeadlineQueue,
} from '../src/adapters/sqs-deadline-queue';

/** The SQS adapter against fauxqs: postponements of one moment go out as ChangeMessageVisibilityBatch. */
describe('SqsDeadlineQueue (fauxqs)', () => {
  let aws: LocalAws;
  let sqs: SQSClient;
  const commands: string[] = [];

  beforeAll(async () => {
    aws = await startFauxqs();
    sqs = new SQSClient({
      endpoint: aws.endpoint,
      region: LOCAL_AWS_REGION,
      credentials: LOCAL_AWS_CREDENTIALS,
    });
    sqs.middlewareStack.add(
      (next, context) => async (args) => {
        commands.push(String(context.commandName));
        return next(args);
      },
      { step: 'initialize', name: 'recordCommands' },
    );
  });
  afterAll(async () => {
    sqs.destroy();
    await aws.stop();
  });

  async function queueWith(count: number): Promise<{ url: string; messages: Message[] }> {
    const name = `deadlines-${Math.random().toString(36).slice(2)}`;
    const { QueueUrl: url = '' } = await sqs.send(
      new CreateQueueCommand({ QueueName: name, Attributes: { VisibilityTimeout: '60' } }),
    );
    for (let i = 0; i < count; i += 10) {
      const n = Math.min(10, count - i);
      await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: url,
          Entries: Array.from({ length: n }, (_, j) => ({
            Id: String(j),
            MessageBody: `m${i + j}`,
          })),
        }),
      );
    }
    const messages: Message[] = [];
    while (messages.length < count) {
      const out = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
      );
      messages.push(...(out.Messages ?? []));
    }
    return { url, messages };
  }

  const visibleNow = async (url: string) =>
    (
      await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
      )
    ).Messages ?? [];

  it('sends the postponements of one moment as batches of at most 10, each with its own timeout', async () => {
    const { url, messages } = await queueWith(12);
    const queue = new SqsDeadlineQueue(sqs, url);
    commands.length = 0;
    // Two come back at once, ten stay hidden for a minute.
    await Promise.all(
      messages.map((m, i) => queue.postpone(m.ReceiptHandle ?? '', i < 2 ? 0 : 60)),
    );
    expect(commands).toEqual([
      'ChangeMessageVisibilityBatchCommand',
      'ChangeMessageVisibilityBatchCommand',
    ]);
    expect(MAX_VISIBILITY_BATCH_ENTRIES).toBe(10);
    const back = await visibleNow(url);
    expect(back.map((m) => m.Body).sort()).toEqual(['m0', 'm1']);
  });

  it('postponements asked for within the linger go out as one call', async () => {
    const { url, messages } = await queueWith(3);
    const queue = new SqsDeadlineQueue(sqs, url);
    commands.length = 0;
    const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    await Promise.all(
      messages.map(async (m, i) => {
        await later(i * 5);
        await queue.postpone(m.ReceiptHandle ?? '', 60);
      }),
    );
    expect(POSTPONE_LINGER_MS).toBeGreaterThan(10);
    expect(commands).toEqual(['ChangeMessageVisibilityBatchCommand']);
  });

  it('postponements asked for at different moments are not held for each other', async () => {
    const { url, messages } = await queueWith(2);
    const queue = new SqsDeadlineQueue(sqs, url);
    commands.length = 0;
    await queue.postpone(messages[0]?.ReceiptHandle ?? '', 60);
    expect(commands).toEqual(['ChangeMessageVisibilityBatchCommand']);
    await queue.postpone(messages[1]?.ReceiptHandle ?? '', 60);
    expect(commands).toHaveLength(2);
  });

  it('fails only the entry SQS rejects (a stale receipt handle), the others succeed', async () => {
    const { url, messages } = await queueWith(2);
    const queue = new SqsDeadlineQueue(sqs, url);
    const results = await Promise.allSettled([
      queue.postpone(messages[0]?.ReceiptHandle ?? '', 0),
      queue.postpone('not-a-receipt-handle', 30),
      queue.postpone(messages[1]?.ReceiptHandle ?? '', 60),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const rejected = results[1];
    expect(rejected?.status === 'rejected' && rejected.reason).toBeInstanceOf(DeadlineQueueError);
    expect((await visibleNow(url)).map((m) => m.Body)).toEqual(['m0']);
  });

  it('rejects every entry of a batch the queue cannot take, with the cause', async () => {
    const queue = new SqsDeadlineQueue(sqs, `${aws.endpoint}/000000000000/no-such-queue`);
    const results = await Promise.allSettled([queue.postpone('a', 1), queue.postpone('b', 2)]);
    for (const r of results) {
      expect(r.status).toBe('rejected');
      if (r.status === 'rejected') {
        expect(r.reason).toBeInstanceOf(DeadlineQueueError);
        expect((r.reason as Error).cause).toBeDefined();
      }
    }
  });
});
