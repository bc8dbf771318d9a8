import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import type { PolicyDocument, PolicyStatement } from '../src/iam/policy-document';
import { allows, denies } from './iam-matching';
import {
  TEST_STATE_BUCKET,
  resources,
  single,
  statement,
  synthStacks,
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

  it('gives both roles read access for terraform plan refreshes (ReadOnlyAccess)', () => {
    for (const role of ['plan-role', 'deploy-role']) {
      expect(bootstrap.json).toHaveResourceWithProperties(IamRolePolicyAttachment, {
        role: `\${aws_iam_role.${role}.name}`,
        policy_arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
      });
    }
  });

  it('outputs plan_role_arn, deploy_role_arn and state_bucket', () => {
    expect(bootstrap.tf.output).toEqual({
      plan_role_arn: expect.objectContaining({ value: '${aws_iam_role.plan-role.arn}' }),
      deploy_role_arn: expect.objectContaining({ value: '${aws_iam_role.deploy-role.arn}' }),
      state_bucket: expect.objectContaining({ value: '${aws_s3_bucket.state_bucket.bucket}' }),
    });
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
  const plan = policyOf(bootstrap.tf, 'aws_iam_role_policy', 'plan-policy');
  const state = '${aws_s3_bucket.state_bucket.arn}/terraform.tfstate';

  it('reads the state and writes only its lock file', () => {
    expect(allows(plan, 's3:GetObject', state)).toBe(true);
    expect(allows(plan, 's3:PutObject', state)).toBe(false);
    expect(allows(plan, 's3:PutObject', `${state}.tflock`)).toBe(true);
    expect(allows(plan, 's3:DeleteObject', `${state}.tflock`)).toBe(true);
  });

  it('cannot read object data, parameters or secrets outside the state (despite ReadOnlyAccess)', () => {
    expect(
      denies(plan, 's3:GetObject', 'arn:aws:s3:::hls-stale-guard-origin-a-1-us-east-1/live/x.ts'),
    ).toBe(true);
    expect(denies(plan, 'ssm:GetParameters', `arn:aws:ssm:${REGION}:1:parameter/db`)).toBe(true);
    expect(denies(plan, 's3:GetObject', state)).toBe(false);
  });
});

describe('bootstrap: deploy role is scoped to the main stack', () => {
  const { main, bootstrap } = synthStacks();
  const deploy = policyOf(bootstrap.tf, 'aws_iam_role_policy', 'deploy-policy');
  const named = (type: string) => Object.values(resources(main.tf, type));

  /** Every resource the main stack creates, as the ARN it will have, with the call that creates it. */
  const created: [string, string][] = [
    ...named('aws_s3_bucket').map((b): [string, string] => [
      's3:CreateBucket',
      `arn:aws:s3:::${b.bucket}`,
    ]),
    ...named('aws_s3_bucket').map((b): [string, string] => [
      's3:PutBucketPolicy',
      `arn:aws:s3:::${b.bucket}`,
    ]),
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
      'iam:CreateRole',
      `arn:aws:iam::${ACCOUNT}:role${r.path}${r.name}`,
    ]),
    ...named('aws_iam_policy').map((p): [string, string] => [
      'iam:CreatePolicy',
      `arn:aws:iam::${ACCOUNT}:policy${p.path}${p.name}`,
    ]),
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

describe('bootstrap: the workload boundary admits everything the checker needs', () => {
  const { main, bootstrap } = synthStacks();
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
