import { Construct } from 'constructs';
import type { S3BucketLifecycleConfigurationRule } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketCorsConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-cors-configuration';
import { S3BucketNotification } from '@cdktf/provider-aws/lib/s3-bucket-notification';
import { PLAYLIST_KEY_SUFFIX } from '@hls-stale-guard/contract';
import type { ITerraformDependable } from 'cdktf';
import type { PolicyStatement } from '../iam/policy-document';
import { PrivateBucket } from './private-bucket';

/** Incomplete multipart uploads (an encoder killed mid-upload) are aborted after a day. */
const ABORT_INCOMPLETE_UPLOAD_DAYS = 1;

/** An origin bucket the stack created ({@link OriginBucket}) or adopted (`AdoptedOriginBucket`). */
export interface Origin {
  readonly bucketName: string;
  readonly bucketArn: string;
  readonly regionalDomainName: string;
  /** Statements this stack needs in the bucket's policy. */
  addPolicyStatements(...statements: PolicyStatement[]): void;
  /** The bucket's event notification: playlist writes under the prefixes → the queue. */
  notifyPlaylistWrites(
    queueArn: string,
    prefixes: readonly string[],
    dependsOn: ITerraformDependable[],
  ): S3BucketNotification;
}

/**
 * `ObjectCreated:*` events for `*.m3u8` (lower case, {@link PLAYLIST_KEY_SUFFIX}: the filter is
 * case-sensitive) under each prefix → the queue. One notification resource per bucket (S3 keeps one
 * notification configuration per bucket: a second would overwrite the first), one queue configuration
 * per prefix (S3 rejects overlapping filters; the config validation rejects overlapping prefixes first).
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-how-to-filtering.html
 */
export function playlistNotification(
  scope: Construct,
  bucket: string,
  queueArn: string,
  prefixes: readonly string[],
  dependsOn: ITerraformDependable[],
): S3BucketNotification {
  return new S3BucketNotification(scope, 'notification', {
    bucket,
    queue: prefixes.map((prefix, index) => ({
      id: `playlist-writes-${index}`,
      queueArn,
      events: ['s3:ObjectCreated:*'],
      filterPrefix: prefix,
      filterSuffix: PLAYLIST_KEY_SUFFIX,
    })),
    dependsOn,
  });
}

/** Props of {@link OriginBucket}. */
export interface OriginBucketProps {
  readonly bucketName: string;
  /** Watched prefixes including the canary prefix. */
  readonly prefixes: readonly string[];
  readonly segmentExpirationDays: number;
  readonly noncurrentVersionExpirationDays: number;
  readonly accessLogBucket: string | null;
}

/**
 * The lifecycle of an origin bucket. S3 lifecycle filters match prefixes (and tags, sizes), not
 * suffixes, so "expire segments, keep playlists" cannot be said. Instead every object under a watched
 * prefix expires N days after its last write: a live playlist is rewritten every few seconds, so its
 * current version is always younger than N days; one untouched for N days is long stale (the checker
 * deleted it at 1.5 × TARGETDURATION). VOD playlists (ENDLIST) under a watched prefix expire too —
 * archive them elsewhere or raise `segmentExpirationDays`. Non-current versions (a deleted playlist
 * becomes one, behind a delete marker) expire after a few days: long enough to restore a wrong delete
 * with `aws s3api delete-object --version-id <marker>`, short enough that versions of a playlist
 * rewritten every 2 s do not pile up.
 *
 * @example
 * originLifecycleRules({ prefixes: ['live/'], segmentExpirationDays: 7, noncurrentVersionExpirationDays: 3 });
 */
function originLifecycleRules(
  props: Pick<
    OriginBucketProps,
    'prefixes' | 'segmentExpirationDays' | 'noncurrentVersionExpirationDays'
  >,
): S3BucketLifecycleConfigurationRule[] {
  return [
    {
      id: 'expire-noncurrent-versions',
      status: 'Enabled',
      filter: [{}],
      noncurrentVersionExpiration: [{ noncurrentDays: props.noncurrentVersionExpirationDays }],
      expiration: [{ expiredObjectDeleteMarker: true }],
      abortIncompleteMultipartUpload: [{ daysAfterInitiation: ABORT_INCOMPLETE_UPLOAD_DAYS }],
    },
    ...props.prefixes.map((prefix, index) => ({
      id: `expire-media-${index}`,
      status: 'Enabled',
      filter: [{ prefix }],
      expiration: [{ days: props.segmentExpirationDays }],
    })),
  ];
}

/**
 * One encoder pipeline's origin: a {@link PrivateBucket} with the media lifecycle and a CORS rule for
 * browser players' preflight requests (CloudFront forwards OPTIONS; S3 answers it only with a CORS
 * configuration).
 *
 * @example
 * const origin = new OriginBucket(this, 'origin-a', { bucketName, prefixes, segmentExpirationDays: 7, noncurrentVersionExpirationDays: 3, accessLogBucket: null });
 * origin.notifyPlaylistWrites(queue.arn, prefixes, [queuePolicy]);
 */
export class OriginBucket extends Construct implements Origin {
  readonly origin: PrivateBucket;

  constructor(scope: Construct, id: string, props: OriginBucketProps) {
    super(scope, id);
    this.origin = new PrivateBucket(this, 'origin', {
      bucketName: props.bucketName,
      lifecycleRules: originLifecycleRules(props),
      accessLogBucket: props.accessLogBucket,
      sseS3Rationale:
        'SSE-S3 instead of a KMS CMK: the objects are media served publicly through CloudFront; a CMK adds a KMS call per origin fetch (cost, request quotas) and protects nothing secret',
    });
    new S3BucketCorsConfiguration(this, 'cors', {
      bucket: this.origin.bucket.id,
      corsRule: [
        {
          allowedMethods: ['GET', 'HEAD'],
          allowedOrigins: ['*'],
          allowedHeaders: ['*'],
          maxAgeSeconds: 600,
        },
      ],
    });
  }

  get bucketName(): string {
    return this.origin.bucket.bucket;
  }

  get bucketArn(): string {
    return this.origin.bucket.arn;
  }

  get regionalDomainName(): string {
    return this.origin.bucket.bucketRegionalDomainName;
  }

  addPolicyStatements(...statements: PolicyStatement[]): void {
    this.origin.addPolicyStatements(...statements);
  }

  /** See {@link playlistNotification}. */
  notifyPlaylistWrites(
    queueArn: string,
    prefixes: readonly string[],
    dependsOn: ITerraformDependable[],
  ) {
    return playlistNotification(this, this.origin.bucket.id, queueArn, prefixes, dependsOn);
  }
}
