import { Construct } from 'constructs';
import { DataAwsS3Bucket } from '@cdktf/provider-aws/lib/data-aws-s3-bucket';
import type { ITerraformDependable } from 'cdktf';
import type { PolicyStatement } from '../iam/policy-document';
import { playlistNotification, type Origin } from './origin-bucket';

/**
 * An existing origin bucket the stack attaches to without creating or modifying it: it reads the bucket
 * (a data source, so a missing bucket fails the plan) and adds only the playlist event notification.
 *
 * S3 keeps one notification configuration per bucket, and `aws_s3_bucket_notification` replaces it
 * whole: the preflight (`npx nx run infra:preflight`) refuses to go on while a bucket has a
 * configuration that is not this stack's. The bucket policy is the owner's too: S3 keeps one policy per
 * bucket and `aws_s3_bucket_policy` would replace it (and delete it on destroy), so statements the stack
 * needs are collected in {@link requiredPolicyStatements} and published as the stack output
 * `adopted_bucket_policy_statements` for the owner to merge.
 *
 * @example
 * const origin = new AdoptedOriginBucket(this, 'origin-a', { bucketName: 'acme-live-a' });
 * origin.notifyPlaylistWrites(queue.arn, prefixes, [queuePolicy]);
 */
export class AdoptedOriginBucket extends Construct implements Origin {
  readonly bucket: DataAwsS3Bucket;
  readonly requiredPolicyStatements: PolicyStatement[] = [];

  constructor(scope: Construct, id: string, props: { readonly bucketName: string }) {
    super(scope, id);
    this.bucket = new DataAwsS3Bucket(this, 'bucket', { bucket: props.bucketName });
  }

  get bucketName(): string {
    return this.bucket.bucket;
  }

  get bucketArn(): string {
    return this.bucket.arn;
  }

  get regionalDomainName(): string {
    return this.bucket.bucketRegionalDomainName;
  }

  addPolicyStatements(...statements: PolicyStatement[]): void {
    this.requiredPolicyStatements.push(...statements);
  }

  notifyPlaylistWrites(
    queueArn: string,
    prefixes: readonly string[],
    dependsOn: ITerraformDependable[],
  ) {
    return playlistNotification(this, this.bucket.bucket, queueArn, prefixes, dependsOn);
  }
}
