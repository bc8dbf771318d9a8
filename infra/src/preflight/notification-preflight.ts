/**
 * Preflight for adopted origin buckets (pure core). S3 keeps ONE notification configuration per bucket,
 * and `aws_s3_bucket_notification` replaces it whole
 * (https://registry.terraform.io/providers/hashicorp/aws/6.25.0/docs/resources/s3_bucket_notification,
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketNotificationConfiguration.html): applying
 * the stack to a bucket whose owner already sends events somewhere would silently cut the owner's
 * notifications. The preflight reads each adopted bucket's configuration before apply and refuses
 * unless it is empty or is exactly what this stack writes.
 */

/** The parts of a GetBucketNotificationConfiguration answer the preflight looks at (SDK-free). */
export interface NotificationConfigurationView {
  readonly QueueConfigurations?: readonly { readonly Id?: string; readonly QueueArn?: string }[];
  readonly TopicConfigurations?: readonly { readonly Id?: string; readonly TopicArn?: string }[];
  readonly LambdaFunctionConfigurations?: readonly {
    readonly Id?: string;
    readonly LambdaFunctionArn?: string;
  }[];
  readonly EventBridgeConfiguration?: object;
}

/** What this stack's notification looks like: queue configurations `playlist-writes-<n>` to its queue. */
export interface OwnNotification {
  /** `<namePrefix>-playlist-events` */
  readonly queueName: string;
  readonly region: string;
}

/** The verdict on one bucket. */
export type BucketVerdict =
  | { readonly bucket: string; readonly ok: true; readonly state: 'empty' | 'ours' }
  | { readonly bucket: string; readonly ok: false; readonly foreign: readonly string[] };

/** The configuration ids this stack writes (see `playlistNotification`). */
const OWN_ID = /^playlist-writes-\d+$/;

/**
 * Judges one bucket's notification configuration: `empty`, `ours` (only this stack's queue
 * configurations), or not ours, listing each foreign entry.
 *
 * @example
 * judgeNotificationConfiguration('acme-live-a', { TopicConfigurations: [{ Id: 'x', TopicArn: 'arn:…' }] }, own);
 * // { bucket: 'acme-live-a', ok: false, foreign: ['topic configuration "x" → arn:…'] }
 */
export function judgeNotificationConfiguration(
  bucket: string,
  configuration: NotificationConfigurationView,
  own: OwnNotification,
): BucketVerdict {
  const ownQueue = new RegExp(
    `^arn:aws[a-z-]*:sqs:${escape(own.region)}:\\d{12}:${escape(own.queueName)}$`,
  );
  const foreign: string[] = [];
  let ours = 0;
  for (const q of configuration.QueueConfigurations ?? []) {
    if (OWN_ID.test(q.Id ?? '') && ownQueue.test(q.QueueArn ?? '')) ours += 1;
    else foreign.push(`queue configuration "${q.Id ?? '(no id)'}" → ${q.QueueArn ?? '?'}`);
  }
  for (const t of configuration.TopicConfigurations ?? []) {
    foreign.push(`topic configuration "${t.Id ?? '(no id)'}" → ${t.TopicArn ?? '?'}`);
  }
  for (const l of configuration.LambdaFunctionConfigurations ?? []) {
    foreign.push(`Lambda configuration "${l.Id ?? '(no id)'}" → ${l.LambdaFunctionArn ?? '?'}`);
  }
  if (configuration.EventBridgeConfiguration !== undefined) {
    foreign.push('Amazon EventBridge delivery is enabled');
  }
  if (foreign.length > 0) return { bucket, ok: false, foreign };
  return { bucket, ok: true, state: ours > 0 ? 'ours' : 'empty' };
}

/** Exit codes of the preflight command. */
export const PreflightExit = {
  /** Every adopted bucket is empty or ours (or there are none). */
  ok: 0,
  /** At least one bucket has a configuration that is not ours: do not apply. */
  foreign: 1,
  /** A bucket could not be read (credentials, permissions, missing bucket). */
  unreadable: 2,
} as const;

/** A bucket whose configuration could not be read. */
export interface UnreadableBucket {
  readonly bucket: string;
  readonly error: string;
}

/**
 * The report and exit code for all buckets: refuses (exit 1) when any bucket is not ours, and says
 * exactly what would be overwritten and what to do.
 *
 * @example
 * const { exitCode, text } = preflightReport([verdict], []);
 */
export function preflightReport(
  verdicts: readonly BucketVerdict[],
  unreadable: readonly UnreadableBucket[],
): { exitCode: number; text: string } {
  const lines: string[] = [];
  for (const v of verdicts) {
    if (v.ok) {
      lines.push(
        `ok       ${v.bucket}: ${v.state === 'empty' ? 'no notification configuration' : 'only this stack’s notification'}`,
      );
    } else {
      lines.push(`REFUSED  ${v.bucket}: its notification configuration is not this stack’s:`);
      for (const f of v.foreign) lines.push(`           - ${f}`);
    }
  }
  for (const u of unreadable)
    lines.push(`ERROR    ${u.bucket}: cannot read the notification configuration: ${u.error}`);

  const refused = verdicts.filter((v) => !v.ok);
  if (refused.length > 0) {
    lines.push(
      '',
      'S3 keeps one notification configuration per bucket and the stack would replace it, cutting the',
      'deliveries above. Move them elsewhere first (for example enable Amazon EventBridge delivery on a',
      'bucket you own and route from there), or do not adopt this bucket. Nothing was changed.',
    );
    return { exitCode: PreflightExit.foreign, text: lines.join('\n') };
  }
  if (unreadable.length > 0) return { exitCode: PreflightExit.unreadable, text: lines.join('\n') };
  if (verdicts.length === 0)
    lines.push('no adopted origin buckets (existingOriginBuckets is null): nothing to check');
  return { exitCode: PreflightExit.ok, text: lines.join('\n') };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
