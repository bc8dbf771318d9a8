import type { PolicyStatement } from './policy-document';

/** The GitHub Actions OIDC issuer and the audience `aws-actions/configure-aws-credentials` requests. */
export const GITHUB_OIDC_URL = 'https://token.actions.githubusercontent.com';
export const GITHUB_OIDC_AUDIENCE = 'sts.amazonaws.com';
const CLAIM = 'token.actions.githubusercontent.com';

/** AWS managed read-only policy attached to both roles so `terraform plan` can refresh every resource. */
export const READ_ONLY_ACCESS_POLICY_ARN = 'arn:aws:iam::aws:policy/ReadOnlyAccess';

/**
 * OIDC `sub` claims: pull requests for plan, the protected `production` environment for deploy.
 *
 * @example
 * githubSubjects('acme/repo').plan; // 'repo:acme/repo:pull_request'
 */
export function githubSubjects(repository: string) {
  return {
    plan: `repo:${repository}:pull_request`,
    deploy: `repo:${repository}:environment:production`,
  };
}

/**
 * Trust policy letting one GitHub subject of one repository assume a role.
 * https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services
 *
 * @example
 * policyJson(githubTrustStatements(provider.arn, githubSubjects(repository).deploy));
 */
export function githubTrustStatements(providerArn: string, subject: string): PolicyStatement[] {
  return [
    {
      Sid: 'GitHubActionsOidc',
      Effect: 'Allow',
      Principal: { Federated: providerArn },
      Action: ['sts:AssumeRoleWithWebIdentity'],
      Condition: {
        StringEquals: { [`${CLAIM}:aud`]: GITHUB_OIDC_AUDIENCE, [`${CLAIM}:sub`]: subject },
      },
    },
  ];
}

/** Everything the deploy policies need to scope their ARNs. */
export interface DeployScope {
  readonly namePrefix: string;
  readonly accountId: string;
  readonly region: string;
  /** IAM path of the main stack's roles and policies. */
  readonly iamPath: string;
  readonly permissionsBoundaryArn: string;
  readonly projectTagKey: string;
  readonly canaryPrefix: string;
  readonly stateBucketArn: string;
  readonly stateKey: string;
  readonly accessLogBucket: string | null;
  readonly metricsNamespace: string;
}

/** State object and its S3-native lock file (`use_lockfile = true` writes `<key>.tflock`). */
function stateStatements(s: DeployScope, write: boolean): PolicyStatement[] {
  const state = `${s.stateBucketArn}/${s.stateKey}`;
  return [
    {
      Sid: 'ListStateBucket',
      Effect: 'Allow',
      Action: ['s3:ListBucket'],
      Resource: [s.stateBucketArn],
    },
    {
      Sid: write ? 'ReadWriteState' : 'ReadState',
      Effect: 'Allow',
      Action: write ? ['s3:GetObject', 's3:PutObject'] : ['s3:GetObject'],
      Resource: [state],
    },
    {
      Sid: 'StateLockFile',
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
      Resource: [`${state}.tflock`],
    },
  ];
}

/**
 * ReadOnlyAccess can read every object, parameter and secret value of the account; a pull-request plan
 * needs none of that but the state.
 */
function denyDataReads(s: DeployScope): PolicyStatement {
  const state = `${s.stateBucketArn}/${s.stateKey}`;
  return {
    Sid: 'DenyDataReadsOutsideState',
    Effect: 'Deny',
    Action: [
      's3:GetObject',
      's3:GetObjectVersion',
      'ssm:GetParameter*',
      'secretsmanager:GetSecretValue',
    ],
    NotResource: [state, `${state}.tflock`],
  };
}

/**
 * Plan role: state read + lock file (plan takes the lock), and no data reads.
 *
 * @example
 * policyJson(planPolicyStatements(scope));
 */
export function planPolicyStatements(s: DeployScope): PolicyStatement[] {
  return [...stateStatements(s, false), denyDataReads(s)];
}

/**
 * Deploy role: write access to the main stack's resources only, by name prefix (or IAM path, or tag
 * where the ARN has no name). Roles it creates must carry the workload permissions boundary, so it cannot
 * mint a role more powerful than the checker needs.
 *
 * @example
 * policyJson(deployPolicyStatements(scope));
 */
