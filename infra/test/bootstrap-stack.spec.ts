import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import {
  IAM_MANAGED_POLICY_MAX_CHARS,
  IAM_ROLE_INLINE_POLICIES_MAX_CHARS,
  MAX_WATCHED_PREFIXES,
} from '../src/aws-limits';
import { InfraConfigError } from '../src/config/infra-config';
import type { PolicyDocument, PolicyStatement } from '../src/iam/policy-document';
import { allows, denies, iamMatches } from './iam-matching';
import { roleStatements } from './role-statements';
import {
  TEST_STATE_BUCKET,
  resources,
  single,
  statement,
  synthStacks,
  testConfig,
  type TerraformJson,
} from './synth-helpers';

const ACCOUNT = '${data.aws_caller_identity.caller.account_id}';
const REGION = 'us-east-1';
const policyOf = (tf: TerraformJson, type: string, name: string): PolicyStatement[] =>
  (
    JSON.parse(
      String(resources(tf, type)[name]![type === 'aws_iam_role' ? 'assume_role_policy' : 'policy']),
    ) as PolicyDocument
  ).Statement;

describe('bootstrap: GitHub OIDC', () => {
  const { bootstrap } = synthStacks({ githubRepository: 'acme/hls-stale-guard' });

  it('registers the GitHub Actions OIDC provider for audience sts.amazonaws.com', () => {
    expect(bootstrap.json).toHaveResourceWithProperties(IamOpenidConnectProvider, {
      url: 'https://token.actions.githubusercontent.com',
      client_id_list: ['sts.amazonaws.com'],
    });
  });

  it.each([
    ['plan-role', 'hls-stale-guard-github-plan', 'repo:acme/hls-stale-guard:pull_request'],
    [
      'deploy-role',
      'hls-stale-guard-github-deploy',
      'repo:acme/hls-stale-guard:environment:production',
    ],
  ])('pins the %s trust to the repository and subject', (id, name, subject) => {
    expect(resources(bootstrap.tf, 'aws_iam_role')[id]).toMatchObject({
      name,
      max_session_duration: 3600,
    });
    expect(policyOf(bootstrap.tf, 'aws_iam_role', id)).toEqual([
      {
        Sid: 'GitHubActionsOidc',
        Effect: 'Allow',
        Principal: { Federated: '${aws_iam_openid_connect_provider.github-oidc.arn}' },
        Action: ['sts:AssumeRoleWithWebIdentity'],
        Condition: {
          StringEquals: {
            'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
            'token.actions.githubusercontent.com:sub': subject,
          },
        },
      },
    ]);
  });

  it('attaches no AWS managed policy: both roles share the stack-scoped terraform-read policy', () => {
    const attachments = Object.values(
      resources(bootstrap.tf, 'aws_iam_role_policy_attachment'),
    ).map(({ role, policy_arn }) => ({ role, policy_arn }));
    expect(attachments).toEqual([
      {
        role: '${aws_iam_role.plan-role.name}',
        policy_arn: '${aws_iam_policy.terraform-read.arn}',
      },
      {
        role: '${aws_iam_role.deploy-role.name}',
        policy_arn: '${aws_iam_policy.terraform-read.arn}',
      },
    ]);
    expect(JSON.stringify(bootstrap.tf)).not.toContain('arn:aws:iam::aws:policy/');
    expect(resources(bootstrap.tf, 'aws_iam_policy')['terraform-read']).toMatchObject({
      name: 'hls-stale-guard-terraform-read',
    });
  });

  it('outputs plan_role_arn, deploy_role_arn and state_bucket', () => {
    expect(bootstrap.tf.output).toEqual({
      plan_role_arn: expect.objectContaining({ value: '${aws_iam_role.plan-role.arn}' }),
      deploy_role_arn: expect.objectContaining({ value: '${aws_iam_role.deploy-role.arn}' }),
      state_bucket: expect.objectContaining({ value: '${aws_s3_bucket.state_bucket.bucket}' }),
      encoder_policy_arn: expect.objectContaining({
        value: '${aws_iam_policy.encoder-policy.arn}',
      }),
    });
  });
});

