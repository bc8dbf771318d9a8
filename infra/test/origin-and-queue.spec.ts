import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketCorsConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-cors-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import {
  DEFAULT_MIN_TARGET_DURATION_SECONDS,
  notificationDelaySeconds,
} from '@hls-stale-guard/contract';
import {
  DLQ_MAX_RECEIVE_COUNT,
  queueVisibilityTimeoutSeconds,
} from '../src/constructs/playlist-queue';
import { resources, single, statement, synthStacks } from './synth-helpers';

const ACCOUNT = '${data.aws_caller_identity.caller.account_id}';
const PREFIXES = {
  watchedPrefixes: ['live/', 'events/'],
  segmentExpirationDays: 9,
  noncurrentVersionExpirationDays: 4,
};

describe('origin buckets', () => {
  const { main } = synthStacks({
    watchedPrefixes: ['live/', 'events/'],
    segmentExpirationDays: 9,
    noncurrentVersionExpirationDays: 4,
  });
  const buckets = resources(main.tf, 'aws_s3_bucket');
  const byName = (type: string, name: string) => resources(main.tf, type)[name]!;

  it('exist once per pipeline, named <prefix>-origin-<pipeline>-<account>-<region>', () => {
    expect(Object.values(buckets).map((b) => b.bucket)).toEqual([
      `hls-stale-guard-origin-a-${ACCOUNT}-us-east-1`,
      `hls-stale-guard-origin-b-${ACCOUNT}-us-east-1`,
    ]);
    expect(main.json).toHaveResourceWithProperties(S3Bucket, { force_destroy: false });
  });

  it('block all public access with all four flags', () => {
    for (const name of ['origin-a', 'origin-b']) {
      expect(
        byName('aws_s3_bucket_public_access_block', `${name}_origin_public-access-block`),
      ).toMatchObject({
        bucket: `\${aws_s3_bucket.${name}_origin_bucket.id}`,
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      });
    }
    expect(Object.keys(resources(main.tf, S3BucketPublicAccessBlock.tfResourceType))).toHaveLength(
      2,
    );
  });

  it('enforce bucket-owner ownership (ACLs disabled)', () => {
    expect(main.json).toHaveResourceWithProperties(S3BucketOwnershipControls, {
      rule: { object_ownership: 'BucketOwnerEnforced' },
    });
  });

  it('are encrypted (SSE-S3, bucket keys) and versioned', () => {
    expect(main.json).toHaveResourceWithProperties(S3BucketServerSideEncryptionConfigurationA, {
      rule: [
        {
          apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' },
          bucket_key_enabled: true,
        },
      ],
    });
    expect(main.json).toHaveResourceWithProperties(S3BucketVersioningA, {
      versioning_configuration: { status: 'Enabled' },
    });
  });

  it('deny any request without TLS or with TLS older than 1.2', () => {
    expect(statement(main.tf, /origin-a/, 'DenyInsecureTransport')).toMatchObject({
      Effect: 'Deny',
      Principal: '*',
      Action: ['s3:*'],
      Resource: [
        '${aws_s3_bucket.origin-a_origin_bucket.arn}',
        '${aws_s3_bucket.origin-a_origin_bucket.arn}/*',
      ],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
    expect(statement(main.tf, /origin-b/, 'DenyTlsOlderThan12').Condition).toEqual({
      NumericLessThan: { 's3:TlsVersion': '1.2' },
    });
  });

  it('expire non-current versions after the configured days and clean up delete markers', () => {
    const rules = byName('aws_s3_bucket_lifecycle_configuration', 'origin-a_origin_lifecycle')
      .rule as Record<string, unknown>[];
    expect(rules).toContainEqual(
      expect.objectContaining({
        filter: [{}],
        noncurrent_version_expiration: [{ noncurrent_days: 4 }],
        expiration: [{ expired_object_delete_marker: true }],
        abort_incomplete_multipart_upload: [{ days_after_initiation: 1 }],
        status: 'Enabled',
      }),
    );
  });

  it('expire media under each watched prefix (canary included) after segmentExpirationDays', () => {
    const rules = byName('aws_s3_bucket_lifecycle_configuration', 'origin-b_origin_lifecycle')
      .rule as Record<string, unknown>[];
    const expiring = rules.filter(
      (r) => (r.expiration as { days?: number }[])[0]?.days !== undefined,
    );
    expect(expiring.map((r) => r.filter)).toEqual([
      [{ prefix: 'live/' }],
      [{ prefix: 'events/' }],
      [{ prefix: 'hls-stale-guard-canary/' }],
    ]);
    for (const rule of expiring) expect(rule.expiration).toEqual([{ days: 9 }]);
  });

  it('answer CORS preflights for browser players (GET/HEAD from any origin)', () => {
    expect(main.json).toHaveResourceWithProperties(S3BucketCorsConfiguration, {
      cors_rule: [
        expect.objectContaining({ allowed_methods: ['GET', 'HEAD'], allowed_origins: ['*'] }),
      ],
    });
  });
});

describe('playlist notifications', () => {
  const { main } = synthStacks(PREFIXES);
  const notifications = resources(main.tf, 'aws_s3_bucket_notification');

  it('use one notification resource per bucket (a second would overwrite the first)', () => {
    expect(
      Object.values(notifications)
        .map((n) => n.bucket)
        .sort(),
    ).toEqual([
      '${aws_s3_bucket.origin-a_origin_bucket.id}',
      '${aws_s3_bucket.origin-b_origin_bucket.id}',
    ]);
  });

  it('send ObjectCreated:* for *.m3u8 under each watched prefix to the queue, one config per prefix', () => {
    for (const notification of Object.values(notifications)) {
      expect(notification.queue).toEqual(
        ['live/', 'events/', 'hls-stale-guard-canary/'].map((prefix) =>
          expect.objectContaining({
            events: ['s3:ObjectCreated:*'],
            filter_prefix: prefix,
            filter_suffix: '.m3u8',
            queue_arn: '${aws_sqs_queue.playlist-queue_queue.arn}',
          }),
        ),
      );
    }
  });

  it('are created after the queue policy, the function and its event source (S3 validates the destination on write; the policy needs time to propagate)', () => {
    for (const notification of Object.values(notifications)) {
      expect(notification.depends_on).toEqual([
        'aws_sqs_queue_policy.playlist-queue_queue-policy',
        'aws_lambda_function.stale-checker_function',
        'aws_lambda_event_source_mapping.stale-checker_event-source',
      ]);
    }
  });

  it('are allowed by a queue policy pinned to the buckets (aws:SourceArn) and the account (aws:SourceAccount)', () => {
    expect(statement(main.tf, /queue-policy$/, 'AllowOriginBucketEvents')).toEqual({
      Sid: 'AllowOriginBucketEvents',
      Effect: 'Allow',
      Principal: { Service: 's3.amazonaws.com' },
      Action: ['sqs:SendMessage'],
      Resource: ['${aws_sqs_queue.playlist-queue_queue.arn}'],
      Condition: {
        ArnLike: {
          'aws:SourceArn': [
            '${aws_s3_bucket.origin-a_origin_bucket.arn}',
            '${aws_s3_bucket.origin-b_origin_bucket.arn}',
          ],
        },
        StringEquals: { 'aws:SourceAccount': ACCOUNT },
      },
    });
  });
});

describe('playlist event queue', () => {
  it('is SSE-encrypted and redrives to the DLQ after DLQ_MAX_RECEIVE_COUNT (10) receives', () => {
    const { main } = synthStacks();
    const queue = resources(main.tf, 'aws_sqs_queue')['playlist-queue_queue']!;
    expect(queue).toMatchObject({
      name: 'hls-stale-guard-playlist-events',
      sqs_managed_sse_enabled: true,
    });
    expect(JSON.parse(String(queue.redrive_policy))).toEqual({
      deadLetterTargetArn: '${aws_sqs_queue.playlist-queue_dead-letter-queue.arn}',
      maxReceiveCount: DLQ_MAX_RECEIVE_COUNT,
    });
    // Postponements are receives: 1–3 usual, 10 leaves margin for throttles and transient errors.
    expect(DLQ_MAX_RECEIVE_COUNT).toBeGreaterThanOrEqual(5);
    for (const q of Object.values(resources(main.tf, 'aws_sqs_queue'))) {
      expect(q.sqs_managed_sse_enabled).toBe(true);
    }
  });

  it('keeps dead letters longer than the source queue keeps messages', () => {
    const { main } = synthStacks();
    const queues = resources(main.tf, 'aws_sqs_queue');
    expect(
      Number(queues['playlist-queue_dead-letter-queue']!.message_retention_seconds),
    ).toBeGreaterThan(Number(queues['playlist-queue_queue']!.message_retention_seconds));
  });

  it.each([
    [60, 360, {}],
    [900, 5400, { timeoutSeconds: 900, reconcileIntervalMinutes: 15 }],
  ])(
    'has visibility timeout 6 × function timeout (%i s → %i s)',
    (timeoutSeconds, visibility, overrides) => {
      const { main } = synthStacks(overrides);
      expect(main.json).toHaveResourceWithProperties(SqsQueue, {
        name: 'hls-stale-guard-playlist-events',
        visibility_timeout_seconds: visibility,
      });
      expect(queueVisibilityTimeoutSeconds(timeoutSeconds)).toBe(visibility);
    },
  );

  describe('holds each notification until one batching window before the shortest deadline (DelaySeconds)', () => {
    const delays = (overrides: Record<string, unknown>) => {
      const queues = resources(synthStacks(overrides).main.tf, 'aws_sqs_queue');
      return {
        main: queues['playlist-queue_queue']!.delay_seconds,
        deadLetters: [
          queues['playlist-queue_dead-letter-queue']!.delay_seconds,
          queues['playlist-queue_reconcile-dead-letter-queue']!.delay_seconds,
        ],
      };
    };

    it('by floor(1.5 × 2) − 1 = 2 s with the defaults, and delays no dead letter', () => {
      const { main, deadLetters } = delays({});
      expect(main).toBe(2);
      expect(main).toBe(
        notificationDelaySeconds({
          minTargetDurationSeconds: DEFAULT_MIN_TARGET_DURATION_SECONDS,
          targetDurationMultiple: 1.5,
          batchingWindowSeconds: 1,
        }),
      );
      for (const d of deadLetters) expect(d ?? 0).toBe(0);
    });

    it('by floor(1.5 × 6) − 1 = 8 s for a shortest target duration of 6 s and a 1 s window', () => {
      expect(delays({ minTargetDurationSeconds: 6, batchingWindowSeconds: 1 }).main).toBe(8);
    });

    it('by floor(3 × 4) − 0 = 12 s with multiple 3 and no window', () => {
      expect(
        delays({ minTargetDurationSeconds: 4, targetDurationMultiple: 3, batchingWindowSeconds: 0 })
          .main,
      ).toBe(12);
    });

    it('not at all when minTargetDurationSeconds is null', () => {
      expect(delays({ minTargetDurationSeconds: null }).main).toBe(0);
    });
  });

  it('lets only its own source queue redrive from the DLQ', () => {
    const { main } = synthStacks();
    const allow = single(main.tf, 'aws_sqs_queue_redrive_allow_policy');
    expect(JSON.parse(String(allow.redrive_allow_policy))).toEqual({
      redrivePermission: 'byQueue',
      sourceQueueArns: ['${aws_sqs_queue.playlist-queue_queue.arn}'],
    });
  });
});
