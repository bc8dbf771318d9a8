import { isEmittedWith, MetricName, notificationDelaySeconds } from '@hls-stale-guard/contract';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import {
  QUEUE_AGE_MARGIN_SECONDS,
  AlarmSpecError,
  alarmDestinationWarning,
  oldestMessageAgeThresholdSeconds,
  validateAlarmSpec,
  type AlarmSpec,
} from '../src/constructs/alarms';
import {
  resources,
  single,
  statement,
  synthStacks,
  testConfig,
  type TerraformJson,
} from './synth-helpers';
import { healthyQueueAgeSeconds } from './healthy-queue-age';

const TOPIC = '${aws_sns_topic.alarms_topic.arn}';
/** The non-default options of this file in one synth. */
const VARIANT = {
  alarmEmails: ['oncall@example.com', 'ops@example.com'],
  alarmTopicArn: 'arn:aws:sns:us-east-1:123456789012:chat-alerts',
  reconcileIntervalMinutes: 15,
  highResolutionMetrics: false,
  maxTargetDurationSeconds: 6,
  targetDurationMultiple: 3,
  graceMs: 2500,
};
const alarm = (tf: TerraformJson, id: string) => {
  const found = resources(tf, 'aws_cloudwatch_metric_alarm')[`alarms_${id}`];
  if (!found) throw new Error(`no alarm ${id}`);
  return found;
};

describe('alarm topic', () => {
  const { main } = synthStacks();

  it('is encrypted with a rotating CMK that CloudWatch may use', () => {
    expect(single(main.tf, 'aws_sns_topic')).toMatchObject({
      name: 'hls-stale-guard-alarms',
      kms_master_key_id: '${aws_kms_key.alarms_topic-key.arn}',
    });
    expect(main.json).toHaveResourceWithProperties(KmsKey, { enable_key_rotation: true });
    expect(statement(main.tf, /aws_kms_key/, 'CloudWatchPublishesEncrypted')).toMatchObject({
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
    });
  });

  it('accepts publishes only from this deployment’s alarms', () => {
    expect(statement(main.tf, /aws_sns_topic_policy/, 'CloudWatchAlarmsPublish').Condition).toEqual(
      {
        ArnLike: {
          'aws:SourceArn':
            'arn:aws:cloudwatch:us-east-1:${data.aws_caller_identity.caller.account_id}:alarm:hls-stale-guard-*',
        },
        StringEquals: { 'aws:SourceAccount': '${data.aws_caller_identity.caller.account_id}' },
      },
    );
  });

  it('has no subscription without alarmEmails, one e-mail subscription per address with them', () => {
    expect(resources(main.tf, 'aws_sns_topic_subscription')).toEqual({});
    const { main: withEmail } = synthStacks(VARIANT);
    for (const endpoint of VARIANT.alarmEmails) {
      expect(withEmail.json).toHaveResourceWithProperties(SnsTopicSubscription, {
        protocol: 'email',
        endpoint,
        topic_arn: TOPIC,
      });
    }
    expect(Object.keys(resources(withEmail.tf, 'aws_sns_topic_subscription'))).toHaveLength(2);
  });

  it('lets CloudWatch use the key only for this account (aws:SourceAccount)', () => {
    expect(statement(main.tf, /aws_kms_key/, 'CloudWatchPublishesEncrypted').Condition).toEqual({
      StringEquals: { 'aws:SourceAccount': '${data.aws_caller_identity.caller.account_id}' },
    });
  });

  it('lets the deploying principal enable rotation through the key policy (no wait for the tag on a new key)', () => {
    expect(statement(main.tf, /aws_kms_key/, 'DeployerConfiguresNewKey')).toMatchObject({
      Principal: { AWS: '${data.aws_iam_session_context.alarms_deployer.issuer_arn}' },
      Action: expect.arrayContaining(['kms:EnableKeyRotation', 'kms:PutKeyPolicy']),
    });
    expect(statement(main.tf, /aws_kms_key/, 'DeployerLetsDynamoDbUseNewKey')).toMatchObject({
      Action: ['kms:CreateGrant'],
      Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
    });
    expect(main.tf.data?.['aws_iam_session_context']?.['alarms_deployer']).toEqual(
      expect.objectContaining({ arn: '${data.aws_caller_identity.caller.arn}' }),
    );
  });
});

