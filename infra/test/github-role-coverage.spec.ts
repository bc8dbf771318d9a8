/**
 * The GitHub roles can plan and apply every resource the main stack synthesizes: for each resource
 * type, the calls AWS provider 6.25 makes to refresh it (plan and deploy roles) and to tag it on create
 * (deploy role). The resource types come from the synthesized main stack, so a resource type added to
 * it fails here until its permissions are listed below and granted in `src/iam/`.
 */
import * as path from 'node:path';
import type { PolicyStatement } from '../src/iam/policy-document';
import { PROJECT_TAG_KEY } from '../src/naming';
import { iamMatches } from './iam-matching';
import { roleStatements } from './role-statements';
import { resources, synthStacks, type TerraformJson } from './synth-helpers';

const ACCOUNT = '${data.aws_caller_identity.caller.account_id}';
const REGION = 'us-east-1';
const VARIANTS: Record<string, unknown>[] = [
  {},
  { alarmEmails: ['oncall@example.com'], accessLogBucket: 'my-logs' },
  { pipelines: ['a'], reservedConcurrency: null, watchedPrefixes: ['live/', 'events/'] },
];

type Resource = Record<string, unknown>;

/** The ARN a main-stack resource will have (ids AWS makes up are stood in by fixed examples). */
function arnOf(tf: TerraformJson, type: string, r: Resource): string | undefined {
  const at = (service: string, rest: string) => `arn:aws:${service}:${REGION}:${ACCOUNT}:${rest}`;
  switch (type) {
    case 'aws_s3_bucket':
      return `arn:aws:s3:::${String(r.bucket)}`;
    case 'aws_sqs_queue':
      return at('sqs', String(r.name));
    case 'aws_lambda_function':
      return at('lambda', `function:${String(r.function_name)}`);
    case 'aws_lambda_event_source_mapping':
      return at('lambda', 'event-source-mapping:14e0db71-5d35-4eb5-b481-8945cf9d10c2');
    case 'aws_cloudwatch_log_group':
      return at('logs', `log-group:${String(r.name)}`);
    case 'aws_iam_role':
      return `arn:aws:iam::${ACCOUNT}:role${String(r.path ?? '/')}${String(r.name)}`;
    case 'aws_iam_policy':
      return `arn:aws:iam::${ACCOUNT}:policy${String(r.path ?? '/')}${String(r.name)}`;
    case 'aws_cloudwatch_event_rule':
      return at('events', `rule/${String(r.name)}`);
    case 'aws_sns_topic':
      return at('sns', String(r.name));
    case 'aws_cloudwatch_metric_alarm':
      return at('cloudwatch', `alarm:${String(r.alarm_name)}`);
    case 'aws_cloudwatch_dashboard':
      return `arn:aws:cloudwatch::${ACCOUNT}:dashboard/${String(r.dashboard_name)}`;
    case 'aws_kms_key':
      return at('kms', 'key/1234abcd-12ab-34cd-56ef-1234567890ab');
    case 'aws_dynamodb_table':
      return at('dynamodb', `table/${String(r.name)}`);
    case 'aws_cloudfront_distribution':
      return `arn:aws:cloudfront::${ACCOUNT}:distribution/EDFDVBD6EXAMPLE`;
    case 'aws_cloudfront_cache_policy':
      return `arn:aws:cloudfront::${ACCOUNT}:cache-policy/2e54312d-136d-493c-8eb9-b001f22f67d2`;
    case 'aws_cloudfront_response_headers_policy':
      return `arn:aws:cloudfront::${ACCOUNT}:response-headers-policy/67f7725c-6f97-4210-82d7-5512b31e9d03`;
    case 'aws_cloudfront_origin_access_control':
      return `arn:aws:cloudfront::${ACCOUNT}:origin-access-control/E2QWRUHAPOMQZL`;
    default:
      return undefined;
  }
}

