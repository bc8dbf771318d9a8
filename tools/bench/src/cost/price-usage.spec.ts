import { AWS_PRICES_US_EAST_1 } from './aws-prices';
import { billedMs, gbSeconds, priceUsage } from './price-usage';
import {
  addUsage,
  scaleUsage,
  sqsTotal,
  usageBeyond,
  ZERO_S3,
  ZERO_USAGE,
  type Usage,
} from './usage';

const MILLION = 1_000_000;

describe('priceUsage (us-east-1 list prices)', () => {
  it('prices a million Lambda requests at $0.20 and a million GB-s on arm64 at $13.3334', () => {
    const cost = priceUsage({
      ...ZERO_USAGE,
      lambdaInvocations: MILLION,
      lambdaGbSeconds: MILLION,
    });
    expect(cost.lambdaRequests).toBeCloseTo(0.2, 10);
    expect(cost.lambdaDuration).toBeCloseTo(13.3334, 10);
    expect(cost.total).toBeCloseTo(13.5334, 10);
  });

  it('prices every SQS action at $0.40 per million requests', () => {
    const cost = priceUsage({
      ...ZERO_USAGE,
      sqs: { SendMessage: MILLION, ChangeMessageVisibility: MILLION, DeleteMessageBatch: 500_000 },
    });
    expect(cost.sqs).toBeCloseTo(1.0, 10);
  });

  it('prices S3 GET and HEAD at $0.40, LIST and PUT at $5 per million, DELETE free', () => {
    const cost = priceUsage({
      ...ZERO_USAGE,
      s3: { get: MILLION, head: MILLION, put: MILLION, list: MILLION, delete: 7 * MILLION },
    });
    expect(cost.s3GetHead).toBeCloseTo(0.8, 10);
    expect(cost.s3PutList).toBeCloseTo(10, 10);
    expect(cost.s3Delete).toBe(0);
  });

  it('prices log ingestion at $0.50 per GB and DynamoDB at $0.125 / $0.625 per million read / write units', () => {
    const cost = priceUsage({
      ...ZERO_USAGE,
      logBytes: 2 * 1024 ** 3,
      dynamoDb: { readUnits: MILLION, writeUnits: MILLION },
    });
    expect(cost.logsIngestion).toBeCloseTo(1, 10);
    expect(cost.dynamoDb).toBeCloseTo(0.75, 10);
  });

  it('the total is the sum of the line items', () => {
    const usage: Usage = {
      s3: { get: 3, head: 5, put: 7, list: 11, delete: 13 },
      sqs: { ReceiveMessage: 17 },
      lambdaInvocations: 19,
      lambdaGbSeconds: 23,
      dynamoDb: { readUnits: 29, writeUnits: 31 },
      logBytes: 37,
    };
    const { total, ...items } = priceUsage(usage);
    expect(total).toBeCloseTo(
      Object.values(items).reduce((sum, v) => sum + v, 0),
      12,
    );
  });

  it('uses the prices it is given', () => {
    const prices = { ...AWS_PRICES_US_EAST_1, sqsPerRequestUsd: 1 };
    expect(priceUsage({ ...ZERO_USAGE, sqs: { SendMessage: 3 } }, prices).total).toBe(3);
  });
});

describe('billedMs (Lambda bills in 1 ms increments)', () => {
  it('rounds up to the next millisecond and bills at least 1 ms', () => {
    expect(billedMs(12.01)).toBe(13);
    expect(billedMs(12)).toBe(12);
    expect(billedMs(0)).toBe(1);
    expect(billedMs(-5)).toBe(1);
  });
});

describe('gbSeconds', () => {
  it('counts 1 GB as 1,024 MB', () => {
    expect(gbSeconds(1000, 1024)).toBe(1);
    expect(gbSeconds(3000, 256)).toBe(0.75);
    expect(gbSeconds(500, 128)).toBe(0.0625);
  });
});

describe('usage arithmetic', () => {
  const usage: Usage = {
    s3: { ...ZERO_S3, head: 2, get: 1 },
    sqs: { SendMessage: 1, ReceiveMessage: 0.5 },
    lambdaInvocations: 0.25,
    lambdaGbSeconds: 0.01,
    dynamoDb: { readUnits: 0.1, writeUnits: 0.3 },
    logBytes: 0.2,
  };

  it('scales every field, per SQS action too', () => {
    const scaled = scaleUsage(usage, 4);
    expect(scaled.s3.head).toBe(8);
    expect(scaled.sqs).toEqual({ SendMessage: 4, ReceiveMessage: 2 });
    expect(scaled.lambdaInvocations).toBe(1);
    expect(scaled.logBytes).toBeCloseTo(0.8, 12);
    expect(scaled.dynamoDb).toEqual({ readUnits: 0.4, writeUnits: 1.2 });
  });

  it('adds field by field and keeps SQS actions that only one side has', () => {
    const sum = addUsage(usage, { ...ZERO_USAGE, sqs: { ChangeMessageVisibility: 3 } });
    expect(sum.sqs).toEqual({ SendMessage: 1, ReceiveMessage: 0.5, ChangeMessageVisibility: 3 });
    expect(sqsTotal(sum)).toBe(4.5);
    expect(sum.s3.head).toBe(2);
  });

  it('takes what one usage holds beyond another, a field the baseline overstates counting 0', () => {
    const extra = usageBeyond(
      addUsage(scaleUsage(usage, 10), { ...ZERO_USAGE, s3: { ...ZERO_S3, delete: 3 } }),
      { ...scaleUsage(usage, 9), lambdaGbSeconds: 1, sqs: { SendMessage: 9, DeleteMessage: 2 } },
    );
    expect(extra.s3).toEqual({ get: 1, head: 2, put: 0, list: 0, delete: 3 });
    expect(extra.lambdaGbSeconds).toBe(0);
    expect(extra.sqs).toEqual({ SendMessage: 1, ReceiveMessage: 5, DeleteMessage: 0 });
    expect(extra.dynamoDb.readUnits).toBeCloseTo(0.1, 12);
  });

  it('scaling then pricing equals pricing then scaling', () => {
    expect(priceUsage(scaleUsage(usage, MILLION)).total).toBeCloseTo(
      priceUsage(usage).total * MILLION,
      6,
    );
  });
});
