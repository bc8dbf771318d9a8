import { resources, single, statement, synthStacks } from './synth-helpers';

const ADOPTED = ['acme-live-a', 'acme-live-b'];
const ROLE_POLICY = /aws_iam_role_policy\.stale-checker_role-policy/;

describe('origins created by the stack (default)', () => {
  const { main } = synthStacks();

  it('creates both buckets and reads none', () => {
    expect(Object.keys(resources(main.tf, 'aws_s3_bucket'))).toEqual([
      'origin-a_origin_bucket',
      'origin-b_origin_bucket',
    ]);
    expect(main.tf.data?.['aws_s3_bucket']).toBeUndefined();
    expect(main.tf.output['adopted_origin_buckets']?.value).toEqual([]);
    expect(main.tf.output['adopted_bucket_policy_statements']).toBeUndefined();
  });
});

describe('adopted origins with an existing distribution', () => {
  const { main } = synthStacks({
    existingOriginBuckets: ADOPTED,
    distribution: 'existing',
    existingDistributionId: 'E1ABCDEF23456',
  });
  const dataBuckets = main.tf.data?.['aws_s3_bucket'] ?? {};

  it('reads the buckets and creates, modifies or replaces nothing of them (no bucket, policy, lifecycle, versioning, encryption, CORS)', () => {
    expect(Object.values(dataBuckets).map((b) => b.bucket)).toEqual(ADOPTED);
    for (const type of [
      'aws_s3_bucket',
      'aws_s3_bucket_policy',
      'aws_s3_bucket_lifecycle_configuration',
      'aws_s3_bucket_versioning',
      'aws_s3_bucket_server_side_encryption_configuration',
      'aws_s3_bucket_public_access_block',
      'aws_s3_bucket_ownership_controls',
      'aws_s3_bucket_cors_configuration',
    ]) {
      expect({ type, found: Object.keys(resources(main.tf, type)) }).toEqual({ type, found: [] });
    }
  });

  it('adds the playlist notification to each adopted bucket', () => {
    const notifications = Object.values(resources(main.tf, 'aws_s3_bucket_notification'));
    expect(notifications.map((n) => n.bucket)).toEqual([
      '${data.aws_s3_bucket.origin-a_bucket.bucket}',
      '${data.aws_s3_bucket.origin-b_bucket.bucket}',
    ]);
  });

  it('scopes the checker IAM and the queue policy to the adopted buckets', () => {
    expect(statement(main.tf, ROLE_POLICY, 'ListBucketsSoMissingKeysAre404').Resource).toEqual([
      '${data.aws_s3_bucket.origin-a_bucket.arn}',
      '${data.aws_s3_bucket.origin-b_bucket.arn}',
    ]);
    expect(
      statement(main.tf, /queue-policy$/, 'AllowOriginBucketEvents').Condition?.['ArnLike'],
    ).toEqual({
      'aws:SourceArn': [
        '${data.aws_s3_bucket.origin-a_bucket.arn}',
        '${data.aws_s3_bucket.origin-b_bucket.arn}',
      ],
    });
  });

  it('creates no distribution and plays from the existing one', () => {
    expect(resources(main.tf, 'aws_cloudfront_distribution')).toEqual({});
    expect(resources(main.tf, 'aws_cloudfront_origin_access_control')).toEqual({});
    expect(main.tf.data?.['aws_cloudfront_distribution']).toEqual({
      'existing-distribution': expect.objectContaining({ id: 'E1ABCDEF23456' }),
    });
    expect(main.tf.output['playback_domain']?.value).toBe(
      '${data.aws_cloudfront_distribution.existing-distribution.domain_name}',
    );
  });

  it('names the adopted buckets in an output the preflight reads', () => {
    expect(main.tf.output['adopted_origin_buckets']?.value).toEqual(ADOPTED);
    expect(main.tf.output['bucket_names']?.value).toEqual([
      '${data.aws_s3_bucket.origin-a_bucket.bucket}',
      '${data.aws_s3_bucket.origin-b_bucket.bucket}',
    ]);
  });
});

describe('adopted origins with a distribution the stack creates', () => {
  const { main } = synthStacks({ existingOriginBuckets: ADOPTED });

  it('points the distribution at the adopted buckets', () => {
    const origins = single(main.tf, 'aws_cloudfront_distribution').origin as {
      domain_name: string;
    }[];
    expect(origins.map((o) => o.domain_name)).toEqual([
      '${data.aws_s3_bucket.origin-a_bucket.bucket_regional_domain_name}',
      '${data.aws_s3_bucket.origin-b_bucket.bucket_regional_domain_name}',
    ]);
  });

  it('leaves the bucket policies alone and outputs the statements the owner must merge', () => {
    expect(resources(main.tf, 'aws_s3_bucket_policy')).toEqual({});
    const required = main.tf.output['adopted_bucket_policy_statements']?.value as {
      bucket: string;
      statements: { Sid: string }[];
    }[];
    expect(required.map((r) => r.bucket)).toEqual([
      '${data.aws_s3_bucket.origin-a_bucket.bucket}',
      '${data.aws_s3_bucket.origin-b_bucket.bucket}',
    ]);
    for (const r of required) {
      expect(r.statements.map((s) => s.Sid)).toEqual([
        'CloudFrontReadsMedia',
        'CloudFrontSeesMissingKeysAs404',
      ]);
    }
  });
});

describe('no distribution', () => {
  const { main } = synthStacks({ distribution: 'none' });

  it('creates no CloudFront resources and leaves playback_domain empty', () => {
    for (const type of [
      'aws_cloudfront_distribution',
      'aws_cloudfront_origin_access_control',
      'aws_cloudfront_cache_policy',
      'aws_cloudfront_response_headers_policy',
    ]) {
      expect({ type, found: Object.keys(resources(main.tf, type)) }).toEqual({ type, found: [] });
    }
    expect(main.tf.output['playback_domain']?.value).toBe('');
  });

  it('keeps the created buckets private: their policy is TLS-only, with no CloudFront grant', () => {
    const policy = JSON.parse(
      String(resources(main.tf, 'aws_s3_bucket_policy')['origin-a_origin_policy']?.policy),
    ) as { Statement: { Sid?: string; Effect: string }[] };
    expect(policy.Statement.filter((s) => s.Effect === 'Allow')).toEqual([]);
  });
});