/** The ARN of the resource a `${aws_x.name.attribute}` reference points at. */
function arnOfReference(tf: TerraformJson, reference: unknown): string {
  const match = /^\$\{(aws_[a-z0-9_]+)\.([A-Za-z0-9_-]+)\.[a-z_]+\}$/.exec(String(reference));
  if (!match) throw new Error(`not a resource reference: ${String(reference)}`);
  const [, type, name] = match as unknown as [string, string, string];
  const arn = arnOf(tf, type, resources(tf, type)[name]!);
  if (!arn) throw new Error(`no ARN for ${type}.${name}`);
  return arn;
}

type Calls = (tf: TerraformJson, r: Resource, self: string) => [string, string][];
const on =
  (actions: string[]): Calls =>
  (_tf, _r, self) =>
    actions.map((a) => [a, self]);
const onReferenced =
  (attribute: string, actions: string[]): Calls =>
  (tf, r) =>
    actions.map((a) => [a, arnOfReference(tf, r[attribute])]);

/** What Terraform's refresh calls per resource type (AWS provider 6.25), on which ARN. */
const REFRESH_CALLS: Record<string, Calls> = {
  aws_s3_bucket: on([
    's3:ListBucket', // HeadBucket
    's3:GetBucketLocation',
    's3:GetBucketPolicy',
    's3:GetBucketAcl',
    's3:GetBucketCORS',
    's3:GetBucketWebsite',
    's3:GetBucketVersioning',
    's3:GetAccelerateConfiguration',
    's3:GetBucketRequestPayment',
    's3:GetBucketLogging',
    's3:GetLifecycleConfiguration',
    's3:GetReplicationConfiguration',
    's3:GetEncryptionConfiguration',
    's3:GetBucketObjectLockConfiguration',
    's3:GetBucketTagging',
  ]),
  aws_s3_bucket_public_access_block: onReferenced('bucket', ['s3:GetBucketPublicAccessBlock']),
  aws_s3_bucket_ownership_controls: onReferenced('bucket', ['s3:GetBucketOwnershipControls']),
  aws_s3_bucket_server_side_encryption_configuration: onReferenced('bucket', [
    's3:GetEncryptionConfiguration',
  ]),
  aws_s3_bucket_versioning: onReferenced('bucket', ['s3:GetBucketVersioning']),
  aws_s3_bucket_lifecycle_configuration: onReferenced('bucket', ['s3:GetLifecycleConfiguration']),
  aws_s3_bucket_logging: onReferenced('bucket', ['s3:GetBucketLogging']),
  aws_s3_bucket_policy: onReferenced('bucket', ['s3:GetBucketPolicy']),
  aws_s3_bucket_cors_configuration: onReferenced('bucket', ['s3:GetBucketCORS']),
  aws_s3_bucket_notification: onReferenced('bucket', ['s3:GetBucketNotification']),
  aws_sqs_queue: on(['sqs:GetQueueAttributes', 'sqs:ListQueueTags']),
  aws_sqs_queue_policy: onReferenced('queue_url', ['sqs:GetQueueAttributes']),
  aws_sqs_queue_redrive_allow_policy: onReferenced('queue_url', ['sqs:GetQueueAttributes']),
  aws_cloudwatch_log_group: (_tf, _r, self) => [
    ['logs:DescribeLogGroups', `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:*`],
    ['logs:ListTagsForResource', self],
  ],
  aws_iam_role: on(['iam:GetRole', 'iam:ListRolePolicies', 'iam:ListAttachedRolePolicies']),
  aws_iam_role_policy: onReferenced('role', ['iam:GetRolePolicy']),
  aws_iam_policy: on(['iam:GetPolicy', 'iam:GetPolicyVersion']),
  aws_lambda_function: on([
    'lambda:GetFunction',
    'lambda:GetFunctionCodeSigningConfig',
    'lambda:ListVersionsByFunction',
    'lambda:ListTags',
  ]),
  aws_lambda_event_source_mapping: on(['lambda:GetEventSourceMapping', 'lambda:ListTags']),
  aws_lambda_permission: onReferenced('function_name', ['lambda:GetPolicy']),
  aws_lambda_function_event_invoke_config: onReferenced('function_name', [
    'lambda:GetFunctionEventInvokeConfig',
  ]),
  aws_cloudwatch_event_rule: on(['events:DescribeRule', 'events:ListTagsForResource']),
  aws_cloudwatch_event_target: onReferenced('rule', ['events:ListTargetsByRule']),
  aws_cloudfront_distribution: on(['cloudfront:GetDistribution', 'cloudfront:ListTagsForResource']),
  aws_cloudfront_cache_policy: on(['cloudfront:GetCachePolicy']),
  aws_cloudfront_response_headers_policy: on(['cloudfront:GetResponseHeadersPolicy']),
  aws_cloudfront_origin_access_control: on(['cloudfront:GetOriginAccessControl']),
  aws_kms_key: on([
    'kms:DescribeKey',
    'kms:GetKeyPolicy',
    'kms:GetKeyRotationStatus',
    'kms:ListResourceTags',
  ]),
  aws_sns_topic: on(['sns:GetTopicAttributes', 'sns:ListTagsForResource']),
  aws_sns_topic_policy: onReferenced('arn', ['sns:GetTopicAttributes']),
  aws_sns_topic_subscription: (tf, r) => [
    [
      'sns:GetSubscriptionAttributes',
      `${arnOfReference(tf, r.topic_arn)}:0d3b4a36-6c3c-4a3e-9f1c-9f3d5e0b8f11`,
    ],
  ],
  aws_cloudwatch_metric_alarm: on(['cloudwatch:DescribeAlarms', 'cloudwatch:ListTagsForResource']),
  aws_cloudwatch_dashboard: on(['cloudwatch:GetDashboard']),
  aws_dynamodb_table: on([
    'dynamodb:DescribeTable',
    'dynamodb:DescribeTimeToLive',
    'dynamodb:DescribeContinuousBackups',
    'dynamodb:ListTagsOfResource',
  ]),
};

