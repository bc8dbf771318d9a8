import { MetricDimension, MetricName } from '@hls-stale-guard/contract';
import { Construct } from 'constructs';
import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';

/** Props of {@link StaleGuardDashboard} and {@link dashboardBody}. */
export interface StaleGuardDashboardProps {
  readonly dashboardName: string;
  readonly region: string;
  readonly namespace: string;
  readonly bucketNames: readonly string[];
  readonly functionName: string;
  readonly timeoutSeconds: number;
  readonly queueName: string;
  readonly deadLetterQueueNames: readonly string[];
  readonly queueAgeThresholdSeconds: number;
}

type MetricRow = (string | Record<string, unknown>)[];

interface Widget {
  type: 'metric';
  width: number;
  height: number;
  x: number;
  y: number;
  properties: Record<string, unknown>;
}

const WIDTH = 8;
const HEIGHT = 6;

/**
 * The dashboard JSON (CloudWatch dashboard body structure). Every custom metric row names a (metric,
 * dimension set) the checker publishes (`METRIC_DIMENSION_SETS`; an infra test checks it): per channel
 * the redundancy events (each channel's state over time: down, failed over, recovered), deletions and
 * errors, per bucket superseded deletes, the rest deployment-wide.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html
 *
 * @example
 * JSON.stringify(dashboardBody(props));
 */
function dashboardBody(p: StaleGuardDashboardProps): { widgets: Widget[] } {
  // Quoted namespace and dimension names: SEARCH needs quotes around names with special characters.
  const perChannel = (metric: MetricName): MetricRow[] => [
    [
      {
        expression: `SEARCH('{"${p.namespace}","${MetricDimension.Bucket}","${MetricDimension.Channel}"} MetricName="${metric}"', 'Sum', 60)`,
        id: 'perChannel',
      },
    ],
  ];
  const perBucket = (metric: MetricName, stat: string): MetricRow[] =>
    p.bucketNames.map((bucket) => [
      p.namespace,
      metric,
      MetricDimension.Bucket,
      bucket,
      { stat, label: `${bucket} ${stat}` },
    ]);
  const aggregate = (metric: MetricName, stat = 'Sum'): MetricRow => [
    p.namespace,
    metric,
    { stat, label: stat === 'Sum' ? metric : `${metric} ${stat}` },
  ];

  const panels: { title: string; metrics: MetricRow[]; extra?: Record<string, unknown> }[] = [
    {
      title: 'Channels down (no live copy on any pipeline)',
      metrics: perChannel(MetricName.ChannelsDown),
    },
    {
      title: 'Failovers per channel (a pipeline lost a rendition, another serves it)',
      metrics: perChannel(MetricName.Failovers),
    },
    {
      title: 'Recovered playlists per channel',
      metrics: perChannel(MetricName.PlaylistsRecovered),
    },
    {
      title: 'Outage of recovered playlists (deletion → first fresh upload), ms',
      metrics: ['p50', 'p99', 'Maximum'].map((stat) =>
        aggregate(MetricName.OutageDurationMs, stat),
      ),
    },
    {
      title: 'Stale playlists deleted per channel',
      metrics: perChannel(MetricName.StalePlaylistsDeleted),
    },
    {
      title: 'Check errors per channel',
      metrics: perChannel(MetricName.CheckErrors),
    },
    {
      title: 'Deletes superseded by a fresh upload per bucket',
      metrics: perBucket(MetricName.DeletesSuperseded, 'Sum'),
    },
    {
      title: 'Dry run and deletion valve',
      metrics: [
        aggregate(MetricName.DryRunWouldDelete),
        aggregate(MetricName.DeletionValveTripped),
      ],
    },
    {
      title: 'Delete lag (delete time − deadline), ms',
      metrics: ['p50', 'p99', 'Maximum'].map((stat) => aggregate(MetricName.DeleteLagMs, stat)),
    },
    {
      title: 'Playlist age at check, ms',
      metrics: ['p50', 'p99', 'Maximum'].map((stat) =>
        aggregate(MetricName.PlaylistAgeAtCheckMs, stat),
      ),
    },
    {
      title: 'Reconciler coverage',
      metrics: [
        aggregate(MetricName.ReconcilerObjectsScanned),
        aggregate(MetricName.PlaylistsChecked),
        aggregate(MetricName.ReconcilerSweepIncomplete),
      ],
    },
    {
      title: 'Oldest playlist event, s',
      metrics: [
        ['AWS/SQS', 'ApproximateAgeOfOldestMessage', 'QueueName', p.queueName, { stat: 'Maximum' }],
      ],
      extra: {
        annotations: {
          horizontal: [{ label: 'alarm threshold', value: p.queueAgeThresholdSeconds }],
        },
      },
    },
    {
      title: 'Queue depth',
      metrics: [
        [
          'AWS/SQS',
          'ApproximateNumberOfMessagesVisible',
          'QueueName',
          p.queueName,
          { stat: 'Maximum' },
        ],
        [
          'AWS/SQS',
          'ApproximateNumberOfMessagesNotVisible',
          'QueueName',
          p.queueName,
          { stat: 'Maximum', label: 'postponed / in flight' },
        ],
        ...p.deadLetterQueueNames.map((name): MetricRow => [
          'AWS/SQS',
          'ApproximateNumberOfMessagesVisible',
          'QueueName',
          name,
          { stat: 'Maximum', label: `dead letters ${name}` },
        ]),
      ],
    },
    {
      title: 'Checker duration, ms',
      metrics: ['p50', 'p99', 'Maximum'].map((stat): MetricRow => [
        'AWS/Lambda',
        'Duration',
        'FunctionName',
        p.functionName,
        { stat },
      ]),
      extra: {
        annotations: { horizontal: [{ label: 'timeout', value: p.timeoutSeconds * 1000 }] },
      },
    },
    {
      title: 'Checker errors, throttles, concurrency',
      metrics: ['Errors', 'Throttles', 'ConcurrentExecutions'].map((metric): MetricRow => [
        'AWS/Lambda',
        metric,
        'FunctionName',
        p.functionName,
        { stat: metric === 'ConcurrentExecutions' ? 'Maximum' : 'Sum' },
      ]),
    },
    {
      title: 'Check errors, invalid playlists, ignored events',
      metrics: [
        aggregate(MetricName.CheckErrors),
        aggregate(MetricName.PlaylistsInvalid),
        aggregate(MetricName.EventsIgnored),
      ],
    },
  ];

  return {
    widgets: panels.map((panel, index) => ({
      type: 'metric',
      width: WIDTH,
      height: HEIGHT,
      x: (index % 3) * WIDTH,
      y: Math.floor(index / 3) * HEIGHT,
      properties: {
        title: panel.title,
        region: p.region,
        view: 'timeSeries',
        stacked: false,
        period: 60,
        metrics: panel.metrics,
        ...panel.extra,
      },
    })),
  };
}

/**
 * The CloudWatch dashboard of the deployment.
 *
 * @example
 * new StaleGuardDashboard(this, 'dashboard', props).dashboard.dashboardName;
 */
export class StaleGuardDashboard extends Construct {
  readonly dashboard: CloudwatchDashboard;

  constructor(scope: Construct, id: string, props: StaleGuardDashboardProps) {
    super(scope, id);
    this.dashboard = new CloudwatchDashboard(this, 'dashboard', {
      dashboardName: props.dashboardName,
      dashboardBody: JSON.stringify(dashboardBody(props)),
    });
  }
}
