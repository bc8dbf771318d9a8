import type { Construct } from 'constructs';
import { Aspects, LocalBackend, S3Backend } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { BucketBaselineAspect } from '../aspects/bucket-baseline-aspect';
import type { StateBackend } from '../config/state-backend';
import { PROJECT_TAG_KEY } from '../naming';
import { ReadableIdStack } from './readable-id-stack';

/** What every stack of the project needs. */
export interface StackBaseProps {
  readonly region: string;
  readonly namePrefix: string;
  readonly backend: StateBackend;
}

/**
 * Provider (tags every resource), backend, and the bucket baseline aspect shared by both stacks.
 *
 * @example
 * class MyStack extends StackBase {} // super(scope, name, { region, namePrefix, backend })
 */
export abstract class StackBase extends ReadableIdStack {
  constructor(scope: Construct, name: string, props: StackBaseProps) {
    super(scope, name);
    new AwsProvider(this, 'aws', {
      region: props.region,
      defaultTags: [
        { tags: { [PROJECT_TAG_KEY]: props.namePrefix, 'hls-stale-guard:stack': name } },
      ],
    });
    if (props.backend.kind === 's3') {
      new S3Backend(this, {
        bucket: props.backend.bucket,
        key: props.backend.key,
        region: props.backend.region,
        encrypt: true,
      });
      // Native S3 state locking (Terraform ≥ 1.11); cdktf 0.21 predates the typed option.
      this.addOverride('terraform.backend.s3.use_lockfile', true);
    } else {
      new LocalBackend(this, { path: props.backend.path });
    }
    Aspects.of(this).add(new BucketBaselineAspect());
  }
}
