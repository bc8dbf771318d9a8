import type { IConstruct } from 'constructs';
import {
  DefaultTokenResolver,
  StringConcat,
  TerraformStack,
  Tokenization,
  type IAspect,
} from 'cdktf';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketAcl } from '@cdktf/provider-aws/lib/s3-bucket-acl';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketWebsiteConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-website-configuration';
import type { PolicyDocument } from '../iam/policy-document';

/** Thrown at synth when a bucket could be public or is not explicitly encrypted. */
export class BucketBaselineError extends Error {
  override readonly name = 'BucketBaselineError';
  constructor(readonly violations: readonly string[]) {
    super(
      `S3 baseline violated (every bucket private and encrypted):\n${violations.map((v) => `  - ${v}`).join('\n')}`,
    );
  }
}

const ENCRYPTION_ALGORITHMS = ['AES256', 'aws:kms', 'aws:kms:dsse'];
const PUBLIC_CANNED_ACLS = ['public-read', 'public-read-write', 'authenticated-read'];

/** Whether a resolved `bucket` argument references this bucket resource (`${aws_s3_bucket.<name>.…}`). */
function references(resolved: unknown, bucket: S3Bucket): boolean {
  return (
    typeof resolved === 'string' &&
    resolved.includes(`\${${bucket.terraformResourceType}.${bucket.friendlyUniqueId}.`)
  );
}

function isAnyone(principal: unknown): boolean {
  if (principal === '*') return true;
  if (typeof principal === 'object' && principal !== null && 'AWS' in principal) {
    const aws = (principal as { AWS: unknown }).AWS;
    return aws === '*' || (Array.isArray(aws) && aws.includes('*'));
  }
  return false;
}

/**
 * Every problem with the buckets of a stack: a bucket without a public access block that sets all four
 * flags, without an explicit SSE configuration, with a public canned ACL or website hosting, or with a
 * policy that allows anyone. Buckets must be referenced by resource (`bucket.id`), not by literal name,
 * for the companion resources to count.
 *
 * @example
 * bucketBaselineViolations(stack); // [] when every bucket is private and encrypted
 */
function bucketBaselineViolations(stack: TerraformStack): string[] {
  const all = stack.node.findAll();
  const resolver = new DefaultTokenResolver(new StringConcat());
  const resolve = (value: unknown): unknown =>
    Tokenization.resolve(value, { scope: stack, preparing: false, resolver });
  const violations: string[] = [];
  for (const bucket of all.filter((c): c is S3Bucket => c instanceof S3Bucket)) {
    const path = bucket.node.path;
    const companions = <T extends IConstruct>(
      type: new (...args: never[]) => T,
      arg: (c: T) => unknown,
    ) =>
      all
        .filter((c): c is T => c instanceof type)
        .filter((c) => references(resolve(arg(c)), bucket));

    const blocks = companions(S3BucketPublicAccessBlock, (c) => c.bucketInput);
    const fullBlock = blocks.some(
      (b) =>
        resolve(b.blockPublicAclsInput) === true &&
        resolve(b.blockPublicPolicyInput) === true &&
        resolve(b.ignorePublicAclsInput) === true &&
        resolve(b.restrictPublicBucketsInput) === true,
    );
    if (!fullBlock) violations.push(`${path}: no public access block with all four flags true`);

    const encryption = companions(S3BucketServerSideEncryptionConfigurationA, (c) => c.bucketInput);
    const encrypted = encryption.some((e) => {
      const rules = resolve(e.ruleInput) as
        | {
            apply_server_side_encryption_by_default?: { sse_algorithm?: string };
            applyServerSideEncryptionByDefault?: { sseAlgorithm?: string };
          }[]
        | undefined;
      return (rules ?? []).some((rule) => {
        const algorithm =
          rule.applyServerSideEncryptionByDefault?.sseAlgorithm ??
          rule.apply_server_side_encryption_by_default?.sse_algorithm;
        return algorithm !== undefined && ENCRYPTION_ALGORITHMS.includes(algorithm);
      });
    });
    if (!encrypted) violations.push(`${path}: no server-side encryption configuration`);

    for (const acl of companions(S3BucketAcl, (c) => c.bucketInput)) {
      const canned = resolve(acl.aclInput);
      if (typeof canned === 'string' && PUBLIC_CANNED_ACLS.includes(canned)) {
        violations.push(`${path}: public canned ACL "${canned}"`);
      }
    }
    if (companions(S3BucketWebsiteConfiguration, (c) => c.bucketInput).length > 0) {
      violations.push(`${path}: website hosting makes the bucket publicly addressable`);
    }
    for (const policy of companions(S3BucketPolicy, (c) => c.bucketInput)) {
      const text = resolve(policy.policyInput);
      let document: PolicyDocument;
      try {
        document = JSON.parse(String(text)) as PolicyDocument;
      } catch {
        violations.push(`${path}: bucket policy is not literal JSON, cannot be checked`);
        continue;
      }
      for (const statement of document.Statement) {
        if (statement.Effect === 'Allow' && isAnyone(statement.Principal)) {
          violations.push(`${path}: policy statement ${statement.Sid} allows anyone`);
        }
      }
    }
  }
  return violations;
}

/**
 * Fails synth when any bucket of the stack could be public or is not encrypted.
 *
 * @example
 * Aspects.of(stack).add(new BucketBaselineAspect());
 */
export class BucketBaselineAspect implements IAspect {
  visit(node: IConstruct): void {
    if (!TerraformStack.isStack(node)) return;
    const violations = bucketBaselineViolations(node);
    if (violations.length > 0) throw new BucketBaselineError(violations);
  }
}
