import { Testing } from 'cdktf';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { ReadableIdStack } from '../src/stacks/readable-id-stack';
import { resources, synthStacks, testApp } from './synth-helpers';

class DemoStack extends ReadableIdStack {}

const OTHER = { pipelines: ['b', 'a'], canaryPrefix: 'canary/', namePrefix: 'tv-live' };

describe('main stack outputs', () => {
  const { main } = synthStacks();

  it('are exactly the names the workflows and the canary use', () => {
    expect(Object.keys(main.tf.output).sort()).toEqual([
      'adopted_origin_buckets',
      'alarm_destination_warning',
      'alarm_destinations',
      'bucket_names',
      'canary_prefix',
      'dashboard_url',
      'playback_domain',
      'primary_bucket',
      'queue_url',
      'registry_table',
    ]);
  });

  it('point at the resources they describe', () => {
    expect(main.tf.output).toMatchObject({
      playback_domain: {
        value: '${aws_cloudfront_distribution.playback_distribution.domain_name}',
      },
      bucket_names: {
        value: [
          '${aws_s3_bucket.origin-a_origin_bucket.bucket}',
          '${aws_s3_bucket.origin-b_origin_bucket.bucket}',
        ],
      },
      primary_bucket: { value: '${aws_s3_bucket.origin-a_origin_bucket.bucket}' },
      queue_url: { value: '${aws_sqs_queue.playlist-queue_queue.url}' },
      canary_prefix: { value: 'hls-stale-guard-canary/' },
    });
    expect(main.tf.output.dashboard_url!.value).toBe(
      'https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#dashboards:name=${aws_cloudwatch_dashboard.dashboard_dashboard.dashboard_name}',
    );
  });

  it('follow the configured canary prefix and pipeline order', () => {
    const { main: other } = synthStacks(OTHER);
    expect(other.tf.output.canary_prefix!.value).toBe('canary/');
    expect(other.tf.output.primary_bucket!.value).toBe(
      '${aws_s3_bucket.origin-b_origin_bucket.bucket}',
    );
  });
});

describe('variants', () => {
  it.each([
    ['one pipeline', { pipelines: ['a'] }, 1],
    ['two pipelines (default)', {}, 2],
  ])('%s synthesize with one bucket and notification per pipeline', (_name, overrides, count) => {
    const { main } = synthStacks(overrides);
    expect(Object.keys(resources(main.tf, 'aws_s3_bucket'))).toHaveLength(count);
    expect(Object.keys(resources(main.tf, 'aws_s3_bucket_notification'))).toHaveLength(count);
    expect(Object.keys(resources(main.tf, 'aws_s3_bucket_policy'))).toHaveLength(count);
    expect(main.tf.output.bucket_names!.value).toHaveLength(count);
  });

  it('tag every resource with the name prefix through the provider', () => {
    const { main } = synthStacks(OTHER);
    expect(main.tf.provider).toEqual({
      aws: [
        {
          region: 'us-east-1',
          default_tags: [
            {
              tags: {
                'hls-stale-guard:name-prefix': 'tv-live',
                'hls-stale-guard:stack': 'hls-stale-guard',
              },
            },
          ],
        },
      ],
    });
  });
});

describe('readable Terraform addresses', () => {
  it('join the construct path with "_" (stable names for the exit path)', () => {
    const stack = new DemoStack(testApp(), 'demo');
    new S3Bucket(stack, 'media', { bucket: 'm' });
    expect(Object.keys(JSON.parse(Testing.synth(stack)).resource.aws_s3_bucket)).toEqual(['media']);
  });

  it('refuse "_" in nested construct ids (two paths could collide)', () => {
    const stack = new DemoStack(testApp(), 'demo');
    const scope = new S3Bucket(stack, 'a', { bucket: 'a' });
    new S3Bucket(scope, 'b_c', { bucket: 'b' });
    expect(() => Testing.synth(stack)).toThrow(/construct ids below a stack use "-", not "_"/);
  });
});