describe('bootstrap: an account that already has the GitHub OIDC provider', () => {
  const EXISTING_ARN =
    'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com';
  const trustedProvider = (tf: TerraformJson) =>
    policyOf(tf, 'aws_iam_role', 'deploy-role')[0]!.Principal;

  it('creates the provider by default', () => {
    const { bootstrap } = synthStacks();
    expect(Object.keys(resources(bootstrap.tf, 'aws_iam_openid_connect_provider'))).toEqual([
      'github-oidc',
    ]);
    expect(bootstrap.tf.data?.aws_iam_openid_connect_provider).toBeUndefined();
  });

  it.each([
    ['existing', { url: 'https://token.actions.githubusercontent.com' }],
    [EXISTING_ARN, { arn: EXISTING_ARN }],
  ])(
    'with githubOidcProvider %s, looks it up instead of creating a second one (EntityAlreadyExists)',
    (setting, lookup) => {
      const { bootstrap } = synthStacks({ githubOidcProvider: setting });
      expect(resources(bootstrap.tf, 'aws_iam_openid_connect_provider')).toEqual({});
      const found = bootstrap.tf.data?.aws_iam_openid_connect_provider?.['github-oidc'];
      expect(found).toMatchObject(lookup);
      for (const role of ['plan-role', 'deploy-role']) {
        expect(policyOf(bootstrap.tf, 'aws_iam_role', role)[0]!.Principal).toEqual({
          Federated: '${data.aws_iam_openid_connect_provider.github-oidc.arn}',
        });
      }
      expect(trustedProvider(bootstrap.tf)).not.toEqual({
        Federated: '${aws_iam_openid_connect_provider.github-oidc.arn}',
      });
    },
  );

  it('fails the plan if the existing provider does not accept the sts.amazonaws.com audience', () => {
    const { bootstrap } = synthStacks({ githubOidcProvider: 'existing' });
    const found = bootstrap.tf.data!.aws_iam_openid_connect_provider!['github-oidc']!;
    expect(found.lifecycle).toEqual({
      postcondition: [
        {
          condition: '${contains(self.client_id_list, "sts.amazonaws.com")}',
          error_message: expect.stringContaining('sts.amazonaws.com'),
        },
      ],
    });
  });

  it('rejects any other setting (a provider of another issuer, a typo)', () => {
    for (const bad of [
      'arn:aws:iam::123456789012:oidc-provider/gitlab.com',
      'Existing',
      'arn:aws:iam::12345:oidc-provider/token.actions.githubusercontent.com',
    ]) {
      expect(() => testConfig({ githubOidcProvider: bad })).toThrow(InfraConfigError);
    }
  });
});

