import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SCANNER_RULES, type ScannerRule } from '../src/security/accept-risk';
import { resources, synthStacks, type TerraformJson } from './synth-helpers';

type Resource = Record<string, unknown>;

/** A scanner rule (or a checkov/trivy pair) evaluated on one resource type, as the scanner sees it. */
interface RuleCheck {
  readonly rules: readonly ScannerRule[];
  readonly title: string;
  readonly type: string;
  readonly passes: (tf: TerraformJson, name: string, resource: Resource) => boolean;
}

/** Resources of `type` whose `bucket` argument references the bucket `name`. */
const companions = (tf: TerraformJson, type: string, name: string) =>
  Object.values(resources(tf, type)).filter((r) => r.bucket === `\${aws_s3_bucket.${name}.id}`);
const publicAccessBlock = (flag: string) => (tf: TerraformJson, name: string) =>
  companions(tf, 'aws_s3_bucket_public_access_block', name).some((b) => b[flag] === true);
type Behaviour = Record<string, unknown>;
const behaviours = (d: Resource): Behaviour[] => [
  d.default_cache_behavior as Behaviour,
  ...((d.ordered_cache_behavior as Behaviour[] | undefined) ?? []),
];

const CHECKS: readonly RuleCheck[] = [
  {
    rules: ['CKV_AWS_28', 'AVD-AWS-0024'],
    title: 'DynamoDB point-in-time recovery',
    type: 'aws_dynamodb_table',
    passes: (_tf, _n, t) =>
      (t.point_in_time_recovery as { enabled?: boolean } | undefined)?.enabled === true,
  },
  {
    rules: ['CKV_AWS_119', 'AVD-AWS-0025'],
    title: 'DynamoDB encrypted with a KMS CMK',
    type: 'aws_dynamodb_table',
    passes: (_tf, _n, t) => {
      const sse = t.server_side_encryption as
        { enabled?: boolean; kms_key_arn?: string } | undefined;
      return sse?.enabled === true && typeof sse.kms_key_arn === 'string';
    },
  },
  {
    rules: ['CKV_AWS_18', 'AVD-AWS-0089'],
    title: 'S3 access logging',
    type: 'aws_s3_bucket',
    passes: (tf, name) => companions(tf, 'aws_s3_bucket_logging', name).length > 0,
  },
  {
    rules: ['CKV_AWS_19', 'AVD-AWS-0088'],
    title: 'S3 encryption at rest',
    type: 'aws_s3_bucket',
    passes: (tf, name) =>
      companions(tf, 'aws_s3_bucket_server_side_encryption_configuration', name).some((c) =>
        (c.rule as { apply_server_side_encryption_by_default: { sse_algorithm: string } }[]).some(
          (r) =>
            ['AES256', 'aws:kms'].includes(r.apply_server_side_encryption_by_default.sse_algorithm),
        ),
      ),
  },
  {
    rules: ['CKV_AWS_145'],
    title: 'S3 encryption with a KMS CMK',
    type: 'aws_s3_bucket',
    passes: (tf, name) =>
      companions(tf, 'aws_s3_bucket_server_side_encryption_configuration', name).some((c) =>
        (
          c.rule as { apply_server_side_encryption_by_default: { kms_master_key_id?: string } }[]
        ).some((r) => r.apply_server_side_encryption_by_default.kms_master_key_id !== undefined),
      ),
  },
  {
    rules: ['CKV_AWS_21', 'AVD-AWS-0090'],
    title: 'S3 versioning',
    type: 'aws_s3_bucket',
    passes: (tf, name) =>
      companions(tf, 'aws_s3_bucket_versioning', name).some(
        (v) => (v.versioning_configuration as { status: string }).status === 'Enabled',
      ),
  },
  {
    rules: ['CKV_AWS_53', 'AVD-AWS-0086'],
    title: 'S3 block public ACLs',
    type: 'aws_s3_bucket',
    passes: publicAccessBlock('block_public_acls'),
  },
  {
    rules: ['CKV_AWS_54', 'AVD-AWS-0087'],
    title: 'S3 block public policy',
    type: 'aws_s3_bucket',
    passes: publicAccessBlock('block_public_policy'),
  },
  {
    rules: ['CKV_AWS_55', 'AVD-AWS-0091'],
    title: 'S3 ignore public ACLs',
    type: 'aws_s3_bucket',
    passes: publicAccessBlock('ignore_public_acls'),
  },
  {
    rules: ['CKV_AWS_56', 'AVD-AWS-0093'],
    title: 'S3 restrict public buckets',
    type: 'aws_s3_bucket',
    passes: publicAccessBlock('restrict_public_buckets'),
  },
  {
    rules: ['CKV2_AWS_6', 'AVD-AWS-0094'],
    title: 'S3 bucket has a public access block',
    type: 'aws_s3_bucket',
    passes: (tf, name) => companions(tf, 'aws_s3_bucket_public_access_block', name).length === 1,
  },
  {
    rules: ['AVD-AWS-0092'],
    title: 'S3 no public ACL (ACLs disabled by BucketOwnerEnforced, no ACL resource)',
    type: 'aws_s3_bucket',
    passes: (tf, name) =>
      companions(tf, 'aws_s3_bucket_acl', name).length === 0 &&
      companions(tf, 'aws_s3_bucket_ownership_controls', name).some(
        (o) => (o.rule as { object_ownership: string }).object_ownership === 'BucketOwnerEnforced',
      ),
  },
  {
    rules: ['CKV2_AWS_61'],
    title: 'S3 lifecycle configuration',
    type: 'aws_s3_bucket',
    passes: (tf, name) => companions(tf, 'aws_s3_bucket_lifecycle_configuration', name).length > 0,
  },
  {
    rules: ['CKV2_AWS_62'],
    title: 'S3 event notifications',
    type: 'aws_s3_bucket',
    passes: (tf, name) => companions(tf, 'aws_s3_bucket_notification', name).length > 0,
  },
  {
    rules: ['CKV_AWS_50', 'AVD-AWS-0066'],
    title: 'Lambda X-Ray tracing',
    type: 'aws_lambda_function',
    passes: (_tf, _n, fn) =>
      (fn.tracing_config as { mode?: string } | undefined)?.mode === 'Active',
  },
  {
    rules: ['CKV_AWS_115'],
    title: 'Lambda function-level concurrency limit',
    type: 'aws_lambda_function',
    passes: (_tf, _n, fn) => typeof fn.reserved_concurrent_executions === 'number',
  },
  {
    rules: ['CKV_AWS_116'],
    title: 'Lambda dead-letter queue',
    type: 'aws_lambda_function',
    passes: (_tf, _n, fn) =>
      typeof (fn.dead_letter_config as { target_arn?: string } | undefined)?.target_arn ===
      'string',
  },
  {
    rules: ['CKV_AWS_173'],
    title: 'Lambda environment encrypted with a KMS CMK',
    type: 'aws_lambda_function',
    passes: (_tf, _n, fn) => typeof fn.kms_key_arn === 'string',
  },
  {
    rules: ['CKV_AWS_86', 'AVD-AWS-0010'],
    title: 'CloudFront access logging',
    type: 'aws_cloudfront_distribution',
    passes: (_tf, _n, d) =>
      typeof (d.logging_config as { bucket?: string } | undefined)?.bucket === 'string',
  },
  {
    rules: ['CKV_AWS_68', 'AVD-AWS-0011'],
    title: 'CloudFront WAF',
    type: 'aws_cloudfront_distribution',
    passes: (_tf, _n, d) => typeof d.web_acl_id === 'string',
  },
  {
    rules: ['CKV_AWS_34', 'AVD-AWS-0012'],
    title: 'CloudFront viewers use HTTPS',
    type: 'aws_cloudfront_distribution',
    passes: (_tf, _n, d) =>
      behaviours(d).every((b) =>
        ['https-only', 'redirect-to-https'].includes(String(b.viewer_protocol_policy)),
      ),
  },
  {
    rules: ['CKV_AWS_174', 'AVD-AWS-0013'],
    title: 'CloudFront TLS ≥ 1.2',
    type: 'aws_cloudfront_distribution',
    passes: (_tf, _n, d) =>
      /^TLSv1\.2_20(19|21)$/.test(
        String(
          (d.viewer_certificate as { minimum_protocol_version?: string }).minimum_protocol_version,
        ),
      ),
  },
  {
    rules: ['CKV_AWS_310'],
    title: 'CloudFront origin failover',
    type: 'aws_cloudfront_distribution',
    passes: (_tf, _n, d) => Array.isArray(d.origin_group) && d.origin_group.length > 0,
  },
  {
    rules: ['CKV2_AWS_32'],
    title: 'CloudFront response headers policy',
    type: 'aws_cloudfront_distribution',
    passes: (_tf, _n, d) =>
      behaviours(d).every((b) => typeof b.response_headers_policy_id === 'string'),
  },
  {
    rules: ['CKV2_AWS_46'],
    title: 'CloudFront S3 origins use origin access control',
    type: 'aws_cloudfront_distribution',
    passes: (_tf, _n, d) =>
      (d.origin as { origin_access_control_id?: string }[]).every(
        (o) => typeof o.origin_access_control_id === 'string',
      ),
  },
];

