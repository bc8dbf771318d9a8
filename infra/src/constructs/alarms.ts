import { MetricName, notificationDelaySeconds } from '@hls-stale-guard/contract';
import { Construct } from 'constructs';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { DataAwsIamSessionContext } from '@cdktf/provider-aws/lib/data-aws-iam-session-context';
import {
  CLOUDWATCH_HIGH_RESOLUTION_ALARM_PERIOD_SECONDS,
  CLOUDWATCH_STANDARD_ALARM_PERIOD_SECONDS,
} from '../aws-limits';
import type { InfraConfig } from '../config/infra-config';
import { denyInsecureTransport, policyJson } from '../iam/policy-document';
import type { ResourceNames } from '../naming';

/**
 * Slack on top of the oldest a healthy message gets before the queue-age alarm fires: S3 delivers
 * events "typically in seconds but can sometimes take a minute or longer"
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/EventNotifications.html), plus one poll.
 */
export const QUEUE_AGE_MARGIN_SECONDS = 120;

/** The settings the queue-age alarm is sized by. */
type QueueAgeSettings = Pick<
  InfraConfig,
  | 'maxTargetDurationSeconds'
  | 'minTargetDurationSeconds'
  | 'targetDurationMultiple'
  | 'graceMs'
  | 'batchingWindowSeconds'
>;

/**
 * The oldest a healthy message gets in the queue. Whether ApproximateAgeOfOldestMessage counts a
 * message's delivery delay ({@link notificationDelaySeconds}) is not documented
 * (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html),
 * so it is added; the checker then postpones
 * an event until the playlist's deadline, `maxTargetDurationSeconds × targetDurationMultiple + graceMs`
 * after its write, and a returning message may wait one batching window more. Summed, which bounds every
 * order they can happen in.
 */
function maxExpectedQueueAgeSeconds(config: QueueAgeSettings): number {
  return (
    notificationDelaySeconds(config) +
    config.maxTargetDurationSeconds * config.targetDurationMultiple +
    config.graceMs / 1000 +
    config.batchingWindowSeconds
  );
}

/**
 * Threshold of the ApproximateAgeOfOldestMessage alarm: the oldest a healthy message gets plus margin.
 *
 * @example
 * oldestMessageAgeThresholdSeconds({
 *   maxTargetDurationSeconds: 10, minTargetDurationSeconds: 2, targetDurationMultiple: 1.5, graceMs: 0,
 *   batchingWindowSeconds: 1,
 * }); // 2 + 15 + 0 + 1 + 120 = 138
 */
export function oldestMessageAgeThresholdSeconds(config: QueueAgeSettings): number {
  return Math.ceil(maxExpectedQueueAgeSeconds(config) + QUEUE_AGE_MARGIN_SECONDS);
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
  /** ARN of the caller identity running terraform (an assumed-role session ARN for the deploy role). */
  readonly callerArn: string;
}

/** What the alarms watch (known once the function and queues exist). */
export interface AlarmTargets {
  readonly functionName: string;
  readonly queueName: string;
  readonly deadLetterQueueNames: readonly string[];
}

/** The period of the incomplete-sweep alarm: at least one sweep interval, 5 min to 1 day. */
function sweepIncompletePeriodSeconds(reconcileIntervalMinutes: number): number {
  return Math.min(Math.max(300, reconcileIntervalMinutes * 60), 86_400);
}

/**
 * Where alarms go: one entry per e-mail address and the existing topic, if any. Empty means nobody is
 * told (synth warns, and the stack output `alarm_destination_warning` says so).
 *
 * @example
 * alarmDestinations({ alarmEmails: ['ops@example.com'], alarmTopicArn: null }); // ['email:ops@example.com']
 */
export function alarmDestinations(
  config: Pick<InfraConfig, 'alarmEmails' | 'alarmTopicArn'>,
): string[] {
  return [
    ...config.alarmEmails.map((email) => `email:${email}`),
    ...(config.alarmTopicArn === null ? [] : [`sns:${config.alarmTopicArn}`]),
  ];
}

/** The warning synth prints and the stack outputs when no alarm reaches anyone; '' otherwise. */
export function alarmDestinationWarning(
  config: Pick<InfraConfig, 'alarmEmails' | 'alarmTopicArn'>,
): string {
  return alarmDestinations(config).length > 0
    ? ''
    : 'NO ALARM DESTINATION: alarms publish to the stack topic, which nobody subscribes to. Set alarmEmails or alarmTopicArn in the infra config.';
}

/**
 * The alarm specs for a config (pure; the construct renders them).
 *
 * @example
 * alarmSpecs({ config, functionName, queueName, deadLetterQueueNames }).map((s) => s.id);
 */
