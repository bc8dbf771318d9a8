import type { IConstruct } from 'constructs';
import type { TerraformResource } from 'cdktf';

/**
 * The scanner rules the security-baseline suite covers (checkov `CKV_*`, trivy `AVD-AWS-*`). A rule a
 * resource does not meet is accepted next to that resource with {@link acceptRisk} and a reason.
 */
export const SCANNER_RULES = {
  CKV_AWS_18: 'S3 bucket has access logging enabled',
  CKV_AWS_28: 'DynamoDB table has point-in-time recovery',
  CKV_AWS_119: 'DynamoDB table is encrypted with a KMS CMK',
  'AVD-AWS-0024': 'DynamoDB point-in-time recovery',
  'AVD-AWS-0025': 'DynamoDB table encrypted with a customer managed key',
  CKV_AWS_19: 'S3 bucket is encrypted at rest',
  CKV_AWS_21: 'S3 bucket has versioning enabled',
  CKV_AWS_53: 'S3 bucket blocks public ACLs',
  CKV_AWS_54: 'S3 bucket blocks public policy',
  CKV_AWS_55: 'S3 bucket ignores public ACLs',
  CKV_AWS_56: 'S3 bucket restricts public buckets',
  CKV_AWS_145: 'S3 bucket is encrypted with a KMS CMK',
  CKV_AWS_50: 'Lambda has X-Ray tracing enabled',
  CKV_AWS_115: 'Lambda has function-level concurrency limit',
  CKV_AWS_116: 'Lambda has a dead-letter queue',
  CKV_AWS_173: 'Lambda environment variables are encrypted with a KMS CMK',
  CKV_AWS_86: 'CloudFront distribution has access logging',
  CKV_AWS_68: 'CloudFront distribution has WAF enabled',
  CKV_AWS_174: 'CloudFront distribution uses TLS 1.2',
  CKV_AWS_34: 'CloudFront viewer protocol policy requires HTTPS',
  CKV_AWS_310: 'CloudFront distribution has origin failover',
  CKV2_AWS_6: 'S3 bucket has a public access block',
  CKV2_AWS_61: 'S3 bucket has a lifecycle configuration',
  CKV2_AWS_62: 'S3 bucket has event notifications',
  CKV2_AWS_32: 'CloudFront distribution has a response headers policy',
  CKV2_AWS_46: 'CloudFront S3 origin uses origin access control',
  'AVD-AWS-0086': 'S3 block public ACLs',
  'AVD-AWS-0087': 'S3 block public policy',
  'AVD-AWS-0088': 'S3 bucket encryption',
  'AVD-AWS-0089': 'S3 bucket logging',
  'AVD-AWS-0090': 'S3 bucket versioning',
  'AVD-AWS-0091': 'S3 ignore public ACLs',
  'AVD-AWS-0092': 'S3 no public ACL',
  'AVD-AWS-0093': 'S3 restrict public buckets',
  'AVD-AWS-0094': 'S3 bucket has a public access block',
  'AVD-AWS-0066': 'Lambda tracing',
  'AVD-AWS-0010': 'CloudFront logging',
  'AVD-AWS-0011': 'CloudFront WAF',
  'AVD-AWS-0012': 'CloudFront HTTPS only',
  'AVD-AWS-0013': 'CloudFront TLS 1.2',
} as const;
export type ScannerRule = keyof typeof SCANNER_RULES;

/** A documented exception: the rules a resource does not meet, and why that is acceptable. */
export interface RiskAcceptance {
  readonly rules: readonly ScannerRule[];
  readonly reason: string;
}

/** Construct metadata type under which acceptances are recorded. */
const RISK_ACCEPTANCE_METADATA = 'hls-stale-guard:risk-acceptance';

/**
 * Records that `resource` does not meet `rules`, with the reason. The acceptance lands in the construct
 * metadata (read by the tests) and in the resource's `//` comment in the synthesized Terraform JSON
 * (Terraform ignores `//` keys), written as `checkov:skip=<rule>: <reason>` so reviewers and scanners'
 * suppression lists see it next to the resource.
 *
 * @example
 * // checkov:skip=CKV_AWS_68: WAF is left to the operator
 * acceptRisk(distribution, { rules: ['CKV_AWS_68', 'AVD-AWS-0011'], reason: 'WAF is left to the operator' });
 */
export function acceptRisk(resource: TerraformResource, acceptance: RiskAcceptance): void {
  if (acceptance.reason.trim().length < 10) {
    throw new Error(`risk acceptance for ${resource.node.path} needs a written reason`);
  }
  resource.node.addMetadata(RISK_ACCEPTANCE_METADATA, acceptance);
  const comments = acceptedRisks(resource).flatMap((a) =>
    a.rules.map(
      (rule) => `${rule.startsWith('AVD-') ? 'trivy:ignore' : 'checkov:skip'}=${rule}: ${a.reason}`,
    ),
  );
  resource.addOverride('//.security_exceptions', comments);
}

/**
 * The acceptances recorded on one construct.
 *
 * @example
 * acceptedRisks(distribution).flatMap((a) => a.rules); // ['CKV_AWS_68', 'AVD-AWS-0011', …]
 */
export function acceptedRisks(construct: IConstruct): RiskAcceptance[] {
  return construct.node.metadata
    .filter((entry) => entry.type === RISK_ACCEPTANCE_METADATA)
    .map((entry) => entry.data as RiskAcceptance);
}
