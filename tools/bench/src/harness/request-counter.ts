import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { classifyCommand, S3Operation } from './classify-command';

/** One S3 DeleteObject, with the version it asked for. */
export interface DeleteRecord {
  bucket: string;
  key: string;
  /** The `If-Match` ETag sent with the DELETE (quoted, as S3 returns ETags). */
  ifMatch?: string;
  status: number;
  /** When the HTTP request left and when its answer came back (epoch ms). */
  requestMs: number;
  responseMs: number;
}

/** Requests sent, by billable class. */
export interface RequestCounts {
  s3: Record<S3Operation, number>;
  sqs: Record<string, number>;
  /** The playlist registry's DynamoDB requests, by action (Scan, UpdateItem, GetItem, PutItem, …). */
  dynamodb: Record<string, number>;
  other: number;
  /** Response body bytes of S3 object GETs (what the checker reads from S3). */
  s3GetBytes: number;
  /** Response bytes of DynamoDB Scans (a Scan is billed for the bytes it reads, not per request). */
  dynamodbScanBytes: number;
  /**
   * ReceiveMessage answers without a message, counted apart from `sqs.ReceiveMessage` (which counts the
   * ones that delivered). fauxqs answers every waiting long poll when one message arrives (all but one
   * empty); SQS answers empty only when the wait time expires
   * (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-short-and-long-polling.html),
   * so these are a local artifact, priced instead as idle long polling.
   */
  emptyReceives: number;
}

interface HttpResponseLike {
  statusCode?: number;
  headers?: Record<string, string | undefined>;
}

interface MiddlewareContext {
  clientName?: string;
  commandName?: string;
}

type Handler = (args: {
  input: Record<string, unknown>;
}) => Promise<{ response: unknown; output?: unknown }>;

interface StackClient {
  middlewareStack: {
    add(
      middleware: (next: Handler, context: MiddlewareContext) => Handler,
      options: { step: 'deserialize'; name: string; priority: 'high' },
    ): void;
  };
}

export const emptyRequestCounts = (): RequestCounts => ({
  s3: Object.fromEntries(Object.values(S3Operation).map((op) => [op, 0])) as Record<
    S3Operation,
    number
  >,
  sqs: {},
  dynamodb: {},
  other: 0,
  s3GetBytes: 0,
  dynamodbScanBytes: 0,
  emptyReceives: 0,
});

/**
 * Counts every HTTP request the attached SDK clients send, by billable class (S3 GET/HEAD/PUT/LIST/
 * DELETE, SQS by action), retries included: the middleware sits in the `deserialize` step, below the
 * retry strategy, so it sees each attempt. It also keeps every DeleteObject with its `If-Match` and
 * timing, to judge each deletion afterwards. In-process: no proxy hop between the checker and S3.
 *
 * @example
 * const counter = new RequestCounter();
 * counter.attach(checkerS3);
 * counter.counts().s3.head;
 */
/** The `dynamodb` count of GetItem requests without `ConsistentRead` (half a read unit each). */
export const EVENTUALLY_CONSISTENT_GET_ITEM = 'GetItem (eventually consistent)';

export class RequestCounter {
  private readonly totals = emptyRequestCounts();
  private readonly deleteRecords: DeleteRecord[] = [];

  attach(client: S3Client | SQSClient | DynamoDBClient): void {
    (client as unknown as StackClient).middlewareStack.add(
      (next, context) => async (args) => {
        const requestMs = Date.now();
        let response: HttpResponseLike | undefined;
        let messages: number | undefined;
        try {
          const out = await next(args);
          response = out.response as HttpResponseLike;
          messages = (out.output as { Messages?: unknown[] } | undefined)?.Messages?.length ?? 0;
          return out;
        } catch (error) {
          response = (error as { $response?: HttpResponseLike }).$response;
          throw error;
        } finally {
          this.record(context, args.input, response, requestMs, messages);
        }
      },
      { step: 'deserialize', name: 'benchRequestCounter', priority: 'high' },
    );
  }

  counts(): RequestCounts {
    return {
      s3: { ...this.totals.s3 },
      sqs: { ...this.totals.sqs },
      dynamodb: { ...this.totals.dynamodb },
      other: this.totals.other,
      s3GetBytes: this.totals.s3GetBytes,
      dynamodbScanBytes: this.totals.dynamodbScanBytes,
      emptyReceives: this.totals.emptyReceives,
    };
  }

  deletes(): readonly DeleteRecord[] {
    return this.deleteRecords;
  }

  private record(
    context: MiddlewareContext,
    input: Record<string, unknown>,
    response: HttpResponseLike | undefined,
    requestMs: number,
    messages: number | undefined,
  ): void {
    const klass = classifyCommand(context.clientName ?? '', context.commandName ?? '');
    if (klass.service === 'sqs' && klass.action === 'ReceiveMessage' && messages === 0) {
      this.totals.emptyReceives += 1;
      return;
    }
    if (klass.service === 'sqs') {
      this.totals.sqs[klass.action] = (this.totals.sqs[klass.action] ?? 0) + 1;
      return;
    }
    if (klass.service === 'dynamodb') {
      // An eventually consistent GetItem costs half a read unit: counted apart.
      const action =
        klass.action === 'GetItem' && input['ConsistentRead'] !== true
          ? EVENTUALLY_CONSISTENT_GET_ITEM
          : klass.action;
      this.totals.dynamodb[action] = (this.totals.dynamodb[action] ?? 0) + 1;
      if (klass.action === 'Scan') {
        this.totals.dynamodbScanBytes += Number(response?.headers?.['content-length'] ?? 0) || 0;
      }
      return;
    }
    if (klass.service === 'other') {
      this.totals.other += 1;
      return;
    }
    this.totals.s3[klass.operation] += 1;
    if (klass.operation === S3Operation.Get) {
      this.totals.s3GetBytes += Number(response?.headers?.['content-length'] ?? 0) || 0;
    }
    if (klass.operation === S3Operation.Delete) {
      this.deleteRecords.push({
        bucket: String(input['Bucket']),
        key: String(input['Key']),
        ifMatch: typeof input['IfMatch'] === 'string' ? input['IfMatch'] : undefined,
        status: response?.statusCode ?? 0,
        requestMs,
        responseMs: Date.now(),
      });
    }
  }
}
