import { MetricName } from '@hls-stale-guard/metrics';
import { Construct } from 'constructs';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import {
  CLOUDWATCH_HIGH_RESOLUTION_ALARM_PERIOD_SECONDS,
  CLOUDWATCH_STANDARD_ALARM_PERIOD_SECONDS,
} from '../aws-limits';
import type { InfraConfig } from '../config/infra-config';
import { denyInsecureTransport, policyJson } from '../iam/policy-document';
import type { ResourceNames } from '../naming';

/**
 * Slack on top of the longest expected postponement before the queue-age alarm fires: S3 delivers
 * events "usually in seconds, sometimes a minute or longer" (FACTS), plus one event-source poll.
 */
export const QUEUE_AGE_MARGIN_SECONDS = 120;

/**
 * The longest a healthy message waits in the queue: the checker postpones an event until the playlist's
 * deadline, `maxTargetDurationSeconds × targetDurationMultiple + graceMs` after its write.
 */
export function maxExpectedPostponementSeconds(
  config: Pick<InfraConfig, 'maxTargetDurationSeconds' | 'targetDurationMultiple' | 'graceMs'>,
): number {
  return config.maxTargetDurationSeconds * config.targetDurationMultiple + config.graceMs / 1000;
}

/**
 * Threshold of the ApproximateAgeOfOldestMessage alarm: the longest postponement plus margin.
 *
 * @example
 * oldestMessageAgeThresholdSeconds({ maxTargetDurationSeconds: 10, targetDurationMultiple: 1.5, graceMs: 0 }); // 135
 */
export function oldestMessageAgeThresholdSeconds(
  config: Pick<InfraConfig, 'maxTargetDurationSeconds' | 'targetDurationMultiple' | 'graceMs'>,
): number {
  return Math.ceil(maxExpectedPostponementSeconds(config) + QUEUE_AGE_MARGIN_SECONDS);
}

/** One alarm's shape; checked at synth (period, datapoints). */
export interface AlarmSpec {
  readonly id: string;
  readonly description: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions?: Record<string, string>;
  readonly statistic: 'Sum' | 'Maximum';
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly comparison: 'GreaterThanOrEqualToThreshold' | 'GreaterThanThreshold';
  readonly threshold: number;
}

/** Thrown at synth when an alarm cannot work as written. */
export class AlarmSpecError extends Error {
  override readonly name = 'AlarmSpecError';
}

/**
 * Checks what CloudWatch would reject or silently misread: periods of 10/20/30 s or multiples of 60 s,
 * `datapointsToAlarm ≤ evaluationPeriods`.
 *
 * @example
 * validateAlarmSpec({ ...spec, periodSeconds: 45 }); // throws AlarmSpecError
 */
export function validateAlarmSpec(spec: AlarmSpec): void {
  const { periodSeconds: p } = spec;
  if (!([10, 20, 30].includes(p) || (p > 0 && p % 60 === 0))) {
    throw new AlarmSpecError(
      `alarm ${spec.id}: period ${p} s must be 10, 20, 30 or a multiple of 60`,
    );
  }
  if (spec.datapointsToAlarm < 1 || spec.datapointsToAlarm > spec.evaluationPeriods) {
    throw new AlarmSpecError(
      `alarm ${spec.id}: datapointsToAlarm ${spec.datapointsToAlarm} must be 1..evaluationPeriods (${spec.evaluationPeriods})`,
    );
  }
}

/** Props of {@link StaleGuardAlarms}. */
export interface StaleGuardAlarmsProps {
  readonly config: InfraConfig;
  readonly names: ResourceNames;
  readonly accountId: string;
  readonly functionName: string;
  readonly queueName: string;
  readonly deadLetterQueueNames: readonly string[];
}

/**
 * The alarm specs for a config (pure; the construct renders them).
 *
 * @example
 * alarmSpecs({ config, functionName, queueName, deadLetterQueueNames }).map((s) => s.id);
 */
