import { CreateQueueCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { startSqsEventSourceStandIn } from './sqs-event-source-stand-in';
import {
  LOCAL_AWS_CREDENTIALS,
  LOCAL_AWS_REGION,
  startFauxqs,
  type LocalAws,
} from './start-fauxqs';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('SQS event source stand-in: the batching window', () => {
  let aws: LocalAws;
  let sqs: SQSClient;
  beforeAll(async () => {
    aws = await startFauxqs();
    sqs = new SQSClient({
      endpoint: aws.endpoint,
      region: LOCAL_AWS_REGION,
      credentials: LOCAL_AWS_CREDENTIALS,
    });
  });
  afterAll(async () => {
    sqs.destroy();
    await aws.stop();
  });

  /** Three messages 150 ms apart; the batch sizes the handler saw. */
  async function batchesWith(batchingWindowMs: number): Promise<number[]> {
    const { QueueUrl: queueUrl = '' } = await sqs.send(
      new CreateQueueCommand({ QueueName: `window-${batchingWindowMs}` }),
    );
    const batches: number[] = [];
    const source = startSqsEventSourceStandIn({
      sqs,
      queueUrl,
      pollers: 1,
      waitSeconds: 1,
      batchingWindowMs,
      handler: async (event: SQSEvent) => void batches.push(event.Records.length),
    });
    try {
      for (let i = 0; i < 3; i += 1) {
        await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: `m${i}` }));
        await sleep(150);
      }
      const until = Date.now() + 3_000;
      while (batches.reduce((a, b) => a + b, 0) < 3 && Date.now() < until) await sleep(50);
    } finally {
      await source.stop();
    }
    return batches;
  }

  it('without a window, hands over what one receive returns: several batches', async () => {
    const batches = await batchesWith(0);
    expect(batches.reduce((a, b) => a + b, 0)).toBe(3);
    expect(batches.length).toBeGreaterThan(1);
  });

  it('with a 1 s window, gathers the messages of that second into one batch', async () => {
    expect(await batchesWith(1_000)).toEqual([3]);
  });
});
