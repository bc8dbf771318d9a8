import { Construct } from 'constructs';
import { Lazy } from 'cdktf';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import {
  S3BucketLifecycleConfiguration,
  type S3BucketLifecycleConfigurationRule,
} from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { denyInsecureTransport, policyJson, type PolicyStatement } from '../iam/policy-document';
import { acceptRisk } from '../security/accept-risk';

/** Props of {@link PrivateBucket}. */
export interface PrivateBucketProps {
  /** Globally unique bucket name (may contain tokens). */
  readonly bucketName: string;
  /** Lifecycle rules (S3 allows one lifecycle configuration per bucket, so the owner passes them all). */
  readonly lifecycleRules: S3BucketLifecycleConfigurationRule[];
  /** Existing bucket for server access logs; `null`: no access logging (documented exception). */
  readonly accessLogBucket: string | null;
  /** Why SSE-S3 (not a KMS CMK) is enough for this bucket's objects; recorded as the CKV_AWS_145 exception. */
  readonly sseS3Rationale: string;
  /** Keep the bucket when the stack is destroyed (the Terraform state bucket). */
  readonly preventDestroy?: boolean;
}

/**
 * A bucket that is private and encrypted by construction: all four Block Public Access flags,
 * bucket-owner-enforced ownership (ACLs disabled), SSE-S3, versioning, a TLS-only bucket policy, and
 * the lifecycle rules given. Further policy statements are added with {@link addPolicyStatements}; the
 * policy is rendered once at synth.
 *
 * @example
 * const bucket = new PrivateBucket(this, 'state', { bucketName, lifecycleRules, accessLogBucket: null, sseS3Rationale });
 * bucket.addPolicyStatements({ Sid: 'Read', Effect: 'Allow', ... });
 */
export class PrivateBucket extends Construct {
  readonly bucket: S3Bucket;
  private readonly statements: PolicyStatement[] = [];

  constructor(scope: Construct, id: string, props: PrivateBucketProps) {
    super(scope, id);
    if (props.lifecycleRules.length === 0) {
      // Terraform requires a rule, and a bucket without one keeps everything forever (CKV2_AWS_61).
      throw new Error(`${this.node.path}: a PrivateBucket needs at least one lifecycle rule`);
    }
    this.bucket = new S3Bucket(this, 'bucket', {
      bucket: props.bucketName,
      forceDestroy: false,
      lifecycle: props.preventDestroy ? { preventDestroy: true } : undefined,
    });
    const bucket = this.bucket.id;

    const publicAccessBlock = new S3BucketPublicAccessBlock(this, 'public-access-block', {
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, 'ownership', {
      bucket,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      bucket,
      rule: [
        { applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' }, bucketKeyEnabled: true },
      ],
    });
    // checkov:skip=CKV_AWS_145: SSE-S3 (AES256), not a KMS CMK; the owner states why (sseS3Rationale)
    acceptRisk(this.bucket, { rules: ['CKV_AWS_145'], reason: props.sseS3Rationale });
    new S3BucketVersioningA(this, 'versioning', {
      bucket,
      versioningConfiguration: { status: 'Enabled' },
    });
    new S3BucketLifecycleConfiguration(this, 'lifecycle', { bucket, rule: props.lifecycleRules });

    if (props.accessLogBucket !== null) {
      new S3BucketLoggingA(this, 'access-logging', {
        bucket,
        targetBucket: props.accessLogBucket,
        targetPrefix: `s3/${props.bucketName}/`,
      });
    } else {
      // checkov:skip=CKV_AWS_18: access logging is optional by config (accessLogBucket)
      acceptRisk(this.bucket, {
        rules: ['CKV_AWS_18', 'AVD-AWS-0089'],
        reason:
          'server access logging is optional by config (accessLogBucket): it needs an existing log bucket, which this stack does not own',
      });
    }

    this.statements.push(...denyInsecureTransport([this.bucket.arn, `${this.bucket.arn}/*`], 's3'));
    new S3BucketPolicy(this, 'policy', {
      bucket,
      policy: Lazy.stringValue({ produce: () => policyJson(this.statements) }),
      // The public access block must exist before a policy is attached (S3 evaluates it on PutBucketPolicy).
      dependsOn: [publicAccessBlock],
    });
  }

  /** Adds statements to the bucket policy (rendered at synth, after every construct has added its own). */
  addPolicyStatements(...statements: PolicyStatement[]): void {
    this.statements.push(...statements);
  }
}