describe('alarm destinations (alarms must reach someone)', () => {
  it('warn loudly in an output when no destination is configured', () => {
    const { main } = synthStacks();
    expect(main.tf.output['alarm_destination_warning']?.value).toMatch(/^NO ALARM DESTINATION/);
    expect(main.tf.output['alarm_destinations']?.value).toEqual([]);
    expect(alarmDestinationWarning({ alarmEmails: [], alarmTopicArn: null })).not.toBe('');
  });

  it('list e-mails and the existing topic, and stay quiet, when configured', () => {
    const { main } = synthStacks(VARIANT);
    expect(main.tf.output['alarm_destination_warning']?.value).toBe('');
    expect(main.tf.output['alarm_destinations']?.value).toEqual([
      'email:oncall@example.com',
      'email:ops@example.com',
      'sns:arn:aws:sns:us-east-1:123456789012:chat-alerts',
    ]);
  });

  it('send every alarm to the existing topic too', () => {
    const { main } = synthStacks(VARIANT);
    for (const a of Object.values(resources(main.tf, 'aws_cloudwatch_metric_alarm'))) {
      expect(a.alarm_actions).toEqual([TOPIC, VARIANT.alarmTopicArn]);
      expect(a.ok_actions).toEqual([TOPIC, VARIANT.alarmTopicArn]);
    }
  });
});