describe('bootstrap: state bucket', () => {
  const { bootstrap } = synthStacks();

  it('is the TF_STATE_BUCKET, kept on destroy, versioned, private, encrypted and TLS-only', () => {
    expect(single(bootstrap.tf, 'aws_s3_bucket')).toMatchObject({
      bucket: TEST_STATE_BUCKET,
      lifecycle: { prevent_destroy: true },
    });
    expect(bootstrap.json).toHaveResourceWithProperties(S3BucketVersioningA, {
      versioning_configuration: { status: 'Enabled' },
    });
    expect(bootstrap.json).toHaveResourceWithProperties(S3BucketPublicAccessBlock, {
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(bootstrap.json).toHaveResourceWithProperties(
      S3BucketServerSideEncryptionConfigurationA,
      {
        rule: [
          expect.objectContaining({
            apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' },
          }),
        ],
      },
    );
    expect(statement(bootstrap.tf, /state_policy/, 'DenyInsecureTransport').Effect).toBe('Deny');
  });
});

describe('bootstrap: plan role', () => {
  const { bootstrap } = synthStacks();
  const plan = roleStatements(bootstrap.tf, 'plan');
  const state = '${aws_s3_bucket.state_bucket.arn}/terraform.tfstate';
  const grantsAction = (action: string) =>
    plan.filter(
      (s) => s.Effect === 'Allow' && (s.Action ?? []).some((a) => iamMatches(a, action, true)),
    );

  it('reads the state and writes only its lock file', () => {
    expect(allows(plan, 's3:GetObject', state)).toBe(true);
    expect(allows(plan, 's3:PutObject', state)).toBe(false);
    expect(allows(plan, 's3:PutObject', `${state}.tflock`)).toBe(true);
    expect(allows(plan, 's3:DeleteObject', `${state}.tflock`)).toBe(true);
  });

  it('reads no object outside the state bucket (no s3:GetObject* grant elsewhere)', () => {
    for (const action of ['s3:GetObject', 's3:GetObjectVersion', 's3:GetObjectAttributes']) {
      for (const s of grantsAction(action)) {
        for (const resource of s.Resource ?? []) {
          expect({ sid: s.Sid, action, resource }).toEqual({
            sid: s.Sid,
            action,
            resource: expect.stringMatching(
              /^\$\{aws_s3_bucket\.state_bucket\.arn\}\/terraform\.tfstate/,
            ),
          });
        }
      }
    }
    expect(
      denies(plan, 's3:GetObject', 'arn:aws:s3:::hls-stale-guard-origin-a-1-us-east-1/live/x.ts'),
    ).toBe(true);
    expect(denies(plan, 'ssm:GetParameters', `arn:aws:ssm:${REGION}:1:parameter/db`)).toBe(true);
    expect(denies(plan, 's3:GetObject', state)).toBe(false);
  });

  it('reads no log events, parameters or secrets', () => {
    for (const action of [
      'logs:GetLogEvents',
      'logs:FilterLogEvents',
      'logs:StartQuery',
      'logs:GetQueryResults',
      'logs:StartLiveTail',
      'ssm:GetParameter',
      'secretsmanager:GetSecretValue',
      'kms:Decrypt',
      'dynamodb:GetItem',
      'dynamodb:Scan',
      'sqs:ReceiveMessage',
    ]) {
      expect({ action, grants: grantsAction(action).map((s) => s.Sid) }).toEqual({
        action,
        grants: [],
      });
    }
  });

  it('may call GetFunction (it answers a code URL) on the checker function only', () => {
    expect(grantsAction('lambda:GetFunction').flatMap((s) => s.Resource)).toEqual([
      `arn:aws:lambda:${REGION}:${ACCOUNT}:function:hls-stale-guard-stale-checker`,
    ]);
  });

  it('may change nothing in AWS (no Create/Put/Update/Delete/Tag outside the state lock)', () => {
    for (const s of plan.filter((st) => st.Effect === 'Allow')) {
      for (const action of s.Action ?? []) {
        if (/^[a-z0-9]+:(Get|List|Describe|HeadBucket)/.test(action)) continue;
        expect({ sid: s.Sid, action }).toEqual({ sid: 'StateLockFile', action });
      }
    }
  });
});

describe('bootstrap: deploy role is scoped to the main stack', () => {
  const { main, bootstrap } = synthStacks();
  const deploy = roleStatements(bootstrap.tf, 'deploy');
  const named = (type: string) => Object.values(resources(main.tf, type));

  /** Every resource the main stack creates, as the ARN it will have, with the call that creates it. */
  const created: [string, string][] = [
    ...named('aws_s3_bucket').map((b): [string, string] => [
      's3:CreateBucket',
      `arn:aws:s3:::${b.bucket}`,
    ]),
    ...named('aws_s3_bucket').flatMap((b) =>
      ['s3:PutBucketPolicy', 's3:PutBucketTagging', 's3:PutBucketNotification'].map(
        (action): [string, string] => [action, `arn:aws:s3:::${b.bucket}`],
      ),
    ),
    ...named('aws_sqs_queue').map((q): [string, string] => [
      'sqs:CreateQueue',
      `arn:aws:sqs:${REGION}:${ACCOUNT}:${q.name}`,
    ]),
    ...named('aws_lambda_function').map((f): [string, string] => [
      'lambda:CreateFunction',
      `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${f.function_name}`,
    ]),
    ...named('aws_cloudwatch_log_group').map((g): [string, string] => [
      'logs:CreateLogGroup',
      `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${g.name}`,
    ]),
    ...named('aws_cloudwatch_event_rule').map((r): [string, string] => [
      'events:PutRule',
      `arn:aws:events:${REGION}:${ACCOUNT}:rule/${r.name}`,
    ]),
    ...named('aws_sns_topic').map((t): [string, string] => [
      'sns:CreateTopic',
      `arn:aws:sns:${REGION}:${ACCOUNT}:${t.name}`,
    ]),
    ...named('aws_cloudwatch_metric_alarm').map((a): [string, string] => [
      'cloudwatch:PutMetricAlarm',
      `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:${a.alarm_name}`,
    ]),
    ...named('aws_cloudwatch_dashboard').map((d): [string, string] => [
      'cloudwatch:PutDashboard',
      `arn:aws:cloudwatch::${ACCOUNT}:dashboard/${d.dashboard_name}`,
    ]),
    ...named('aws_iam_role').map((r): [string, string] => [
      'iam:PutRolePolicy',
      `arn:aws:iam::${ACCOUNT}:role${r.path}${r.name}`,
    ]),
    ...named('aws_iam_role').map((r): [string, string] => [
      'iam:CreateRole',
      `arn:aws:iam::${ACCOUNT}:role${r.path}${r.name}`,
    ]),
    ...named('aws_iam_policy').map((p): [string, string] => [
      'iam:CreatePolicy',
      `arn:aws:iam::${ACCOUNT}:policy${p.path}${p.name}`,
    ]),
    ...named('aws_dynamodb_table').flatMap((t) =>
      ['dynamodb:CreateTable', 'dynamodb:UpdateTimeToLive', 'dynamodb:UpdateContinuousBackups'].map(
        (action): [string, string] => [
          action,
          `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${t.name}`,
        ],
      ),
    ),
  ];

  it('covers every named resource of the main stack', () => {
    expect(created.length).toBeGreaterThanOrEqual(20);
    for (const [action, arn] of created) {
      expect({ action, arn, allowed: allows(deploy, action, arn) }).toEqual({
        action,
        arn,
        allowed: true,
      });
    }
  });

  it('cannot touch resources outside the prefix (another bucket, queue, function, role)', () => {
    for (const [action, arn] of [
      ['s3:PutBucketPolicy', 'arn:aws:s3:::someone-elses-bucket'],
      ['s3:DeleteBucket', `arn:aws:s3:::${TEST_STATE_BUCKET}`],
      ['sqs:DeleteQueue', `arn:aws:sqs:${REGION}:${ACCOUNT}:payments`],
      ['lambda:UpdateFunctionCode', `arn:aws:lambda:${REGION}:${ACCOUNT}:function:billing`],
      ['iam:PutRolePolicy', `arn:aws:iam::${ACCOUNT}:role/hls-stale-guard-github-deploy`],
      [
        'iam:CreatePolicyVersion',
        `arn:aws:iam::${ACCOUNT}:policy/hls-stale-guard-workload-boundary`,
      ],
      ['iam:CreatePolicyVersion', `arn:aws:iam::${ACCOUNT}:policy/hls-stale-guard-terraform-read`],
      ['iam:AttachRolePolicy', `arn:aws:iam::${ACCOUNT}:role/hls-stale-guard-github-plan`],
      ['iam:UpdateAssumeRolePolicy', `arn:aws:iam::${ACCOUNT}:role/hls-stale-guard-github-deploy`],
    ] as const) {
      expect({ action, arn, allowed: allows(deploy, action, arn) }).toEqual({
        action,
        arn,
        allowed: false,
      });
    }
  });

  it('may create roles only with the workload permissions boundary, pass them only to Lambda', () => {
    const boundary = `arn:aws:iam::${ACCOUNT}:policy/hls-stale-guard-workload-boundary`;
    expect(statement(bootstrap.tf, /deploy-policy/, 'ManageBoundedRoles').Condition).toEqual({
      StringEquals: { 'iam:PermissionsBoundary': boundary },
    });
    expect(statement(bootstrap.tf, /deploy-policy/, 'PassRolesToLambdaOnly').Condition).toEqual({
      StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' },
    });
    expect(single(main.tf, 'aws_iam_role').permissions_boundary).toBe(boundary);
    expect(resources(bootstrap.tf, 'aws_iam_policy')['workload-boundary']).toMatchObject({
      name: 'hls-stale-guard-workload-boundary',
    });
  });

  it('writes the main state and its lock file only', () => {
    const state = '${aws_s3_bucket.state_bucket.arn}/terraform.tfstate';
    expect(allows(deploy, 's3:PutObject', state)).toBe(true);
    expect(allows(deploy, 's3:PutObject', `${state}.tflock`)).toBe(true);
    expect(
      allows(
        deploy,
        's3:PutObject',
        '${aws_s3_bucket.state_bucket.arn}/hls-stale-guard/bootstrap.tfstate',
      ),
    ).toBe(false);
  });
});

describe('bootstrap: deploy role, what the main stack adds and what nothing uses', () => {
  const { main, bootstrap } = synthStacks({ alarmEmails: ['oncall@example.com'] });
  const deploy = roleStatements(bootstrap.tf, 'deploy');
  const grantsAction = (action: string) =>
    deploy.filter(
      (s) => s.Effect === 'Allow' && (s.Action ?? []).some((a) => iamMatches(a, action, true)),
    );

  it('manages the playlist registry table (on-demand, TTL, PITR, tags) by the stack prefix only', () => {
    const table = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/hls-stale-guard-playlist-registry`;
    for (const action of [
      'dynamodb:CreateTable',
      'dynamodb:DescribeTable',
      'dynamodb:UpdateTable',
      'dynamodb:DeleteTable',
      'dynamodb:UpdateTimeToLive',
      'dynamodb:DescribeTimeToLive',
      'dynamodb:UpdateContinuousBackups',
      'dynamodb:DescribeContinuousBackups',
      'dynamodb:TagResource',
      'dynamodb:UntagResource',
      'dynamodb:ListTagsOfResource',
    ]) {
      expect({ action, here: allows(deploy, action, table) }).toEqual({ action, here: true });
      expect({
        action,
        elsewhere: allows(deploy, action, `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/payments`),
      }).toEqual({ action, elsewhere: false });
    }
    // Table data stays out of reach of the deploy role.
    for (const action of ['dynamodb:GetItem', 'dynamodb:Scan', 'dynamodb:PutItem']) {
      expect({ action, here: allows(deploy, action, table) }).toEqual({ action, here: false });
    }
  });

  it('lets keys be used only through DynamoDB: any key for creating the table (deploy), the tagged key for items (boundary)', () => {
    const viaDynamodb = {
      StringEquals: {
        'kms:ViaService': `dynamodb.${REGION}.amazonaws.com`,
        'aws:ResourceTag/hls-stale-guard:name-prefix': 'hls-stale-guard',
      },
    };
    const crypto = ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:CreateGrant'];
    for (const action of crypto) {
      const granting = grantsAction(action).map((st) => ({ sid: st.Sid, condition: st.Condition }));
      // The deploy role creates the table right after the key, before the key's tags are visible.
      expect({ action, granting }).toEqual({
        action,
        granting: [
          {
            sid: 'RegistryTableUsesStackKey',
            condition: {
              StringEquals: { 'kms:ViaService': `dynamodb.${REGION}.amazonaws.com` },
            },
          },
        ],
      });
    }
    const boundary = policyOf(bootstrap.tf, 'aws_iam_policy', 'workload-boundary');
    expect(boundary.find((st) => st.Sid === 'RegistryTableKey')?.Condition).toEqual(viaDynamodb);
  });

  it('subscribes the alarm e-mail to the stack’s topic only', () => {
    const subscriptions = Object.values(resources(main.tf, 'aws_sns_topic_subscription'));
    expect(subscriptions).toHaveLength(1);
    const topic = `arn:aws:sns:${REGION}:${ACCOUNT}:${String(single(main.tf, 'aws_sns_topic').name)}`;
    for (const action of ['sns:Subscribe', 'sns:Unsubscribe', 'sns:GetSubscriptionAttributes']) {
      expect({ action, ok: allows(deploy, action, topic) }).toEqual({ action, ok: true });
      expect({
        action,
        ok: allows(deploy, action, `arn:aws:sns:${REGION}:${ACCOUNT}:billing-alerts`),
      }).toEqual({ action, ok: false });
    }
  });

  it('may read the account’s Lambda settings (concurrency check before apply), the plan role may not', () => {
    expect(grantsAction('lambda:GetAccountSettings').map((st) => st.Sid)).toEqual([
      'ReadLambdaAccountSettings',
    ]);
    expect(allows(roleStatements(bootstrap.tf, 'plan'), 'lambda:GetAccountSettings', '*')).toBe(
      false,
    );
  });

  it('can stop and resume deletions (emergency stop): the checker’s concurrency, its reconcile rule and its event source mapping only', () => {
    const rule = `arn:aws:events:${REGION}:${ACCOUNT}:rule/hls-stale-guard-reconcile`;
    for (const action of ['events:DisableRule', 'events:EnableRule', 'events:DescribeRule']) {
      expect({ action, ok: allows(deploy, action, rule) }).toEqual({ action, ok: true });
      expect({
        action,
        ok: allows(deploy, action, `arn:aws:events:${REGION}:${ACCOUNT}:rule/billing-nightly`),
      }).toEqual({ action, ok: false });
    }
    const fn = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:hls-stale-guard-stale-checker`;
    for (const action of [
      'lambda:PutFunctionConcurrency',
      'lambda:DeleteFunctionConcurrency',
      'lambda:GetFunctionConcurrency',
    ]) {
      expect({ action, ok: allows(deploy, action, fn) }).toEqual({ action, ok: true });
      expect({
        action,
        ok: allows(deploy, action, `arn:aws:lambda:${REGION}:${ACCOUNT}:function:payments`),
      }).toEqual({ action, ok: false });
    }
    const mapping = `arn:aws:lambda:${REGION}:${ACCOUNT}:event-source-mapping:0f1e2d3c-aaaa-bbbb-cccc-123456789012`;
    expect(allows(deploy, 'lambda:UpdateEventSourceMapping', mapping)).toBe(true);
    expect(allows(deploy, 'lambda:GetEventSourceMapping', mapping)).toBe(true);
    // A mapping has a random id: the function it feeds is what limits the update.
    expect(grantsAction('lambda:UpdateEventSourceMapping').map((st) => st.Condition)).toEqual([
      {
        ArnLike: {
          'lambda:FunctionArn': `arn:aws:lambda:${REGION}:${ACCOUNT}:function:hls-stale-guard-*`,
        },
      },
    ]);
    expect(grantsAction('lambda:ListEventSourceMappings').map((st) => st.Sid)).toEqual([
      'FindEventSourceMappings',
    ]);
  });

  it('may read metrics for the dry-run canary (DryRunWouldDelete), and cannot publish them', () => {
    expect(grantsAction('cloudwatch:GetMetricData').map((st) => st.Sid)).toEqual([
      'ReadCanaryMetric',
    ]);
    expect(grantsAction('cloudwatch:PutMetricData')).toEqual([]);
  });

  it('holds no lambda:InvokeFunction and no cloudfront:CreateInvalidation (nothing in the pipeline uses them)', () => {
    expect(grantsAction('lambda:InvokeFunction')).toEqual([]);
    expect(grantsAction('cloudfront:CreateInvalidation')).toEqual([]);
  });

  it('lets the canary write, read and delete only playlists under its own prefix, in this account', () => {
    const bucket = `arn:aws:s3:::hls-stale-guard-origin-a-${ACCOUNT}-${REGION}`;
    const canary = `${bucket}/hls-stale-guard-canary/20261120T100000Z-a1b2c3`;
    for (const action of ['s3:PutObject', 's3:GetObject', 's3:DeleteObject']) {
      expect({ action, ok: allows(deploy, action, `${canary}/live.m3u8`) }).toEqual({
        action,
        ok: true,
      });
      for (const outside of [
        `${canary}/page.html`,
        `${canary}/seg-1.ts`,
        `${bucket}/live/ch1/720p.m3u8`,
        `${bucket}/live/hls-stale-guard-canary/x.m3u8`,
      ]) {
        expect({ action, outside, ok: allows(deploy, action, outside) }).toEqual({
          action,
          outside,
          ok: false,
        });
      }
    }
    for (const s of grantsAction('s3:PutObject').filter(
      (st) => st.Sid !== 'ReadWriteState' && st.Sid !== 'StateLockFile',
    )) {
      expect(s.Condition).toEqual({ StringEquals: { 's3:ResourceAccount': ACCOUNT } });
    }
  });

  it('conditions every origin-bucket grant on s3:ResourceAccount but creating one (a same-named bucket elsewhere does not match)', () => {
    const origin = deploy.filter((s) =>
      (s.Resource ?? []).some((r) => r.startsWith('arn:aws:s3:::hls-stale-guard-origin-')),
    );
    expect(origin.length).toBeGreaterThanOrEqual(3);
    for (const s of origin.filter((st) => st.Sid !== 'CreateOriginBuckets')) {
      expect({ sid: s.Sid, condition: s.Condition }).toEqual({
        sid: s.Sid,
        condition: { StringEquals: { 's3:ResourceAccount': ACCOUNT } },
      });
    }
    // A bucket being created has no owner yet; the unconditioned statement can only create and tag.
    expect(origin.find((s) => s.Sid === 'CreateOriginBuckets')?.Action).toEqual([
      's3:CreateBucket',
      's3:TagResource',
    ]);
  });
});

describe('bootstrap: the encoder policy lives in the bootstrap stack', () => {
  const PREFIXES = { watchedPrefixes: ['live/', 'events/'] };
  const { main, bootstrap } = synthStacks(PREFIXES);
  const encoderArn = `arn:aws:iam::${ACCOUNT}:policy/hls-stale-guard/hls-stale-guard-encoder-put`;

  it('allows only PutObject under the watched prefixes of every origin bucket, in this account', () => {
    expect(resources(bootstrap.tf, 'aws_iam_policy')['encoder-policy']).toMatchObject({
      name: 'hls-stale-guard-encoder-put',
      path: '/hls-stale-guard/',
    });
    expect(policyOf(bootstrap.tf, 'aws_iam_policy', 'encoder-policy')).toEqual([
      {
        Sid: 'WriteMediaUnderWatchedPrefixes',
        Effect: 'Allow',
        Action: ['s3:PutObject'],
        Resource: ['a', 'b'].flatMap((p) =>
          ['live/', 'events/'].map(
            (prefix) => `arn:aws:s3:::hls-stale-guard-origin-${p}-${ACCOUNT}-${REGION}/${prefix}*`,
          ),
        ),
        Condition: { StringEquals: { 's3:ResourceAccount': ACCOUNT } },
      },
    ]);
  });

  it('names exactly the buckets the main stack creates', () => {
    const buckets = Object.values(resources(main.tf, 'aws_s3_bucket')).map((b) => b.bucket);
    const written = policyOf(bootstrap.tf, 'aws_iam_policy', 'encoder-policy')[0]!.Resource!.map(
      (r) => /^arn:aws:s3:::([^/]+)\//.exec(r)![1],
    );
    expect([...new Set(written)].sort()).toEqual([...buckets].sort());
  });

  it('is out of the deploy role’s reach: no new version, default version, deletion or tags', () => {
    const deploy = roleStatements(bootstrap.tf, 'deploy');
    for (const action of [
      'iam:CreatePolicyVersion',
      'iam:SetDefaultPolicyVersion',
      'iam:DeletePolicyVersion',
      'iam:DeletePolicy',
      'iam:TagPolicy',
    ]) {
      expect({ action, denied: denies(deploy, action, encoderArn) }).toEqual({
        action,
        denied: true,
      });
    }
    // The deny names that one policy: the stack's own policies stay manageable.
    expect(
      denies(deploy, 'iam:CreatePolicyVersion', `arn:aws:iam::${ACCOUNT}:policy/hls-stale-guard/x`),
    ).toBe(false);
  });

  it('is no longer in the main stack, which forgets it without destroying it', () => {
    expect(resources(main.tf, 'aws_iam_policy')).toEqual({});
    expect(main.tf.output.encoder_policy_arn).toBeUndefined();
    expect((main.tf as unknown as { removed: unknown }).removed).toEqual([
      { from: 'aws_iam_policy.encoder-policy', lifecycle: { destroy: false } },
    ]);
  });
});

describe('bootstrap: the workload boundary', () => {
  const { bootstrap } = synthStacks({ watchedPrefixes: ['live/', 'events/'] });
  const boundary = policyOf(bootstrap.tf, 'aws_iam_policy', 'workload-boundary');
  const bucket = `arn:aws:s3:::hls-stale-guard-origin-a-${ACCOUNT}-${REGION}`;

  it('admits deleting playlists (*.m3u8) under the checked prefixes only', () => {
    for (const key of [
      'live/ch1/720p.m3u8',
      'events/x/index.m3u8',
      'hls-stale-guard-canary/r/live.m3u8',
    ]) {
      expect({ key, ok: allows(boundary, 's3:DeleteObject', `${bucket}/${key}`) }).toEqual({
        key,
        ok: true,
      });
    }
    for (const key of [
      'live/ch1/seg-00001.ts',
      'vod/ch1/720p.m3u8',
      'index.m3u8',
      'live/ch1/720p.m3u8.bak',
      'vod/live/ch1/720p.m3u8',
    ]) {
      expect({ key, ok: allows(boundary, 's3:DeleteObject', `${bucket}/${key}`) }).toEqual({
        key,
        ok: false,
      });
    }
  });

  it('conditions every S3 grant on s3:ResourceAccount', () => {
    const s3 = boundary.filter((s) => (s.Action ?? []).some((a) => a.startsWith('s3:')));
    expect(s3.length).toBeGreaterThanOrEqual(2);
    for (const s of s3) {
      expect(s.Condition).toEqual({ StringEquals: { 's3:ResourceAccount': ACCOUNT } });
    }
  });

  it('admits the registry’s item reads and writes, and listing versions, but no table administration', () => {
    const table = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/hls-stale-guard-playlist-registry`;
    for (const action of [
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
      'dynamodb:Scan',
    ]) {
      expect({ action, ok: allows(boundary, action, table) }).toEqual({ action, ok: true });
    }
    expect(allows(boundary, 'dynamodb:DeleteTable', table)).toBe(false);
    expect(allows(boundary, 's3:ListBucketVersions', bucket)).toBe(true);
  });
});

describe('bootstrap: policy sizes stay within the IAM quotas', () => {
  const { bootstrap } = synthStacks({
    watchedPrefixes: Array.from({ length: MAX_WATCHED_PREFIXES }, (_, i) => `prefix-${i}/`),
    accessLogBucket: 'my-access-logs',
  });
  // The size IAM counts: without whitespace, with the real account id and a long state bucket ARN.
  const size = (policy: unknown) =>
    String(policy)
      .replaceAll(ACCOUNT, '123456789012')
      .replaceAll('${aws_s3_bucket.state_bucket.arn}', `arn:aws:s3:::${'s'.repeat(63)}`)
      .replace(/\s/g, '').length;

  it('each managed policy ≤ 6,144 characters', () => {
    for (const [name, p] of Object.entries(resources(bootstrap.tf, 'aws_iam_policy'))) {
      expect({ name, fits: size(p.policy) <= IAM_MANAGED_POLICY_MAX_CHARS }).toEqual({
        name,
        fits: true,
      });
    }
  });

  it('the inline policies of each role ≤ 10,240 characters together', () => {
    for (const role of ['plan-role', 'deploy-role']) {
      const total = Object.values(resources(bootstrap.tf, 'aws_iam_role_policy'))
        .filter((p) => p.role === `\${aws_iam_role.${role}.id}`)
        .reduce((sum, p) => sum + size(p.policy), 0);
      expect(total).toBeGreaterThan(500);
      expect(total).toBeLessThanOrEqual(IAM_ROLE_INLINE_POLICIES_MAX_CHARS);
    }
  });
});

describe('bootstrap: the workload boundary admits everything the checker needs', () => {
  // With tracing "active", the checker's widest policy: switching tracing on needs no bootstrap apply.
  const { main, bootstrap } = synthStacks({ tracing: 'active' });
  const boundary = policyOf(bootstrap.tf, 'aws_iam_policy', 'workload-boundary');
  const checker = policyOf(main.tf, 'aws_iam_role_policy', 'stale-checker_role-policy');
  // Computed ARNs → the ARNs they will have (from the names the main stack gives).
  const arnOf: Record<string, string> = {};
  for (const [name, b] of Object.entries(resources(main.tf, 'aws_s3_bucket'))) {
    arnOf[`\${aws_s3_bucket.${name}.arn}`] = `arn:aws:s3:::${b.bucket}`;
  }
  for (const [name, q] of Object.entries(resources(main.tf, 'aws_sqs_queue'))) {
    arnOf[`\${aws_sqs_queue.${name}.arn}`] = `arn:aws:sqs:${REGION}:${ACCOUNT}:${q.name}`;
  }
  for (const [name, t] of Object.entries(resources(main.tf, 'aws_dynamodb_table'))) {
    arnOf[`\${aws_dynamodb_table.${name}.arn}`] =
      `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${String(t.name)}`;
  }
  for (const name of Object.keys(resources(main.tf, 'aws_kms_key'))) {
    // A key's id is a UUID chosen by KMS at create time.
    arnOf[`\${aws_kms_key.${name}.arn}`] =
      `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
  }
  for (const [name, g] of Object.entries(resources(main.tf, 'aws_cloudwatch_log_group'))) {
    arnOf[`\${aws_cloudwatch_log_group.${name}.arn}`] =
      `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${g.name}`;
  }
  const concrete = (resource: string) =>
    resource.replace(
      /\$\{aws_[a-z0-9_]+\.[A-Za-z0-9_-]+\.arn\}/g,
      (token) => arnOf[token] ?? token,
    );

  it('for every action on every resource of the checker policy', () => {
    let checked = 0;
    expect(checker.flatMap((s) => s.Action ?? [])).toContain('xray:PutTraceSegments');
    for (const s of checker) {
      for (const action of s.Action ?? []) {
        for (const resource of s.Resource ?? []) {
          const arn = concrete(resource);
          expect({ action, arn, allowed: allows(boundary, action, arn) }).toEqual({
            action,
            arn,
            allowed: true,
          });
          checked += 1;
        }
      }
    }
    expect(checked).toBeGreaterThan(10);
  });
});