/** The `checkov:skip=` / `trivy:ignore=` comments acceptRisk wrote into a resource's `//` block. */
function exceptions(resource: Resource): string[] {
  return (
    (resource['//'] as { security_exceptions?: string[] } | undefined)?.security_exceptions ?? []
  );
}
const accepted = (resource: Resource, rule: ScannerRule) =>
  exceptions(resource).some(
    (e) => e.startsWith(`checkov:skip=${rule}: `) || e.startsWith(`trivy:ignore=${rule}: `),
  );

const CERTIFICATE =
  'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d';
const WEB_ACL =
  'arn:aws:wafv2:us-east-1:123456789012:global/webacl/players/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d';
const VARIANTS: Record<string, Record<string, unknown>> = {
  default: {},
  'one pipeline, no reserved concurrency': { pipelines: ['a'], reservedConcurrency: null },
  hardened: {
    accessLogBucket: 'my-logs',
    certificateArn: CERTIFICATE,
    webAclArn: WEB_ACL,
    reservedConcurrency: 6,
    tracing: 'active',
  },
};

/** Every resource a check applies to, over both stacks of every variant. */
function subjects(check: RuleCheck) {
  return Object.entries(VARIANTS).flatMap(([variant, overrides]) => {
    const { main, bootstrap } = synthStacks(overrides);
    return [main, bootstrap].flatMap(({ tf }) =>
      Object.entries(resources(tf, check.type)).map(([name, resource]) => ({
        variant,
        tf,
        name,
        resource,
      })),
    );
  });
}