/** What Terraform calls to read each data source type of the main stack (per role), on which ARN. */
const DATA_SOURCE_CALLS: Record<
  string,
  (r: Resource, role: 'plan' | 'deploy') => [string, string][]
> = {
  // sts:GetCallerIdentity needs no permission.
  // https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
  aws_caller_identity: () => [],
  // Turns the assumed-role session ARN into the role's ARN (reads the caller's own role).
  aws_iam_session_context: (_r, role) => [
    ['iam:GetRole', `arn:aws:iam::${ACCOUNT}:role/hls-stale-guard-github-${role}`],
  ],
  // An existing bucket the stack attaches to: HeadBucket.
  aws_s3_bucket: (r) => [['s3:ListBucket', `arn:aws:s3:::${String(r.bucket)}`]],
  aws_cloudfront_distribution: (r) => [
    ['cloudfront:GetDistribution', `arn:aws:cloudfront::${ACCOUNT}:distribution/${String(r.id)}`],
  ],
};

/**
 * The permission a create call with tags needs (AWS provider 6 sends `default_tags` in the create call).
 * https://docs.aws.amazon.com/lambda/latest/dg/tags-esm.html and each service's tagging page.
 */
const TAG_ON_CREATE: Record<string, string[]> = {
  aws_s3_bucket: ['s3:TagResource'],
  aws_sqs_queue: ['sqs:TagQueue'],
  aws_lambda_function: ['lambda:TagResource'],
  aws_lambda_event_source_mapping: ['lambda:TagResource'],
  aws_cloudwatch_log_group: ['logs:TagResource'],
  aws_iam_role: ['iam:TagRole'],
  aws_iam_policy: ['iam:TagPolicy'],
  aws_cloudwatch_event_rule: ['events:TagResource'],
  aws_sns_topic: ['sns:TagResource'],
  aws_cloudwatch_metric_alarm: ['cloudwatch:TagResource'],
  aws_kms_key: ['kms:TagResource'],
  aws_dynamodb_table: ['dynamodb:TagResource'],
  aws_cloudfront_distribution: ['cloudfront:TagResource'],
};

