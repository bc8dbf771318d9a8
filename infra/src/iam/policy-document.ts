/**
 * IAM policy documents as plain typed data, rendered with `JSON.stringify`. cdktf resolves the tokens
 * inside the string to Terraform interpolations (`${aws_s3_bucket.x.arn}`), so the synthesized JSON holds
 * an ordinary policy string that `terraform` understands without cdktf — and tests can `JSON.parse` it.
 */

/** A condition block: operator → key → value(s). */
type PolicyCondition = Record<string, Record<string, string | string[] | boolean>>;

/** Who a resource policy applies to. */
type PolicyPrincipal =
  '*' | { AWS?: string | string[]; Service?: string | string[]; Federated?: string };

/** One statement; every statement carries a `Sid` so tests and reviewers can name it. */
export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow' | 'Deny';
  Principal?: PolicyPrincipal;
  Action?: string[];
  NotAction?: string[];
  Resource?: string[];
  NotResource?: string[];
  Condition?: PolicyCondition;
}

/** A whole policy document. */
export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

/**
 * Renders statements as a policy document string.
 *
 * @example
 * policyJson([{ Sid: 'Read', Effect: 'Allow', Action: ['s3:GetObject'], Resource: [`${bucket.arn}/*`] }]);
 */
export function policyJson(statements: readonly PolicyStatement[]): string {
  const document: PolicyDocument = { Version: '2012-10-17', Statement: [...statements] };
  return JSON.stringify(document);
}

/**
 * The statement every bucket policy starts with: deny any request that is not over TLS, or over TLS
 * older than 1.2 (AWS S3 security best practices).
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html
 *
 * @example
 * policyJson(denyInsecureTransport([bucket.arn, `${bucket.arn}/*`], 's3'));
 */
export function denyInsecureTransport(resources: string[], service: 's3' | 'sqs' | 'sns') {
  const statements: PolicyStatement[] = [
    {
      Sid: 'DenyInsecureTransport',
      Effect: 'Deny',
      Principal: '*',
      Action: [`${service}:*`],
      Resource: resources,
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    },
  ];
  if (service === 's3') {
    statements.push({
      Sid: 'DenyTlsOlderThan12',
      Effect: 'Deny',
      Principal: '*',
      Action: ['s3:*'],
      Resource: resources,
      Condition: { NumericLessThan: { 's3:TlsVersion': '1.2' } },
    });
  }
  return statements;
}
