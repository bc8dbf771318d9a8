/** S3 requests by the price class they are billed in. */
export interface S3Requests {
  get: number;
  head: number;
  put: number;
  list: number;
  delete: number;
}

/** DynamoDB on-demand request units (the playlist registry). */
interface DynamoDbUnits {
  readUnits: number;
  writeUnits: number;
}

/**
 * Billable usage of one run (or of one upload, or one month) that grows with the work: everything the
 * stale guard causes on the AWS bill per request. The encoder's own PUTs are not part of it (the origin
 * pays for them with or without the guard). Fixed monthly items (custom metrics, alarms, the dashboard,
 * the KMS key, X-Ray's per-second sampling) are priced by `monthly-scaling.ts`.
 */
export interface Usage {
  s3: S3Requests;
  /** SQS requests by API action (SendMessage, ReceiveMessage, ChangeMessageVisibility, …). */
  sqs: Readonly<Record<string, number>>;
  lambdaInvocations: number;
  /** Billed duration × configured memory. */
  lambdaGbSeconds: number;
  dynamoDb: DynamoDbUnits;
  /** CloudWatch Logs ingested: each line's bytes + the per-event overhead (EMF metric lines included). */
  logBytes: number;
}

export const ZERO_S3: S3Requests = { get: 0, head: 0, put: 0, list: 0, delete: 0 };

export const ZERO_USAGE: Usage = {
  s3: ZERO_S3,
  sqs: {},
  lambdaInvocations: 0,
  lambdaGbSeconds: 0,
  dynamoDb: { readUnits: 0, writeUnits: 0 },
  logBytes: 0,
};

/** Total SQS requests across actions. */
export function sqsTotal(usage: Pick<Usage, 'sqs'>): number {
  return Object.values(usage.sqs).reduce((sum, n) => sum + n, 0);
}

/** `f` applied to every field of `usage`. */
function mapUsage(usage: Usage, f: (value: number) => number): Usage {
  return {
    s3: {
      get: f(usage.s3.get),
      head: f(usage.s3.head),
      put: f(usage.s3.put),
      list: f(usage.s3.list),
      delete: f(usage.s3.delete),
    },
    sqs: Object.fromEntries(Object.entries(usage.sqs).map(([k, v]) => [k, f(v)])),
    lambdaInvocations: f(usage.lambdaInvocations),
    lambdaGbSeconds: f(usage.lambdaGbSeconds),
    dynamoDb: { readUnits: f(usage.dynamoDb.readUnits), writeUnits: f(usage.dynamoDb.writeUnits) },
    logBytes: f(usage.logBytes),
  };
}

/** `usage × factor`, field by field (per upload, per million, per month). */
export function scaleUsage(usage: Usage, factor: number): Usage {
  return mapUsage(usage, (v) => v * factor);
}

/** `a + b`, field by field. */
export function addUsage(a: Usage, b: Usage): Usage {
  const actions = new Set([...Object.keys(a.sqs), ...Object.keys(b.sqs)]);
  return {
    s3: {
      get: a.s3.get + b.s3.get,
      head: a.s3.head + b.s3.head,
      put: a.s3.put + b.s3.put,
      list: a.s3.list + b.s3.list,
      delete: a.s3.delete + b.s3.delete,
    },
    sqs: Object.fromEntries(
      [...actions].map((action) => [action, (a.sqs[action] ?? 0) + (b.sqs[action] ?? 0)]),
    ),
    lambdaInvocations: a.lambdaInvocations + b.lambdaInvocations,
    lambdaGbSeconds: a.lambdaGbSeconds + b.lambdaGbSeconds,
    dynamoDb: {
      readUnits: a.dynamoDb.readUnits + b.dynamoDb.readUnits,
      writeUnits: a.dynamoDb.writeUnits + b.dynamoDb.writeUnits,
    },
    logBytes: a.logBytes + b.logBytes,
  };
}

/**
 * What `a` holds beyond `b`, field by field, never below 0: the extra a set of events caused over a
 * baseline measured apart (a field the baseline overestimates counts 0, not a refund).
 */
export function usageBeyond(a: Usage, b: Usage): Usage {
  return mapUsage(addUsage(a, scaleUsage(b, -1)), (v) => Math.max(0, v));
}
