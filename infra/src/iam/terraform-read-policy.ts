import { inThisAccount, stackArns, type DeployScope } from './deploy-scope';
import type { PolicyStatement } from './policy-document';

/**
 * What `terraform plan` needs to refresh the main stack: the Get/List/Describe calls of AWS provider
 * 6.25 for each resource type the stack creates, on that stack's resources only. It replaces the AWS
 * managed `ReadOnlyAccess`, which can read every object, log event, parameter and function package of
 * the account. Deliberately absent: `s3:GetObject*` (object data), `logs:Get*`/`FilterLogEvents`/
 * `StartQuery` (log contents), `ssm:GetParameter*`, `secretsmanager:GetSecretValue`.
 *
 * `test/github-role-coverage.spec.ts` lists, per resource type, the calls the provider makes and
 * checks every resource of the synthesized main stack against this policy (a new resource type fails
 * it until its reads are added here).
 *
 * The bootstrap stack puts these in one customer managed policy attached to both GitHub roles.
 *
 * @example
 * new IamPolicy(this, 'terraform-read', { name, policy: policyJson(terraformReadStatements(scope)) });
 */
export function terraformReadStatements(s: DeployScope): PolicyStatement[] {
  const arn = stackArns(s);
  return [
    {
      // HeadBucket is authorized as s3:ListBucket (it lists keys, never object data).
      // https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadBucket.html
      Sid: 'ReadOriginBucketConfiguration',
      Effect: 'Allow',
      Action: [
        's3:ListBucket',
        's3:GetBucketLocation',
        's3:GetBucketPolicy',
        's3:GetBucketPolicyStatus',
        's3:GetBucketAcl',
        's3:GetBucketCORS',
        's3:GetBucketWebsite',
        's3:GetBucketVersioning',
        's3:GetBucketRequestPayment',
        's3:GetBucketLogging',
        's3:GetBucketObjectLockConfiguration',
        's3:GetBucketTagging',
        's3:GetBucketPublicAccessBlock',
        's3:GetBucketOwnershipControls',
        's3:GetBucketNotification',
        's3:GetAccelerateConfiguration',
        's3:GetLifecycleConfiguration',
        's3:GetReplicationConfiguration',
        's3:GetEncryptionConfiguration',
        's3:ListTagsForResource',
      ],
      Resource: arn.anyOriginBucket,
      Condition: inThisAccount(s),
    },
    {
      Sid: 'ReadQueues',
      Effect: 'Allow',
      Action: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ListQueueTags'],
      Resource: [arn.queues],
    },
    {
      // GetFunction also answers a pre-signed URL of the deployment package; Terraform's refresh of
      // aws_lambda_function calls it, so it is granted on the checker function alone (its package is
      // this repository's build, nothing secret). https://docs.aws.amazon.com/lambda/latest/api/API_GetFunction.html
      Sid: 'ReadCheckerFunction',
      Effect: 'Allow',
      Action: [
        'lambda:GetFunction',
        'lambda:GetFunctionConfiguration',
        'lambda:GetFunctionCodeSigningConfig',
        'lambda:GetFunctionConcurrency',
        'lambda:GetFunctionEventInvokeConfig',
        'lambda:GetPolicy',
        'lambda:ListVersionsByFunction',
        'lambda:ListTags',
      ],
      Resource: [arn.function],
    },
    {
      // Mapping ARNs end in a random UUID: readable account-wide (configuration only, no data).
      // ListTags: tagged mappings need it for every read.
      // https://docs.aws.amazon.com/lambda/latest/dg/tags-esm.html
      Sid: 'ReadEventSourceMappings',
      Effect: 'Allow',
      Action: ['lambda:GetEventSourceMapping', 'lambda:ListTags'],
      Resource: [arn.eventSourceMappings],
    },
    {
      Sid: 'ReadStackRoles',
      Effect: 'Allow',
      Action: [
        'iam:GetRole',
        'iam:GetRolePolicy',
        'iam:ListRolePolicies',
        'iam:ListAttachedRolePolicies',
        'iam:ListRoleTags',
      ],
      Resource: [arn.roles],
    },
    {
      // The aws_iam_session_context data source turns the caller's session ARN into its role ARN.
      // https://registry.terraform.io/providers/hashicorp/aws/6.25.0/docs/data-sources/iam_session_context
      Sid: 'ReadOwnRole',
      Effect: 'Allow',
      Action: ['iam:GetRole'],
      Resource: arn.githubRoles,
    },
    {
      Sid: 'ReadStackPolicies',
      Effect: 'Allow',
      Action: [
        'iam:GetPolicy',
        'iam:GetPolicyVersion',
        'iam:ListPolicyVersions',
        'iam:ListPolicyTags',
      ],
      Resource: [arn.policies],
    },
    {
      // DescribeLogGroups is authorized on the account's log groups as a whole; it returns group
      // settings, never log events. https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatchlogs.html
      Sid: 'DescribeLogGroups',
      Effect: 'Allow',
      Action: ['logs:DescribeLogGroups'],
      Resource: [`arn:aws:logs:${s.region}:${s.accountId}:log-group:*`],
    },
    {
      Sid: 'ReadLogGroupTags',
      Effect: 'Allow',
      Action: ['logs:ListTagsForResource', 'logs:ListTagsLogGroup'],
      Resource: [arn.logGroups],
    },
    {
      Sid: 'ReadScheduleRules',
      Effect: 'Allow',
      Action: ['events:DescribeRule', 'events:ListTargetsByRule', 'events:ListTagsForResource'],
      Resource: [arn.rules],
    },
    {
      Sid: 'ReadAlarmTopic',
      Effect: 'Allow',
      Action: [
        'sns:GetTopicAttributes',
        'sns:GetSubscriptionAttributes',
        'sns:ListSubscriptionsByTopic',
        'sns:ListTagsForResource',
      ],
      Resource: [arn.topics],
    },
    {
      Sid: 'ReadAlarms',
      Effect: 'Allow',
      Action: ['cloudwatch:DescribeAlarms', 'cloudwatch:ListTagsForResource'],
      Resource: [arn.alarms],
    },
    {
      Sid: 'ReadDashboard',
      Effect: 'Allow',
      Action: ['cloudwatch:GetDashboard'],
      Resource: [arn.dashboards],
    },
    {
      Sid: 'ReadTaggedKeys',
      Effect: 'Allow',
      Action: [
        'kms:DescribeKey',
        'kms:GetKeyPolicy',
        'kms:GetKeyRotationStatus',
        'kms:ListResourceTags',
      ],
      Resource: [arn.keys],
      Condition: { StringEquals: { [`aws:ResourceTag/${s.projectTagKey}`]: s.namePrefix } },
    },
    {
      Sid: 'ReadRegistryTable',
      Effect: 'Allow',
      Action: [
        'dynamodb:DescribeTable',
        'dynamodb:DescribeTimeToLive',
        'dynamodb:DescribeContinuousBackups',
        'dynamodb:ListTagsOfResource',
      ],
      Resource: [arn.tables],
    },
    {
      // CloudFront ids are random: scoped to the account. Configuration only (no logs, no objects).
      Sid: 'ReadDistribution',
      Effect: 'Allow',
      Action: [
        'cloudfront:GetDistribution',
        'cloudfront:GetDistributionConfig',
        'cloudfront:ListTagsForResource',
        'cloudfront:GetCachePolicy',
        'cloudfront:GetResponseHeadersPolicy',
        'cloudfront:GetOriginAccessControl',
      ],
      Resource: arn.cloudfront,
    },
  ];
}