export function deployPolicyStatements(s: DeployScope): PolicyStatement[] {
  const { accountId: a, region: r, namePrefix: p } = s;
  const functions = `arn:aws:lambda:${r}:${a}:function:${p}-*`;
  const statements: PolicyStatement[] = [
    ...stateStatements(s, true),
    {
      Sid: 'ManageOriginBuckets',
      Effect: 'Allow',
      Action: [
        's3:CreateBucket',
        's3:DeleteBucket',
        's3:PutBucket*',
        's3:DeleteBucketPolicy',
        's3:PutEncryptionConfiguration',
        's3:PutLifecycleConfiguration',
      ],
      Resource: [`arn:aws:s3:::${p}-origin-*`],
    },
    {
      Sid: 'DeployCanaryObjects',
      Effect: 'Allow',
      Action: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'],
      Resource: [`arn:aws:s3:::${p}-origin-*/${s.canaryPrefix}*`],
    },
    {
      Sid: 'ManageQueues',
      Effect: 'Allow',
      Action: [
        'sqs:CreateQueue',
        'sqs:DeleteQueue',
        'sqs:SetQueueAttributes',
        'sqs:GetQueueAttributes',
        'sqs:GetQueueUrl',
        'sqs:TagQueue',
        'sqs:UntagQueue',
        'sqs:ListQueueTags',
      ],
      Resource: [`arn:aws:sqs:${r}:${a}:${p}-*`],
    },
    {
      Sid: 'ManageFunction',
      Effect: 'Allow',
      Action: [
        'lambda:CreateFunction',
        'lambda:DeleteFunction',
        'lambda:GetFunction',
        'lambda:GetFunctionConfiguration',
        'lambda:UpdateFunctionCode',
        'lambda:UpdateFunctionConfiguration',
        'lambda:PutFunctionConcurrency',
        'lambda:DeleteFunctionConcurrency',
        'lambda:AddPermission',
        'lambda:RemovePermission',
        'lambda:GetPolicy',
        'lambda:TagResource',
        'lambda:UntagResource',
        'lambda:ListTags',
        'lambda:PutFunctionEventInvokeConfig',
        'lambda:UpdateFunctionEventInvokeConfig',
        'lambda:DeleteFunctionEventInvokeConfig',
        'lambda:GetFunctionEventInvokeConfig',
        'lambda:ListVersionsByFunction',
        'lambda:GetFunctionCodeSigningConfig',
        'lambda:InvokeFunction',
      ],
      Resource: [functions],
    },
    {
      // CreateEventSourceMapping has no resource type: scoped by the function it maps to.
      // https://docs.aws.amazon.com/service-authorization/latest/reference/list_awslambda.html
      Sid: 'CreateEventSourceMapping',
      Effect: 'Allow',
      Action: ['lambda:CreateEventSourceMapping'],
      Resource: ['*'],
      Condition: { ArnLike: { 'lambda:FunctionArn': functions } },
    },
    {
      Sid: 'ManageEventSourceMapping',
      Effect: 'Allow',
      Action: [
        'lambda:UpdateEventSourceMapping',
        'lambda:DeleteEventSourceMapping',
        'lambda:GetEventSourceMapping',
      ],
      Resource: [`arn:aws:lambda:${r}:${a}:event-source-mapping:*`],
      Condition: { ArnLike: { 'lambda:FunctionArn': functions } },
    },
    {
      Sid: 'ManageBoundedRoles',
      Effect: 'Allow',
      Action: [
        'iam:CreateRole',
        'iam:PutRolePolicy',
        'iam:DeleteRolePolicy',
        'iam:AttachRolePolicy',
        'iam:DetachRolePolicy',
        'iam:PutRolePermissionsBoundary',
      ],
      Resource: [`arn:aws:iam::${a}:role${s.iamPath}*`],
      Condition: { StringEquals: { 'iam:PermissionsBoundary': s.permissionsBoundaryArn } },
    },
    {
      Sid: 'ManageRoles',
      Effect: 'Allow',
      Action: [
        'iam:DeleteRole',
        'iam:GetRole',
        'iam:GetRolePolicy',
        'iam:UpdateRole',
        'iam:UpdateRoleDescription',
        'iam:UpdateAssumeRolePolicy',
        'iam:TagRole',
        'iam:UntagRole',
        'iam:ListRolePolicies',
        'iam:ListAttachedRolePolicies',
        'iam:ListInstanceProfilesForRole',
      ],
      Resource: [`arn:aws:iam::${a}:role${s.iamPath}*`],
    },
    {
      Sid: 'PassRolesToLambdaOnly',
      Effect: 'Allow',
      Action: ['iam:PassRole'],
      Resource: [`arn:aws:iam::${a}:role${s.iamPath}*`],
      Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } },
    },
    {
      Sid: 'KeepBoundaries',
      Effect: 'Deny',
      Action: ['iam:DeleteRolePermissionsBoundary'],
      Resource: [`arn:aws:iam::${a}:role${s.iamPath}*`],
    },
    {
      Sid: 'ManagePolicies',
      Effect: 'Allow',
      Action: [
        'iam:CreatePolicy',
        'iam:DeletePolicy',
        'iam:CreatePolicyVersion',
        'iam:DeletePolicyVersion',
        'iam:GetPolicy',
        'iam:GetPolicyVersion',
        'iam:ListPolicyVersions',
        'iam:ListEntitiesForPolicy',
        'iam:TagPolicy',
        'iam:UntagPolicy',
      ],
      Resource: [`arn:aws:iam::${a}:policy${s.iamPath}*`],
    },
    {
      Sid: 'ManageLogGroups',
      Effect: 'Allow',
      Action: [
        'logs:CreateLogGroup',
        'logs:DeleteLogGroup',
        'logs:PutRetentionPolicy',
        'logs:DeleteRetentionPolicy',
        'logs:TagResource',
        'logs:UntagResource',
        'logs:ListTagsForResource',
        'logs:TagLogGroup',
        'logs:UntagLogGroup',
        'logs:ListTagsLogGroup',
      ],
      Resource: [`arn:aws:logs:${r}:${a}:log-group:/aws/lambda/${p}-*`],
    },
    {
      Sid: 'ManageScheduleRules',
      Effect: 'Allow',
      Action: [
        'events:PutRule',
        'events:DeleteRule',
        'events:DescribeRule',
        'events:EnableRule',
        'events:DisableRule',
        'events:PutTargets',
        'events:RemoveTargets',
        'events:ListTargetsByRule',
        'events:TagResource',
        'events:UntagResource',
        'events:ListTagsForResource',
      ],
      Resource: [`arn:aws:events:${r}:${a}:rule/${p}-*`],
    },
    {
      Sid: 'ManageAlarmTopic',
      Effect: 'Allow',
      Action: [
        'sns:CreateTopic',
        'sns:DeleteTopic',
        'sns:GetTopicAttributes',
        'sns:SetTopicAttributes',
        'sns:Subscribe',
        'sns:Unsubscribe',
        'sns:GetSubscriptionAttributes',
        'sns:SetSubscriptionAttributes',
        'sns:ListSubscriptionsByTopic',
        'sns:TagResource',
        'sns:UntagResource',
        'sns:ListTagsForResource',
      ],
      Resource: [`arn:aws:sns:${r}:${a}:${p}-*`],
    },
    {
      Sid: 'ManageAlarms',
      Effect: 'Allow',
      Action: [
        'cloudwatch:PutMetricAlarm',
        'cloudwatch:DeleteAlarms',
        'cloudwatch:DescribeAlarms',
        'cloudwatch:TagResource',
        'cloudwatch:UntagResource',
        'cloudwatch:ListTagsForResource',
      ],
      Resource: [`arn:aws:cloudwatch:${r}:${a}:alarm:${p}-*`],
    },
    {
      Sid: 'ManageDashboard',
      Effect: 'Allow',
      Action: ['cloudwatch:PutDashboard', 'cloudwatch:DeleteDashboards', 'cloudwatch:GetDashboard'],
      Resource: [`arn:aws:cloudwatch::${a}:dashboard/${p}-*`],
    },
    {
      // Key ARNs carry no name: a new key must be tagged with the prefix, existing ones are managed by tag.
      Sid: 'CreateTaggedKey',
      Effect: 'Allow',
      Action: ['kms:CreateKey', 'kms:TagResource'],
      Resource: ['*'],
      Condition: { StringEquals: { [`aws:RequestTag/${s.projectTagKey}`]: p } },
    },
    {
      Sid: 'ManageTaggedKeys',
      Effect: 'Allow',
      Action: [
        'kms:DescribeKey',
        'kms:GetKeyPolicy',
        'kms:PutKeyPolicy',
        'kms:EnableKeyRotation',
        'kms:GetKeyRotationStatus',
        'kms:ScheduleKeyDeletion',
        'kms:UpdateKeyDescription',
        'kms:TagResource',
        'kms:UntagResource',
        'kms:ListResourceTags',
      ],
      Resource: [`arn:aws:kms:${r}:${a}:key/*`],
      Condition: { StringEquals: { [`aws:ResourceTag/${s.projectTagKey}`]: p } },
    },
    {
      // CloudFront ids are random: distributions and policies are scoped to the account.
      Sid: 'ManageDistribution',
      Effect: 'Allow',
      Action: [
        'cloudfront:CreateDistribution',
        'cloudfront:CreateDistributionWithTags',
        'cloudfront:UpdateDistribution',
        'cloudfront:DeleteDistribution',
        'cloudfront:GetDistribution',
        'cloudfront:GetDistributionConfig',
        'cloudfront:CreateInvalidation',
        'cloudfront:TagResource',
        'cloudfront:UntagResource',
        'cloudfront:ListTagsForResource',
        'cloudfront:CreateCachePolicy',
        'cloudfront:UpdateCachePolicy',
        'cloudfront:DeleteCachePolicy',
        'cloudfront:GetCachePolicy',
        'cloudfront:CreateResponseHeadersPolicy',
        'cloudfront:UpdateResponseHeadersPolicy',
        'cloudfront:DeleteResponseHeadersPolicy',
        'cloudfront:GetResponseHeadersPolicy',
        'cloudfront:CreateOriginAccessControl',
        'cloudfront:UpdateOriginAccessControl',
        'cloudfront:DeleteOriginAccessControl',
        'cloudfront:GetOriginAccessControl',
      ],
      Resource: [
        `arn:aws:cloudfront::${a}:distribution/*`,
        `arn:aws:cloudfront::${a}:cache-policy/*`,
        `arn:aws:cloudfront::${a}:response-headers-policy/*`,
        `arn:aws:cloudfront::${a}:origin-access-control/*`,
      ],
    },
  ];
  if (s.accessLogBucket !== null) {
    // CloudFront standard logging grants its log writer on the bucket ACL at distribution update.
    statements.push({
      Sid: 'GrantCloudFrontLogDelivery',
      Effect: 'Allow',
      Action: ['s3:GetBucketAcl', 's3:PutBucketAcl'],
      Resource: [`arn:aws:s3:::${s.accessLogBucket}`],
    });
  }
  return statements;
}

