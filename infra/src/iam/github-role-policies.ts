import { inThisAccount, stackArns, type DeployScope } from './deploy-scope';
import type { PolicyStatement } from './policy-document';

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
 * Defence in depth for a role that runs on pull-request code: whatever else is attached to it later, no
 * object data, parameter or secret value outside the state.
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
 * Plan role (besides the shared refresh reads of `terraformReadStatements`): state read + lock
 * file (plan takes the lock), and no data reads.
 *
 * @example
 * policyJson(planPolicyStatements(scope));
 */
export function planPolicyStatements(s: DeployScope): PolicyStatement[] {
  return [...stateStatements(s, false), denyDataReads(s)];
}

/**
 * Deploy role (besides the shared refresh reads of `terraformReadStatements`): write access to the
 * main stack's resources only, by name prefix (or IAM path, or tag where the ARN has no name). Roles
 * it creates must carry the workload permissions boundary, so it cannot mint a role more powerful than
 * the checker needs; the encoder policy (attached by roles outside the stack) is out of its reach.
 *
 * Every resource type with `tags` gets the provider's `default_tags` on create, and provider 6 sends
 * them in the create call (tag on create): each needs its service's tag permission on the new ARN.
 *
 * @example
 * policyJson(deployPolicyStatements(scope));
 */
