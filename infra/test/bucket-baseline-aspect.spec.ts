import { Aspects, Testing, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketAcl } from '@cdktf/provider-aws/lib/s3-bucket-acl';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { BucketBaselineAspect, BucketBaselineError } from '../src/aspects/bucket-baseline-aspect';
import { testApp } from './synth-helpers';
import { PrivateBucket } from '../src/constructs/private-bucket';
import { policyJson } from '../src/iam/policy-document';

/** A stack with the aspect, whatever `build` adds. */
function synthWith(build: (stack: TerraformStack) => void): string {
  const stack = new TerraformStack(testApp(), 'aspect-test');
  new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  Aspects.of(stack).add(new BucketBaselineAspect());
  build(stack);
  return Testing.synth(stack);
}

const privateBucket = (stack: TerraformStack) =>
  new PrivateBucket(stack, 'ok', {
    bucketName: 'ok-bucket',
    lifecycleRules: [{ id: 'expire', status: 'Enabled', filter: [{}], expiration: [{ days: 1 }] }],
    accessLogBucket: null,
    sseS3Rationale: 'test bucket without secrets, SSE-S3 suffices',
  });

const fullBlock = (stack: TerraformStack, bucket: S3Bucket, id = 'pab') =>
  new S3BucketPublicAccessBlock(stack, id, {
    bucket: bucket.id,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  });
const encryption = (stack: TerraformStack, bucket: S3Bucket) =>
  new S3BucketServerSideEncryptionConfigurationA(stack, 'sse', {
    bucket: bucket.id,
    rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
  });

describe('bucket baseline aspect', () => {
  it('lets a PrivateBucket through', () => {
    expect(() => synthWith(privateBucket)).not.toThrow();
  });

  it('fails synth for a bare bucket: no public access block, no encryption', () => {
    expect(() => synthWith((s) => new S3Bucket(s, 'bare', { bucket: 'bare' }))).toThrow(
      BucketBaselineError,
    );
    expect(() => synthWith((s) => new S3Bucket(s, 'bare', { bucket: 'bare' }))).toThrow(
      /aspect-test\/bare: no public access block with all four flags true\n {2}- aspect-test\/bare: no server-side encryption configuration/,
    );
  });

  it('fails synth when one public access flag is false', () => {
    const build = (s: TerraformStack) => {
      const bucket = new S3Bucket(s, 'leaky', { bucket: 'leaky' });
      encryption(s, bucket);
      new S3BucketPublicAccessBlock(s, 'pab', {
        bucket: bucket.id,
        blockPublicAcls: true,
        blockPublicPolicy: false,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      });
    };
    expect(() => synthWith(build)).toThrow(
      /leaky: no public access block with all four flags true/,
    );
  });

  it('fails synth for an unencrypted bucket even when it is private', () => {
    const build = (s: TerraformStack) =>
      fullBlock(s, new S3Bucket(s, 'plain', { bucket: 'plain' }));
    expect(() => synthWith(build)).toThrow(/plain: no server-side encryption configuration/);
  });

  it('fails synth for a public canned ACL', () => {
    const build = (s: TerraformStack) => {
      const bucket = new S3Bucket(s, 'acl', { bucket: 'acl' });
      fullBlock(s, bucket);
      encryption(s, bucket);
      new S3BucketAcl(s, 'public', { bucket: bucket.id, acl: 'public-read' });
    };
    expect(() => synthWith(build)).toThrow(/acl: public canned ACL "public-read"/);
  });

  it('fails synth for a bucket policy that allows anyone', () => {
    const build = (s: TerraformStack) => {
      const bucket = new S3Bucket(s, 'open', { bucket: 'open' });
      fullBlock(s, bucket);
      encryption(s, bucket);
      new S3BucketPolicy(s, 'policy', {
        bucket: bucket.id,
        policy: policyJson([
          {
            Sid: 'Everyone',
            Effect: 'Allow',
            Principal: '*',
            Action: ['s3:GetObject'],
            Resource: [`${bucket.arn}/*`],
          },
        ]),
      });
    };
    expect(() => synthWith(build)).toThrow(/open: policy statement Everyone allows anyone/);
  });

  it('does not count companions of another bucket', () => {
    const build = (s: TerraformStack) => {
      privateBucket(s);
      new S3Bucket(s, 'second', { bucket: 'second' });
    };
    expect(() => synthWith(build)).toThrow(/second: no public access block/);
  });
});