function alarmSpecs(p: AlarmTargets & { readonly config: InfraConfig }): AlarmSpec[] {
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
      'failovers',
      MetricName.Failovers,
      'Low severity: a pipeline lost a rendition while another pipeline still serves it; players failed over, as designed. Check that encoder pipeline (the dashboard shows which channel).',
      CLOUDWATCH_STANDARD_ALARM_PERIOD_SECONDS,
    ),
    custom(
      'channels-down',
      MetricName.ChannelsDown,
      'CRITICAL: a rendition has no live copy on any pipeline: players get errors (or freeze under ALL_STALE_POLICY=keep-last). The dashboard shows which channel is down.',
      CLOUDWATCH_STANDARD_ALARM_PERIOD_SECONDS,
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
      'reconciler-sweep-incomplete',
      MetricName.ReconcilerSweepIncomplete,
      'A reconciler sweep could not finish within its invocation: playlists after where it stopped were not checked. Raise the function timeout or memory, or narrow the watched prefixes.',
      sweepIncompletePeriodSeconds(p.config.reconcileIntervalMinutes),
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
      description: `The oldest playlist event is older than the oldest a healthy one gets (delivery delay + longest postponement + batching window: ${maxExpectedQueueAgeSeconds(p.config)} s) plus ${QUEUE_AGE_MARGIN_SECONDS} s: the checker is falling behind.`,
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
 * its e-mail subscriptions, and (with {@link addAlarms}) the alarms, which also notify `alarmTopicArn`.
 * The key is the stack's customer managed key (the registry table uses it too).
 *
 * @example
 * const alarms = new StaleGuardAlarms(this, 'alarms', { config, names, accountId, callerArn });
 * alarms.addAlarms({ functionName, queueName, deadLetterQueueNames });
 */
export class StaleGuardAlarms extends Construct {
  readonly key: KmsKey;
  readonly topic: SnsTopic;
  readonly alarms: CloudwatchMetricAlarm[] = [];
  private readonly config: InfraConfig;

  constructor(scope: Construct, id: string, props: StaleGuardAlarmsProps) {
    super(scope, id);
    const { names, accountId } = props;
    this.config = props.config;
    const region = props.config.region;
    // The principal running terraform (the deploy role, not its session).
    const deployer = new DataAwsIamSessionContext(this, 'deployer', {
      arn: props.callerArn,
    });

    // https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html (encrypted topics)
    this.key = new KmsKey(this, 'topic-key', {
      description: `${names.alarmTopic}: SNS encryption that CloudWatch alarms can use; the playlist registry`,
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
          // The provider enables rotation right after CreateKey. The deploy role's IAM rights on keys
          // are conditioned on the project tag, which KMS may not see yet on a key created a moment
          // ago (tags are eventually consistent, https://docs.aws.amazon.com/kms/latest/developerguide/tagging-keys.html),
          // so the first apply could fail with AccessDenied. Granted here, in the key policy, the calls
          // do not depend on the tag.
          Sid: 'DeployerConfiguresNewKey',
          Effect: 'Allow',
          Principal: { AWS: deployer.issuerArn },
          Action: [
            'kms:DescribeKey',
            'kms:EnableKeyRotation',
            'kms:GetKeyPolicy',
            'kms:GetKeyRotationStatus',
            'kms:ListResourceTags',
            'kms:PutKeyPolicy',
            'kms:TagResource',
          ],
          Resource: ['*'],
        },
        {
          // DynamoDB creates a grant on the key when the registry table is created right after the
          // key; same reason as above (the tag the deploy role's IAM rights depend on may lag).
          // https://docs.aws.amazon.com/kms/latest/developerguide/services-dynamodb.html
          Sid: 'DeployerLetsDynamoDbUseNewKey',
          Effect: 'Allow',
          Principal: { AWS: deployer.issuerArn },
          Action: ['kms:CreateGrant'],
          Resource: ['*'],
          Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
        },
        {
          Sid: 'CloudWatchPublishesEncrypted',
          Effect: 'Allow',
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          Resource: ['*'],
          // Confused-deputy guard: only CloudWatch acting for this account.
          // https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html
          Condition: { StringEquals: { 'aws:SourceAccount': accountId } },
        },
      ]),
    });
    this.topic = new SnsTopic(this, 'topic', {
      name: names.alarmTopic,
      kmsMasterKeyId: this.key.arn,
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
    props.config.alarmEmails.forEach((email, index) => {
      new SnsTopicSubscription(this, index === 0 ? 'email' : `email-${index}`, {
        topicArn: this.topic.arn,
        protocol: 'email',
        endpoint: email,
      });
    });
  }

  /** The alarms, rendered from {@link alarmSpecs}; each notifies the topic and `alarmTopicArn`. */
  addAlarms(targets: AlarmTargets): CloudwatchMetricAlarm[] {
    const actions = [
      this.topic.arn,
      ...(this.config.alarmTopicArn === null ? [] : [this.config.alarmTopicArn]),
    ];
    const created = alarmSpecs({ ...targets, config: this.config }).map((spec) => {
      validateAlarmSpec(spec);
      return new CloudwatchMetricAlarm(this, spec.id, {
        alarmName: `${this.config.namePrefix}-${spec.id}`,
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
        alarmActions: actions,
        okActions: actions,
      });
    });
    this.alarms.push(...created);
    return created;
  }
}
