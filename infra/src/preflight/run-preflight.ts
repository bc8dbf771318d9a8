import { GetBucketNotificationConfigurationCommand, type S3Client } from '@aws-sdk/client-s3';
import type { InfraConfig } from '../config/infra-config';
import { resourceNames } from '../naming';
import {
  judgeNotificationConfiguration,
  preflightReport,
  type BucketVerdict,
  type UnreadableBucket,
} from './notification-preflight';

/**
 * Reads the notification configuration of every adopted bucket (GetBucketNotificationConfiguration)
 * and judges it. A bucket that cannot be read is reported, not thrown.
 *
 * @example
 * const { exitCode, text } = await runPreflight(config, new S3Client({ region: config.region }));
 */
export async function runPreflight(
  config: Pick<InfraConfig, 'existingOriginBuckets' | 'namePrefix' | 'region'>,
  s3: Pick<S3Client, 'send'>,
): Promise<{ exitCode: number; text: string }> {
  const own = { queueName: resourceNames(config.namePrefix).queue, region: config.region };
  const verdicts: BucketVerdict[] = [];
  const unreadable: UnreadableBucket[] = [];
  for (const bucket of config.existingOriginBuckets ?? []) {
    try {
      const answer = await s3.send(
        new GetBucketNotificationConfigurationCommand({ Bucket: bucket }),
      );
      verdicts.push(judgeNotificationConfiguration(bucket, answer, own));
    } catch (error) {
      unreadable.push({
        bucket,
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      });
    }
  }
  return preflightReport(verdicts, unreadable);
}