describe('security baseline (checkov and trivy rules): each passes or is accepted next to its resource', () => {
  it.each(CHECKS.map((c) => [`${c.rules.join(', ')}: ${c.title}`, c] as const))(
    '%s',
    (_title, check) => {
      const all = subjects(check);
      expect(all.length).toBeGreaterThan(0);
      for (const { variant, tf, name, resource } of all) {
        const passes = check.passes(tf, name, resource);
        for (const rule of check.rules) {
          const where = `${variant}: ${check.type}.${name} ${rule}`;
          // Passes, or fails with a written exception — and never both (a stale exception hides regressions).
          expect({ where, passesOrAccepted: passes !== accepted(resource, rule) }).toEqual({
            where,
            passesOrAccepted: true,
          });
        }
      }
    },
  );

  it('covers every rule the project tracks', () => {
    const covered = new Set(CHECKS.flatMap((c) => c.rules));
    expect([...covered].sort()).toEqual(Object.keys(SCANNER_RULES).sort());
  });

  it('the hardened config needs only the permanent exceptions (SSE-S3, env KMS, state bucket events)', () => {
    const { main, bootstrap } = synthStacks(VARIANTS.hardened);
    const all = [main, bootstrap].flatMap(({ tf }) =>
      Object.values(tf.resource).flatMap((byName) =>
        Object.values(byName).flatMap((r) => exceptions(r)),
      ),
    );
    const rules = new Set(
      all.map((e) => e.replace(/^(checkov:skip|trivy:ignore)=([^:]+):.*$/, '$2')),
    );
    expect([...rules].sort()).toEqual(['CKV2_AWS_62', 'CKV_AWS_145', 'CKV_AWS_173']);
  });

  it('every exception carries a written reason', () => {
    const { main, bootstrap } = synthStacks();
    const all = [main, bootstrap].flatMap(({ tf }) =>
      Object.values(tf.resource).flatMap((byName) =>
        Object.values(byName).flatMap((r) => exceptions(r)),
      ),
    );
    expect(all.length).toBeGreaterThan(5);
    for (const e of all) expect(e).toMatch(/^(checkov:skip|trivy:ignore)=[A-Z0-9_-]+: .{30,}$/);
  });

  it('every acceptRisk call in the source has a checkov:skip comment right above it', () => {
    const root = join(__dirname, '..', 'src');
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((f) =>
        statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)],
      );
    let calls = 0;
    for (const file of files(root).filter(
      (f) => f.endsWith('.ts') && !f.endsWith('accept-risk.ts'),
    )) {
      const lines = readFileSync(file, 'utf8').split('\n');
      lines.forEach((line, i) => {
        if (!/^\s*acceptRisk\(/.test(line)) return;
        calls += 1;
        const rule = /rules: \['([A-Z0-9_-]+)'/.exec(lines.slice(i, i + 3).join(' '))?.[1];
        expect({ file, line: i + 1, comment: lines[i - 1]?.trim() }).toEqual({
          file,
          line: i + 1,
          comment: expect.stringMatching(new RegExp(`^// checkov:skip=${rule}: .{10,}`)),
        });
      });
    }
    expect(calls).toBeGreaterThanOrEqual(8);
  });
});
