import { inThisAccount, stackArns, type DeployScope } from './deploy-scope';
import type { PolicyStatement } from './policy-document';

/**
 * The most any main-stack role may do (its permissions boundary): what the stale-checker needs, on
 * resources named with the prefix, in this account. A role the deploy role creates cannot exceed
 * this, whatever inline policy it is given: it may read and delete playlists (`*.m3u8`) under the
 * checked prefixes only — never a segment, never another key.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
 *
 * @example
 * new IamPolicy(this, 'boundary', { name, policy: policyJson(workloadBoundaryStatements(scope)) });
 */
export function workloadBoundaryStatements(s: DeployScope): PolicyStatement[] {
  const arn = stackArns(s);
  return [
    {
      Sid: 'ReadAndDeletePlaylists',
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:DeleteObject'],
      Resource: arn.playlistsUnder(s.checkedPrefixes),
      Condition: inThisAccount(s),
    },
    {
      Sid: 'ListOrigins',
      Effect: 'Allow',
      Action: ['s3:ListBucket', 's3:ListBucketVersions'],
      Resource: arn.originBucketArns,
      Condition: inThisAccount(s),
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
      Resource: [arn.queues],
    },
    {
      // The playlist registry: item reads and writes, no table administration.
      Sid: 'RegistryItems',
      Effect: 'Allow',
      Action: [
        'dynamodb:GetItem',
        'dynamodb:BatchGetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
        'dynamodb:BatchWriteItem',
        'dynamodb:ConditionCheckItem',
        'dynamodb:Query',
        'dynamodb:Scan',
      ],
      Resource: [arn.tables],
    },
    {
      // The registry table is encrypted with the stack's key; item calls use it through DynamoDB.
      // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/encryption.howitworks.html
      Sid: 'RegistryTableKey',
      Effect: 'Allow',
      Action: [
        'kms:Decrypt',
        'kms:Encrypt',
        'kms:GenerateDataKey*',
        'kms:ReEncrypt*',
        'kms:DescribeKey',
      ],
      Resource: [arn.keys],
      Condition: {
        StringEquals: {
          'kms:ViaService': `dynamodb.${s.region}.amazonaws.com`,
          [`aws:ResourceTag/${s.projectTagKey}`]: s.namePrefix,
        },
      },
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
      Resource: [arn.logGroups],
    },
  ];
}