export function deployPolicyStatements(s: DeployScope): PolicyStatement[] {
  const arn = stackArns(s);
  const { namePrefix: p } = s;
  const requestTagged = { StringEquals: { [`aws:RequestTag/${s.projectTagKey}`]: p } };
  const resourceTagged = { StringEquals: { [`aws:ResourceTag/${s.projectTagKey}`]: p } };
  const statements: PolicyStatement[] = [
    ...stateStatements(s, true),
    {
      // A bucket that does not exist yet has no owner account to condition on; creating a name another
      // account owns fails anyway (BucketAlreadyExists). s3:TagResource: CreateBucket with tags (tag
      // on create). https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html
      Sid: 'CreateOriginBuckets',
      Effect: 'Allow',
      Action: ['s3:CreateBucket', 's3:TagResource'],
      Resource: [arn.createdBuckets],
    },
    {
      Sid: 'ManageOriginBuckets',
      Effect: 'Allow',
      Action: [
        's3:DeleteBucket',
        's3:PutBucket*',
        's3:DeleteBucketPolicy',
        's3:PutEncryptionConfiguration',
        's3:PutLifecycleConfiguration',
        's3:TagResource',
        's3:UntagResource',
      ],
      Resource: [arn.createdBuckets],
      Condition: inThisAccount(s),
    },
    {
      // The one change the stack makes to an existing bucket it attaches to: the playlist notification.
      Sid: 'NotifyFromOriginBuckets',
      Effect: 'Allow',
      Action: ['s3:PutBucketNotification'],
      Resource: arn.originBucketArns,
      Condition: inThisAccount(s),
    },
    {
      // The post-deploy canary (tools/canary): uploads, HEADs and deletes its own playlists under the
      // canary prefix. IAM has no condition key on an upload's Content-Type, so the key suffix is what
      // limits it to playlists. https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html
      Sid: 'DeployCanaryPlaylists',
      Effect: 'Allow',
      Action: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'],
      Resource: arn.playlistsUnder([s.canaryPrefix]),
      Condition: inThisAccount(s),
    },
    {
      Sid: 'ManageQueues',
      Effect: 'Allow',
      Action: [
        'sqs:CreateQueue',
        'sqs:DeleteQueue',
        'sqs:SetQueueAttributes',
        'sqs:TagQueue',
        'sqs:UntagQueue',
      ],
      Resource: [arn.queues],
    },
    {
      Sid: 'ManageFunction',
      Effect: 'Allow',
      Action: [
        'lambda:CreateFunction',
        'lambda:DeleteFunction',
        'lambda:UpdateFunctionCode',
        'lambda:UpdateFunctionConfiguration',
        'lambda:PutFunctionConcurrency',
        'lambda:DeleteFunctionConcurrency',
        'lambda:AddPermission',
        'lambda:RemovePermission',
        'lambda:TagResource',
        'lambda:UntagResource',
        'lambda:PutFunctionEventInvokeConfig',
        'lambda:UpdateFunctionEventInvokeConfig',
        'lambda:DeleteFunctionEventInvokeConfig',
      ],
      Resource: [arn.functions],
    },
    {
      // CreateEventSourceMapping has no resource type: scoped by the function it maps to.
      // https://docs.aws.amazon.com/service-authorization/latest/reference/list_awslambda.html
      Sid: 'CreateEventSourceMapping',
      Effect: 'Allow',
      Action: ['lambda:CreateEventSourceMapping'],
      Resource: ['*'],
      Condition: { ArnLike: { 'lambda:FunctionArn': arn.functions } },
    },
    {
      Sid: 'ManageEventSourceMapping',
      Effect: 'Allow',
      Action: ['lambda:UpdateEventSourceMapping', 'lambda:DeleteEventSourceMapping'],
      Resource: [arn.eventSourceMappings],
      Condition: { ArnLike: { 'lambda:FunctionArn': arn.functions } },
    },
    {
      // CreateEventSourceMapping with tags (default_tags) needs lambda:TagResource on the new
      // mapping's ARN; its id is random, so the request must carry this stack's tag.
      // https://docs.aws.amazon.com/lambda/latest/dg/tags-esm.html
      Sid: 'TagEventSourceMappingOnCreate',
      Effect: 'Allow',
      Action: ['lambda:TagResource'],
      Resource: [arn.eventSourceMappings],
      Condition: requestTagged,
    },
    {
      Sid: 'RetagStackEventSourceMappings',
      Effect: 'Allow',
      Action: ['lambda:TagResource', 'lambda:UntagResource'],
      Resource: [arn.eventSourceMappings],
      Condition: resourceTagged,
    },
    {
      // Before applying a reserved concurrency the deploy job compares it with the account's
      // concurrency (Lambda keeps 100 unreserved). GetAccountSettings has no resource type.
      // https://docs.aws.amazon.com/lambda/latest/api/API_GetAccountSettings.html
      Sid: 'ReadLambdaAccountSettings',
      Effect: 'Allow',
      Action: ['lambda:GetAccountSettings'],
      Resource: ['*'],
    },
    {
      // The emergency stop (.github/workflows/emergency-stop.yml) finds the checker's event source
      // mapping to disable it (UpdateEventSourceMapping above). ListEventSourceMappings has no resource
      // type or condition key; it answers mapping metadata (ARNs, state), no data.
      // https://docs.aws.amazon.com/lambda/latest/dg/lambda-api-permissions-ref.html
      Sid: 'FindEventSourceMappings',
      Effect: 'Allow',
      Action: ['lambda:ListEventSourceMappings'],
      Resource: ['*'],
    },
    {
      // The post-deploy canary in dry-run reads the checker's DryRunWouldDelete metric. GetMetricData has
      // no resource type or condition key.
      // https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatch.html
      Sid: 'ReadCanaryMetric',
      Effect: 'Allow',
      Action: ['cloudwatch:GetMetricData'],
      Resource: ['*'],
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
      Resource: [arn.roles],
      Condition: { StringEquals: { 'iam:PermissionsBoundary': s.permissionsBoundaryArn } },
    },
    {
      Sid: 'ManageRoles',
      Effect: 'Allow',
      Action: [
        'iam:DeleteRole',
        'iam:UpdateRole',
        'iam:UpdateRoleDescription',
        'iam:UpdateAssumeRolePolicy',
        'iam:TagRole',
        'iam:UntagRole',
        'iam:ListInstanceProfilesForRole',
      ],
      Resource: [arn.roles],
    },
    {
      Sid: 'PassRolesToLambdaOnly',
      Effect: 'Allow',
      Action: ['iam:PassRole'],
      Resource: [arn.roles],
      Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } },
    },
    {
      Sid: 'KeepBoundaries',
      Effect: 'Deny',
      Action: ['iam:DeleteRolePermissionsBoundary'],
      Resource: [arn.roles],
    },
    {
      Sid: 'ManagePolicies',
      Effect: 'Allow',
      Action: [
        'iam:CreatePolicy',
        'iam:DeletePolicy',
        'iam:CreatePolicyVersion',
        'iam:DeletePolicyVersion',
        'iam:ListEntitiesForPolicy',
        'iam:TagPolicy',
        'iam:UntagPolicy',
      ],
      Resource: [arn.policies],
    },
    {
      // The encoder policy shares the IAM path but belongs to the bootstrap stack: roles outside the
      // main stack attach it, so the deploy role must not rewrite, delete or re-tag it.
      Sid: 'KeepEncoderPolicy',
      Effect: 'Deny',
      Action: [
        'iam:CreatePolicyVersion',
        'iam:DeletePolicyVersion',
        'iam:SetDefaultPolicyVersion',
        'iam:DeletePolicy',
        'iam:TagPolicy',
        'iam:UntagPolicy',
      ],
      Resource: [arn.encoderPolicy],
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
        'logs:TagLogGroup',
        'logs:UntagLogGroup',
      ],
      Resource: [arn.logGroups],
    },
    {
      Sid: 'ManageScheduleRules',
      Effect: 'Allow',
      Action: [
        'events:PutRule',
        'events:DeleteRule',
        'events:EnableRule',
        'events:DisableRule',
        'events:PutTargets',
        'events:RemoveTargets',
        'events:TagResource',
        'events:UntagResource',
      ],
      Resource: [arn.rules],
    },
    {
      // Subscribe/Unsubscribe: the optional e-mail subscription of the alarm topic.
      Sid: 'ManageAlarmTopic',
      Effect: 'Allow',
      Action: [
        'sns:CreateTopic',
        'sns:DeleteTopic',
        'sns:SetTopicAttributes',
        'sns:Subscribe',
        'sns:Unsubscribe',
        'sns:SetSubscriptionAttributes',
        'sns:TagResource',
        'sns:UntagResource',
      ],
      Resource: [arn.topics],
    },
    {
      Sid: 'ManageAlarms',
      Effect: 'Allow',
      Action: [
        'cloudwatch:PutMetricAlarm',
        'cloudwatch:DeleteAlarms',
        'cloudwatch:TagResource',
        'cloudwatch:UntagResource',
      ],
      Resource: [arn.alarms],
    },
    {
      Sid: 'ManageDashboard',
      Effect: 'Allow',
      Action: ['cloudwatch:PutDashboard', 'cloudwatch:DeleteDashboards'],
      Resource: [arn.dashboards],
    },
    {
      // The playlist registry: on-demand table with TTL, point-in-time recovery, SSE and tags.
      Sid: 'ManageRegistryTable',
      Effect: 'Allow',
      Action: [
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
      ],
      Resource: [arn.tables],
    },
    {
      // The registry table is encrypted with the stack's key: creating it makes DynamoDB take a grant
      // on the key for the table. Usable through DynamoDB only (and DynamoDB only acts on the tables
      // this role may create or update). No tag condition: the key is created moments before the
      // table, and tags on a new key are eventually consistent.
      // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/encryption.howitworks.html
      // https://docs.aws.amazon.com/kms/latest/developerguide/tagging-keys.html
      Sid: 'RegistryTableUsesStackKey',
      Effect: 'Allow',
      Action: [
        'kms:CreateGrant',
        'kms:DescribeKey',
        'kms:Decrypt',
        'kms:Encrypt',
        'kms:GenerateDataKey*',
        'kms:ReEncrypt*',
      ],
      Resource: [arn.keys],
      Condition: { StringEquals: { 'kms:ViaService': `dynamodb.${s.region}.amazonaws.com` } },
    },
    {
      // Key ARNs carry no name: a new key must be tagged with the prefix, existing ones are managed by tag.
      Sid: 'CreateTaggedKey',
      Effect: 'Allow',
      Action: ['kms:CreateKey', 'kms:TagResource'],
      Resource: ['*'],
      Condition: requestTagged,
    },
    {
      Sid: 'ManageTaggedKeys',
      Effect: 'Allow',
      Action: [
        'kms:PutKeyPolicy',
        'kms:EnableKeyRotation',
        'kms:ScheduleKeyDeletion',
        'kms:UpdateKeyDescription',
        'kms:TagResource',
        'kms:UntagResource',
      ],
      Resource: [arn.keys],
      Condition: resourceTagged,
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
        'cloudfront:TagResource',
        'cloudfront:UntagResource',
        'cloudfront:CreateCachePolicy',
        'cloudfront:UpdateCachePolicy',
        'cloudfront:DeleteCachePolicy',
        'cloudfront:CreateResponseHeadersPolicy',
        'cloudfront:UpdateResponseHeadersPolicy',
        'cloudfront:DeleteResponseHeadersPolicy',
        'cloudfront:CreateOriginAccessControl',
        'cloudfront:UpdateOriginAccessControl',
        'cloudfront:DeleteOriginAccessControl',
      ],
      Resource: arn.cloudfront,
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