/**
 * The most any main-stack role may do (its permissions boundary): what the stale-checker needs, on
 * resources named with the prefix. A role the deploy role creates cannot exceed this, whatever policy
 * it is given. https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
 *
 * @example
 * new IamPolicy(this, 'boundary', { name, policy: policyJson(workloadBoundaryStatements(scope)) });
 */
export function workloadBoundaryStatements(s: DeployScope): PolicyStatement[] {
  const { accountId: a, region: r, namePrefix: p } = s;
  return [
    {
      Sid: 'OriginPlaylists',
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:DeleteObject', 's3:ListBucket', 's3:ListBucketVersions'],
      Resource: [`arn:aws:s3:::${p}-origin-*`, `arn:aws:s3:::${p}-origin-*/*`],
    },
    {
      Sid: 'PlaylistQueues',
      Effect: 'Allow',
      Action: [
        'sqs:ReceiveMessage',
        'sqs:DeleteMessage',
        'sqs:ChangeMessageVisibility',
        'sqs:GetQueueAttributes',
        'sqs:SendMessage',
      ],
      Resource: [`arn:aws:sqs:${r}:${a}:${p}-*`],
    },
    {
      Sid: 'OwnMetrics',
      Effect: 'Allow',
      Action: ['cloudwatch:PutMetricData'],
      Resource: ['*'],
      Condition: { StringEquals: { 'cloudwatch:namespace': s.metricsNamespace } },
    },
    {
      Sid: 'Traces',
      Effect: 'Allow',
      Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
      Resource: ['*'],
    },
    {
      Sid: 'OwnLogs',
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: [`arn:aws:logs:${r}:${a}:log-group:/aws/lambda/${p}-*`],
    },
  ];
}