describe('alarms', () => {
  const { main } = synthStacks();

  it('fire on StalePlaylistsDeleted ≥ 1 on the dimensionless aggregate, every 10 s with high resolution', () => {
    expect(alarm(main.tf, 'stale-playlists-deleted')).toMatchObject({
      alarm_name: 'hls-stale-guard-stale-playlists-deleted',
      namespace: 'HlsStaleGuard',
      metric_name: MetricName.StalePlaylistsDeleted,
      statistic: 'Sum',
      period: 10,
      comparison_operator: 'GreaterThanOrEqualToThreshold',
      threshold: 1,
    });
    expect(alarm(main.tf, 'stale-playlists-deleted').dimensions).toBeUndefined();
  });

  it.each([
    ['failovers', MetricName.Failovers, /Low severity/],
    ['channels-down', MetricName.ChannelsDown, /CRITICAL/],
  ])(
    'tell a failover (%s, low severity) from a channel down (critical)',
    (id, metric, severity) => {
      expect(alarm(main.tf, id)).toMatchObject({
        metric_name: metric,
        statistic: 'Sum',
        comparison_operator: 'GreaterThanOrEqualToThreshold',
        threshold: 1,
        alarm_description: expect.stringMatching(severity),
      });
    },
  );

  it('use a 60 s period for deletions when high-resolution metrics are off', () => {
    const { main: standard } = synthStacks(VARIANT);
    expect(alarm(standard.tf, 'stale-playlists-deleted').period).toBe(60);
  });

  it('watch incomplete reconciler sweeps over at least one sweep interval (5 min minimum)', () => {
    expect(alarm(main.tf, 'reconciler-sweep-incomplete').period).toBe(300);
    const { main: slow } = synthStacks(VARIANT);
    expect(alarm(slow.tf, 'reconciler-sweep-incomplete').period).toBe(15 * 60);
  });

  it.each([
    ['deletion-valve-tripped', MetricName.DeletionValveTripped],
    ['check-errors', MetricName.CheckErrors],
    ['reconciler-sweep-incomplete', MetricName.ReconcilerSweepIncomplete],
  ])('fire on %s (%s ≥ 1, dimensionless)', (id, metricName) => {
    expect(alarm(main.tf, id)).toMatchObject({
      namespace: 'HlsStaleGuard',
      metric_name: metricName,
      threshold: 1,
      comparison_operator: 'GreaterThanOrEqualToThreshold',
    });
    expect(alarm(main.tf, id).dimensions).toBeUndefined();
  });

  it.each(['Errors', 'Throttles'])('fire on Lambda %s of the checker', (metricName) => {
    expect(main.json).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      namespace: 'AWS/Lambda',
      metric_name: metricName,
      dimensions: { FunctionName: '${aws_lambda_function.stale-checker_function.function_name}' },
      threshold: 1,
    });
  });

  it('fire when either dead-letter queue holds a message', () => {
    for (const [id, queue] of [
      ['dead-letters-0', 'dead-letter-queue'],
      ['dead-letters-1', 'reconcile-dead-letter-queue'],
    ]) {
      expect(alarm(main.tf, id!)).toMatchObject({
        namespace: 'AWS/SQS',
        metric_name: 'ApproximateNumberOfMessagesVisible',
        dimensions: { QueueName: `\${aws_sqs_queue.playlist-queue_${queue}.name}` },
        comparison_operator: 'GreaterThanThreshold',
        threshold: 0,
      });
    }
  });

  it('fire when the oldest event is older than delivery delay + max target duration × multiple + grace + batching window + margin', () => {
    // Defaults: delay floor(1.5 × 2) − 1 = 2, postponement 10 × 1.5 = 15, grace 0, window 1.
    expect(alarm(main.tf, 'queue-oldest-message')).toMatchObject({
      metric_name: 'ApproximateAgeOfOldestMessage',
      dimensions: { QueueName: '${aws_sqs_queue.playlist-queue_queue.name}' },
      statistic: 'Maximum',
      threshold: 2 + 10 * 1.5 + 0 + 1 + QUEUE_AGE_MARGIN_SECONDS,
    });
    const { main: slow } = synthStacks({
      maxTargetDurationSeconds: 6,
      targetDurationMultiple: 3,
      graceMs: 2500,
    });
    // Delay floor(3 × 2) − 1 = 5.
    expect(alarm(slow.tf, 'queue-oldest-message').threshold).toBe(
      Math.ceil(5 + 6 * 3 + 2.5 + 1 + QUEUE_AGE_MARGIN_SECONDS),
    );
    expect(
      oldestMessageAgeThresholdSeconds({
        maxTargetDurationSeconds: 4,
        minTargetDurationSeconds: null,
        targetDurationMultiple: 1.5,
        graceMs: 0,
        batchingWindowSeconds: 0,
      }),
    ).toBe(126);
  });

  describe('cannot fire on a healthy origin whose notifications are delayed (counting the delay in the age)', () => {
    it('with the defaults: 138 s > 2 + 15 + 1 = 18 s', () => {
      const config = testConfig();
      expect(notificationDelaySeconds(config)).toBe(2);
      expect(healthyQueueAgeSeconds(config)).toBe(18);
      expect(alarm(main.tf, 'queue-oldest-message').threshold).toBe(138);
    });

    it('when the shortest and longest target durations are long (100 s: a 149 s delay)', () => {
      const config = testConfig({ maxTargetDurationSeconds: 100, minTargetDurationSeconds: 100 });
      expect(notificationDelaySeconds(config)).toBe(149);
      // delay + k × max TD + window = 300 s, beyond the 150 + 120 s that ignoring the delay gives.
      expect(healthyQueueAgeSeconds(config)).toBe(300);
      expect(oldestMessageAgeThresholdSeconds(config)).toBeGreaterThan(300);
      const { main: long } = synthStacks({
        maxTargetDurationSeconds: 100,
        minTargetDurationSeconds: 100,
      });
      expect(alarm(long.tf, 'queue-oldest-message').threshold).toBe(
        oldestMessageAgeThresholdSeconds(config),
      );
    });
  });

  it('all notify the topic on ALARM and OK, and treat missing data as not breaching', () => {
    const alarms = Object.values(resources(main.tf, 'aws_cloudwatch_metric_alarm'));
    expect(alarms.length).toBe(11);
    for (const a of alarms) {
      expect(a).toMatchObject({
        alarm_actions: [TOPIC],
        ok_actions: [TOPIC],
        treat_missing_data: 'notBreaching',
      });
      expect(String(a.alarm_name)).toMatch(/^hls-stale-guard-/);
    }
  });

  it('name only metrics of the shared vocabulary in the custom namespace', () => {
    const vocabulary: string[] = Object.values(MetricName);
    for (const a of Object.values(resources(main.tf, 'aws_cloudwatch_metric_alarm'))) {
      if (a.namespace === 'HlsStaleGuard') expect(vocabulary).toContain(a.metric_name);
    }
  });

  it('name only a (metric, dimension set) the checker publishes (METRIC_DIMENSION_SETS)', () => {
    for (const config of [{}, VARIANT]) {
      const custom = Object.values(
        resources(synthStacks(config).main.tf, 'aws_cloudwatch_metric_alarm'),
      ).filter((a) => a.namespace === 'HlsStaleGuard');
      expect(custom.length).toBeGreaterThanOrEqual(4);
      for (const a of custom) {
        const dimensions = Object.keys((a.dimensions as Record<string, string>) ?? {});
        expect({ metric: a.metric_name, dimensions, emitted: true }).toEqual({
          metric: a.metric_name,
          dimensions,
          emitted: isEmittedWith(String(a.metric_name), dimensions),
        });
      }
    }
  });
});