export function alarmSpecs(p: Omit<StaleGuardAlarmsProps, 'names' | 'accountId'>): AlarmSpec[] {
  const ns = p.config.metricsNamespace;
  const custom = (
    id: string,
    metricName: MetricName,
    description: string,
    periodSeconds: number,
    evaluationPeriods = 1,
    datapointsToAlarm = 1,
  ): AlarmSpec => ({
    id,
    description,
    namespace: ns,
    metricName,
    statistic: 'Sum',
    periodSeconds,
    evaluationPeriods,
    datapointsToAlarm,
    comparison: 'GreaterThanOrEqualToThreshold',
    threshold: 1,
  });
  const deletionPeriod = p.config.highResolutionMetrics
    ? CLOUDWATCH_HIGH_RESOLUTION_ALARM_PERIOD_SECONDS
    : CLOUDWATCH_STANDARD_ALARM_PERIOD_SECONDS;
  const lambda = (id: string, metricName: string, description: string): AlarmSpec => ({
    id,
    description,
    namespace: 'AWS/Lambda',
    metricName,
    dimensions: { FunctionName: p.functionName },
    statistic: 'Sum',
    periodSeconds: 300,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    comparison: 'GreaterThanOrEqualToThreshold',
    threshold: 1,
  });
  return [
    custom(
      'stale-playlists-deleted',
      MetricName.StalePlaylistsDeleted,
      'Stale playlists were deleted: an encoder stopped updating a live playlist; players should have failed over to the other pipeline.',
      deletionPeriod,
    ),
    custom(
      'deletion-valve-tripped',
      MetricName.DeletionValveTripped,
      'The deletion valve switched a checker instance to dry-run: more deletions per minute than configured. Check the encoders and the DryRunWouldDelete metric.',
      CLOUDWATCH_STANDARD_ALARM_PERIOD_SECONDS,
    ),
    custom(
      'check-errors',
      MetricName.CheckErrors,
      'Playlist checks keep failing (S3/SQS errors); the messages are retried and end in the DLQ.',
      CLOUDWATCH_STANDARD_ALARM_PERIOD_SECONDS,
      5,
      3,
    ),
    custom(
      'metrics-publish-failures',
      MetricName.MetricsPublishFailures,
      'The checker could not publish its metrics: the other alarms may be blind.',
      300,
    ),
    lambda('lambda-errors', 'Errors', 'The stale-checker function failed (unhandled errors).'),
    lambda('lambda-throttles', 'Throttles', 'The stale-checker function was throttled.'),
    ...p.deadLetterQueueNames.map((queueName, index): AlarmSpec => ({
      id: `dead-letters-${index}`,
      description: `Messages in the dead-letter queue ${queueName}: inspect and redrive.`,
      namespace: 'AWS/SQS',
      metricName: 'ApproximateNumberOfMessagesVisible',
      dimensions: { QueueName: queueName },
      statistic: 'Maximum',
      periodSeconds: CLOUDWATCH_STANDARD_ALARM_PERIOD_SECONDS,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      comparison: 'GreaterThanThreshold',
      threshold: 0,
    })),
    {
      id: 'queue-oldest-message',
      description: `The oldest playlist event is older than the longest expected postponement (${maxExpectedPostponementSeconds(p.config)} s) plus ${QUEUE_AGE_MARGIN_SECONDS} s: the checker is falling behind.`,
      namespace: 'AWS/SQS',
      metricName: 'ApproximateAgeOfOldestMessage',
      dimensions: { QueueName: p.queueName },
      statistic: 'Maximum',
      periodSeconds: CLOUDWATCH_STANDARD_ALARM_PERIOD_SECONDS,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      comparison: 'GreaterThanThreshold',
      threshold: oldestMessageAgeThresholdSeconds(p.config),
    },
  ];
}

/**
 * The alarm topic (encrypted with a CMK CloudWatch may use — it cannot use the AWS-managed SNS key),
 * the optional e-mail subscription, and the alarms.
 *
 * @example
 * new StaleGuardAlarms(this, 'alarms', { config, names, accountId, functionName, queueName, deadLetterQueueNames });
 */
export class StaleGuardAlarms extends Construct {
  readonly topic: SnsTopic;
  readonly alarms: CloudwatchMetricAlarm[];

  constructor(scope: Construct, id: string, props: StaleGuardAlarmsProps) {
    super(scope, id);
    const { names, accountId } = props;
    const region = props.config.region;

    // https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html (encrypted topics)
    const key = new KmsKey(this, 'topic-key', {
      description: `${names.alarmTopic}: SNS encryption that CloudWatch alarms can use`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: policyJson([
        {
          Sid: 'AccountAdministersKey',
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${accountId}:root` },
          Action: ['kms:*'],
          Resource: ['*'],
        },
        {
          Sid: 'CloudWatchPublishesEncrypted',
          Effect: 'Allow',
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          Resource: ['*'],
        },
      ]),
    });
    this.topic = new SnsTopic(this, 'topic', {
      name: names.alarmTopic,
      kmsMasterKeyId: key.arn,
    });
    new SnsTopicPolicy(this, 'topic-policy', {
      arn: this.topic.arn,
      policy: policyJson([
        {
          Sid: 'CloudWatchAlarmsPublish',
          Effect: 'Allow',
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: ['sns:Publish'],
          Resource: [this.topic.arn],
          Condition: {
            ArnLike: {
              'aws:SourceArn': `arn:aws:cloudwatch:${region}:${accountId}:alarm:${props.config.namePrefix}-*`,
            },
            StringEquals: { 'aws:SourceAccount': accountId },
          },
        },
        ...denyInsecureTransport([this.topic.arn], 'sns'),
      ]),
    });
    if (props.config.alarmEmail !== null) {
      new SnsTopicSubscription(this, 'email', {
        topicArn: this.topic.arn,
        protocol: 'email',
        endpoint: props.config.alarmEmail,
      });
    }

    this.alarms = alarmSpecs(props).map((spec) => {
      validateAlarmSpec(spec);
      return new CloudwatchMetricAlarm(this, spec.id, {
        alarmName: `${props.config.namePrefix}-${spec.id}`,
        alarmDescription: spec.description,
        namespace: spec.namespace,
        metricName: spec.metricName,
        dimensions: spec.dimensions,
        statistic: spec.statistic,
        period: spec.periodSeconds,
        evaluationPeriods: spec.evaluationPeriods,
        datapointsToAlarm: spec.datapointsToAlarm,
        comparisonOperator: spec.comparison,
        threshold: spec.threshold,
        // No data means nothing happened (no deletions, no errors), not "unknown".
        treatMissingData: 'notBreaching',
        alarmActions: [this.topic.arn],
        okActions: [this.topic.arn],
      });
    });
  }
}
