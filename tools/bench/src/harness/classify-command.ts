/** S3 operations as they are billed: GET and HEAD at one price, PUT and LIST at another, DELETE free. */
export const S3Operation = {
  Get: 'get',
  Head: 'head',
  Put: 'put',
  List: 'list',
  Delete: 'delete',
  Other: 'other',
} as const;
export type S3Operation = (typeof S3Operation)[keyof typeof S3Operation];

export type RequestClass =
  | { service: 's3'; operation: S3Operation }
  | { service: 'sqs'; action: string }
  | { service: 'dynamodb'; action: string }
  | { service: 'other' };

const S3_OPERATIONS: Readonly<Record<string, S3Operation>> = {
  GetObjectCommand: S3Operation.Get,
  HeadObjectCommand: S3Operation.Head,
  PutObjectCommand: S3Operation.Put,
  ListObjectsV2Command: S3Operation.List,
  ListObjectsCommand: S3Operation.List,
  DeleteObjectCommand: S3Operation.Delete,
};

/**
 * Which billable request an SDK v3 command is: S3 by price class, SQS and DynamoDB by API action (the
 * command name without `Command`, as the bill and CloudTrail name it).
 *
 * @example
 * classifyCommand('S3Client', 'HeadObjectCommand');           // { service: 's3', operation: 'head' }
 * classifyCommand('SQSClient', 'ChangeMessageVisibilityCommand'); // { service: 'sqs', action: 'ChangeMessageVisibility' }
 */
export function classifyCommand(clientName: string, commandName: string): RequestClass {
  if (clientName === 'S3Client') {
    return { service: 's3', operation: S3_OPERATIONS[commandName] ?? S3Operation.Other };
  }
  if (clientName === 'SQSClient') {
    return { service: 'sqs', action: commandName.replace(/Command$/, '') };
  }
  if (clientName === 'DynamoDBClient') {
    return { service: 'dynamodb', action: commandName.replace(/Command$/, '') };
  }
  return { service: 'other' };
}