/** Whether the provider's resource class has a `tags` argument (then `default_tags` are sent on create). */
function isTaggable(type: string): boolean {
  const modulePath = path.join(
    '@cdktf/provider-aws/lib',
    type.replace(/^aws_/, '').replace(/_/g, '-'),
  );
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the provider module by resource type
  const exported = require(modulePath) as Record<
    string,
    { tfResourceType?: string; prototype?: object }
  >;
  const resourceClass = Object.values(exported).find((c) => c?.tfResourceType === type);
  if (!resourceClass?.prototype) throw new Error(`no provider class for ${type}`);
  return 'tags' in resourceClass.prototype;
}

/**
 * Whether an Allow statement grants `action` on `arn` in a request carrying `context` (condition keys
 * this suite knows; a statement with any other condition does not count as granting).
 */
function grants(s: PolicyStatement, action: string, arn: string, context: Record<string, string>) {
  if (s.Effect !== 'Allow') return false;
  if (!(s.Action ?? []).some((a) => iamMatches(a, action, true))) return false;
  if (!(s.Resource ?? []).some((r) => iamMatches(r, arn))) return false;
  return Object.entries(s.Condition ?? {}).every(
    ([operator, keys]) =>
      (operator === 'StringEquals' || operator === 'ArnLike') &&
      Object.entries(keys).every(([key, value]) =>
        (Array.isArray(value) ? value : [String(value)]).some((v) =>
          operator === 'ArnLike'
            ? context[key] !== undefined && iamMatches(v, context[key])
            : context[key] === v,
        ),
      ),
  );
}

const denied = (statements: PolicyStatement[], action: string, arn: string) =>
  statements.some(
    (s) =>
      s.Effect === 'Deny' &&
      (s.Action ?? []).some((a) => iamMatches(a, action, true)) &&
      (s.Resource ?? []).some((r) => iamMatches(r, arn)),
  );