describe('alarm specs are checked at synth', () => {
  const valid: AlarmSpec = {
    id: 'x',
    description: 'x',
    namespace: 'N',
    metricName: 'M',
    statistic: 'Sum',
    periodSeconds: 60,
    evaluationPeriods: 3,
    datapointsToAlarm: 2,
    comparison: 'GreaterThanThreshold',
    threshold: 0,
  };

  it.each([10, 20, 30, 60, 300])('accept a period of %i s', (periodSeconds) => {
    expect(() => validateAlarmSpec({ ...valid, periodSeconds })).not.toThrow();
  });

  it.each([5, 15, 45, 90])(
    'reject a period of %i s (10, 20, 30 or a multiple of 60)',
    (periodSeconds) => {
      expect(() => validateAlarmSpec({ ...valid, periodSeconds })).toThrow(AlarmSpecError);
    },
  );

  it('reject datapointsToAlarm > evaluationPeriods', () => {
    expect(() => validateAlarmSpec({ ...valid, datapointsToAlarm: 4 })).toThrow(
      /datapointsToAlarm 4/,
    );
  });
});

describe('dashboard', () => {
  const { main } = synthStacks();
  const dashboard = single(main.tf, 'aws_cloudwatch_dashboard');
  const body = JSON.parse(String(dashboard.dashboard_body)) as {
    widgets: { properties: { title: string; region: string; metrics: unknown[][] } }[];
  };
  const widget = (title: RegExp) => {
    const found = body.widgets.find((w) => title.test(w.properties.title));
    if (!found) throw new Error(`no widget ${title}`);
    return found.properties;
  };
  const text = JSON.stringify(body);

  it('is named after the prefix and lives in the stack region', () => {
    expect(dashboard.dashboard_name).toBe('hls-stale-guard-dashboard');
    for (const w of body.widgets) expect(w.properties.region).toBe('us-east-1');
  });

  it('shows deletions and check errors per channel with SEARCH over {Bucket, Channel}', () => {
    for (const [title, metric] of [
      [/deleted per channel/, MetricName.StalePlaylistsDeleted],
      [/Check errors per channel/, MetricName.CheckErrors],
    ] as const) {
      expect(widget(title).metrics).toEqual([
        [
          expect.objectContaining({
            expression: `SEARCH('{"HlsStaleGuard","Bucket","Channel"} MetricName="${metric}"', 'Sum', 60)`,
          }),
        ],
      ]);
    }
  });

  it('shows superseded deletes per bucket', () => {
    expect(widget(/superseded/).metrics).toContainEqual([
      'HlsStaleGuard',
      MetricName.DeletesSuperseded,
      'Bucket',
      '${aws_s3_bucket.origin-b_origin_bucket.bucket}',
      expect.objectContaining({ stat: 'Sum' }),
    ]);
  });

  it('shows delete lag and playlist age at check deployment-wide, p50/p99/Maximum', () => {
    for (const [title, metric] of [
      [/Delete lag/, MetricName.DeleteLagMs],
      [/Playlist age/, MetricName.PlaylistAgeAtCheckMs],
    ] as const) {
      expect(widget(title).metrics).toEqual(
        ['p50', 'p99', 'Maximum'].map((stat) => [
          'HlsStaleGuard',
          metric,
          expect.objectContaining({ stat }),
        ]),
      );
    }
  });

  it('names only a (metric, dimension set) the checker publishes (METRIC_DIMENSION_SETS)', () => {
    const rows = body.widgets.flatMap((w) => w.properties.metrics);
    const checked: string[] = [];
    for (const row of rows) {
      const first = row[0] as string | { expression?: string };
      if (typeof first === 'object' && first.expression !== undefined) {
        const search = /SEARCH\('\{"HlsStaleGuard",([^}]*)\} MetricName="([A-Za-z]+)"/.exec(
          first.expression,
        );
        if (search === null) continue;
        const dimensions = [...(search[1] as string).matchAll(/"([^"]+)"/g)].map(
          (m) => m[1] as string,
        );
        checked.push(`${search[2]} ${dimensions.join(',')}`);
        expect(isEmittedWith(search[2] as string, dimensions)).toBe(true);
      } else if (first === 'HlsStaleGuard') {
        const metric = row[1] as string;
        const pairs = row.slice(2).filter((cell) => typeof cell === 'string') as string[];
        const dimensions = pairs.filter((_cell, i) => i % 2 === 0);
        checked.push(`${metric} ${dimensions.join(',')}`);
        expect({ metric, dimensions, emitted: isEmittedWith(metric, dimensions) }).toEqual({
          metric,
          dimensions,
          emitted: true,
        });
      }
    }
    expect(checked.length).toBeGreaterThan(10);
  });

  it("shows each channel's redundancy state over time: down, failed over, recovered", () => {
    for (const [title, metric] of [
      [/Channels down/, MetricName.ChannelsDown],
      [/Failovers per channel/, MetricName.Failovers],
      [/Recovered playlists per channel/, MetricName.PlaylistsRecovered],
    ] as const) {
      expect(JSON.stringify(widget(title).metrics)).toContain(`MetricName=\\"${metric}\\"`);
    }
    expect(widget(/Outage of recovered/).metrics[0]).toEqual(
      expect.arrayContaining([MetricName.OutageDurationMs]),
    );
  });

  it('shows queue age and depth, Lambda duration and errors, and reconciler coverage', () => {
    expect(widget(/Oldest/).metrics[0]).toEqual(
      expect.arrayContaining(['AWS/SQS', 'ApproximateAgeOfOldestMessage']),
    );
    expect(widget(/Queue depth/).metrics.map((m) => m[1])).toEqual(
      expect.arrayContaining([
        'ApproximateNumberOfMessagesVisible',
        'ApproximateNumberOfMessagesNotVisible',
      ]),
    );
    expect(widget(/duration/).metrics[0]).toEqual(
      expect.arrayContaining(['AWS/Lambda', 'Duration']),
    );
    expect(widget(/errors, throttles/).metrics.map((m) => m[1])).toEqual([
      'Errors',
      'Throttles',
      'ConcurrentExecutions',
    ]);
    expect(widget(/Reconciler coverage/).metrics.map((m) => m[1])).toEqual(
      expect.arrayContaining([
        MetricName.ReconcilerObjectsScanned,
        MetricName.ReconcilerSweepIncomplete,
      ]),
    );
  });

  it('names only metrics of the shared vocabulary in the custom namespace', () => {
    const vocabulary: string[] = Object.values(MetricName);
    const named = [...text.matchAll(/"HlsStaleGuard","([A-Za-z]+)"/g)].map((m) => m[1]);
    const searched = [...text.matchAll(/MetricName=\\"([A-Za-z]+)\\"/g)].map((m) => m[1]);
    expect(named.length + searched.length).toBeGreaterThan(10);
    for (const name of [...named, ...searched]) expect(vocabulary).toContain(name);
  });
});
