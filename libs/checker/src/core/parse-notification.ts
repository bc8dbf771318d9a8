// zod/mini: the same schemas, tree-shakable (full zod adds ≈ 450 KB to the bundle).
import * as z from 'zod/mini';

/**
 * The shapes of what S3 puts on the queue (docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html).
 * Only the fields the checker needs are required; unknown fields pass.
 */
const S3RecordSchema = z.object({
  eventSource: z.literal('aws:s3'),
  eventTime: z.string(),
  eventName: z.string(),
  s3: z.object({
    bucket: z.object({ name: z.string().check(z.minLength(1)) }),
    object: z.object({
      key: z.string().check(z.minLength(1)),
      size: z.optional(z.int().check(z.gte(0))),
      eTag: z.optional(z.string()),
      sequencer: z.optional(z.string()),
      versionId: z.optional(z.string()),
    }),
  }),
});

const S3EventSchema = z.object({ Records: z.array(z.unknown()) });
const S3TestEventSchema = z.object({ Event: z.literal('s3:TestEvent') });
/** S3 → SNS → SQS without raw message delivery wraps the event in an SNS envelope. */
const SnsEnvelopeSchema = z.object({ Type: z.literal('Notification'), Message: z.string() });

/** A playlist write, decoded. */
export interface ObjectCreated {
  bucket: string;
  /** The decoded key (`+` → space, then percent-decoding). */
  key: string;
  eventName: string;
  /** S3's millisecond time of the write. */
  eventTimeMs: number;
  etag: string;
  sizeBytes?: number;
  sequencer?: string;
}

export type ParsedRecord =
  | { kind: 'object-created'; record: ObjectCreated }
  | { kind: 'ignored'; reason: string; bucket?: string; key?: string }
  | { kind: 'malformed'; reason: string };

export type ParsedMessage =
  | { kind: 'test-event' }
  | { kind: 'records'; records: ParsedRecord[] }
  | { kind: 'malformed'; reason: string };

/**
 * Decodes a key from an S3 event: S3 URL-encodes keys with `+` for a space
 * (docs: "The s3 key provides information about the bucket and object involved in the event. The object
 * key name value is URL encoded."). Returns `undefined` for an invalid percent-encoding.
 *
 * @example decodeS3Key('live/my+channel/%E2%9C%93.m3u8') // 'live/my channel/✓.m3u8'
 */
export function decodeS3Key(encoded: string): string | undefined {
  try {
    return decodeURIComponent(encoded.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

function formatIssues(error: {
  issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>;
}): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}

/** Normalises an S3 ETag to the quoted form S3 returns in HEAD/GET (events carry it unquoted). */
export function quoteEtag(etag: string): string {
  return etag.startsWith('"') || etag.startsWith('W/"') ? etag : `"${etag}"`;
}

export function parseRecord(input: unknown): ParsedRecord {
  const result = S3RecordSchema.safeParse(input);
  if (!result.success) return { kind: 'malformed', reason: formatIssues(result.error) };
  const { eventName, eventTime, s3 } = result.data;
  const key = decodeS3Key(s3.object.key);
  if (key === undefined) {
    return {
      kind: 'malformed',
      reason: `key "${s3.object.key.slice(0, 200)}" is not valid percent-encoding`,
    };
  }
  const bucket = s3.bucket.name;
  if (!eventName.startsWith('ObjectCreated:')) {
    return { kind: 'ignored', reason: `event ${eventName}`, bucket, key };
  }
  const eventTimeMs = Date.parse(eventTime);
  if (!Number.isFinite(eventTimeMs)) {
    return { kind: 'malformed', reason: `eventTime "${eventTime.slice(0, 40)}" is not a date` };
  }
  if (!s3.object.eTag) return { kind: 'ignored', reason: 'no eTag in the record', bucket, key };
  return {
    kind: 'object-created',
    record: {
      bucket,
      key,
      eventName,
      eventTimeMs,
      etag: quoteEtag(s3.object.eTag),
      sizeBytes: s3.object.size,
      sequencer: s3.object.sequencer,
    },
  };
}

/**
 * Parses one SQS message body from the notification queue. Never throws: what does not fit is a value
 * with a reason.
 *
 * @example
 * parseNotification('{"Event":"s3:TestEvent"}') // { kind: 'test-event' }
 */
export function parseNotification(body: string): ParsedMessage {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { kind: 'malformed', reason: `body is not JSON (${body.length} chars)` };
  }
  const envelope = SnsEnvelopeSchema.safeParse(json);
  if (envelope.success) return parseNotification(envelope.data.Message);
  if (S3TestEventSchema.safeParse(json).success) return { kind: 'test-event' };
  const event = S3EventSchema.safeParse(json);
  if (!event.success) {
    return {
      kind: 'malformed',
      reason: `not an S3 event notification: ${formatIssues(event.error)}`,
    };
  }
  if (event.data.Records.length === 0) return { kind: 'malformed', reason: 'Records is empty' };
  return { kind: 'records', records: event.data.Records.map(parseRecord) };
}