describe.each(VARIANTS.map((overrides) => [JSON.stringify(overrides), overrides] as const))(
  'GitHub roles and the main stack %s',
  (_name, overrides) => {
    const { main, bootstrap } = synthStacks(overrides);
    const provider = (
      main.tf.provider.aws as { default_tags: { tags: Record<string, string> }[] }[]
    )[0]!;
    const defaultTags = provider.default_tags[0]!.tags;
    /** Condition keys of a create request (tags sent with it) and of a call on an existing resource. */
    const tagged = (key: string) =>
      Object.fromEntries(Object.entries(defaultTags).map(([k, v]) => [`${key}/${k}`, v]));
    // A resource being created has no owner account yet: s3:ResourceAccount is not in the context.
    const createContext = tagged('aws:RequestTag');
    const existingContext = { 's3:ResourceAccount': ACCOUNT, ...tagged('aws:ResourceTag') };
    const types = Object.keys(main.tf.resource).sort();

    it('sends the project tag on every create (the request-tag conditions rely on it)', () => {
      expect(defaultTags[PROJECT_TAG_KEY]).toBe('hls-stale-guard');
    });

    it('lists the refresh calls of every resource type the main stack creates', () => {
      expect(types.filter((t) => !(t in REFRESH_CALLS))).toEqual([]);
    });

    it.each(['plan', 'deploy'] as const)(
      'lets the %s role refresh every resource of the main stack',
      (role) => {
        const statements = roleStatements(bootstrap.tf, role);
        let checked = 0;
        for (const type of types) {
          for (const [name, r] of Object.entries(resources(main.tf, type))) {
            const self = arnOf(main.tf, type, r) ?? '';
            for (const [action, arn] of REFRESH_CALLS[type]!(main.tf, r, self)) {
              const ok =
                statements.some((s) => grants(s, action, arn, existingContext)) &&
                !denied(statements, action, arn);
              expect({ resource: `${type}.${name}`, action, arn, ok }).toEqual({
                resource: `${type}.${name}`,
                action,
                arn,
                ok: true,
              });
              checked += 1;
            }
          }
        }
        expect(checked).toBeGreaterThan(50);
      },
    );

    it('lets both roles read every data source of the main stack', () => {
      const data = main.tf.data ?? {};
      expect(Object.keys(data).filter((t) => !(t in DATA_SOURCE_CALLS))).toEqual([]);
      for (const role of ['plan', 'deploy'] as const) {
        const statements = roleStatements(bootstrap.tf, role);
        for (const [type, byName] of Object.entries(data)) {
          for (const r of Object.values(byName)) {
            for (const [action, arn] of DATA_SOURCE_CALLS[type]!(r, role)) {
              const ok = statements.some((s) => grants(s, action, arn, existingContext));
              expect({ role, type, action, arn, ok }).toEqual({
                role,
                type,
                action,
                arn,
                ok: true,
              });
            }
          }
        }
      }
    });

    it('lists the tag-on-create permission of every taggable resource type (provider schema)', () => {
      const taggable = types.filter(isTaggable);
      expect(taggable).toContain('aws_lambda_event_source_mapping');
      expect(taggable.filter((t) => !(t in TAG_ON_CREATE))).toEqual([]);
    });

    it('lets the deploy role create every taggable resource with its tags', () => {
      const deploy = roleStatements(bootstrap.tf, 'deploy');
      let checked = 0;
      for (const type of types.filter(isTaggable)) {
        for (const [name, r] of Object.entries(resources(main.tf, type))) {
          const arn = arnOf(main.tf, type, r);
          expect({ resource: `${type}.${name}`, arn }).toEqual({
            resource: `${type}.${name}`,
            arn: expect.any(String),
          });
          for (const action of TAG_ON_CREATE[type]!) {
            const ok =
              deploy.some((s) => grants(s, action, arn!, createContext)) &&
              !denied(deploy, action, arn!);
            expect({ resource: `${type}.${name}`, action, ok }).toEqual({
              resource: `${type}.${name}`,
              action,
              ok: true,
            });
            checked += 1;
          }
        }
      }
      expect(checked).toBeGreaterThan(15);
    });

    it('does not let the plan role tag anything', () => {
      const plan = roleStatements(bootstrap.tf, 'plan');
      for (const type of types.filter(isTaggable)) {
        for (const r of Object.values(resources(main.tf, type))) {
          for (const action of TAG_ON_CREATE[type]!) {
            expect({
              type,
              action,
              ok: plan.some((s) => grants(s, action, arnOf(main.tf, type, r)!, createContext)),
            }).toEqual({ type, action, ok: false });
          }
        }
      }
    });
  },
);

describe('tag-on-create conditions', () => {
  const { bootstrap } = synthStacks();
  const deploy = roleStatements(bootstrap.tf, 'deploy');
  const mapping = `arn:aws:lambda:${REGION}:${ACCOUNT}:event-source-mapping:14e0db71-5d35-4eb5-b481-8945cf9d10c2`;

  it('tags a new event source mapping only when the request carries this stack’s tag', () => {
    expect(
      grants(
        deploy.find((s) => s.Sid === 'TagEventSourceMappingOnCreate')!,
        'lambda:TagResource',
        mapping,
        {},
      ),
    ).toBe(false);
    expect(
      deploy.some((s) =>
        grants(s, 'lambda:TagResource', mapping, {
          [`aws:RequestTag/${PROJECT_TAG_KEY}`]: 'another-stack',
          [`aws:ResourceTag/${PROJECT_TAG_KEY}`]: 'another-stack',
        }),
      ),
    ).toBe(false);
    expect(
      deploy.some((s) =>
        grants(s, 'lambda:TagResource', mapping, {
          [`aws:RequestTag/${PROJECT_TAG_KEY}`]: 'hls-stale-guard',
        }),
      ),
    ).toBe(true);
  });
});
