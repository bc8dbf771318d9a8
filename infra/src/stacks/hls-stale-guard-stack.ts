import type { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { effectivePrefixes, type InfraConfig } from '../config/infra-config';
import type { StateBackend } from '../config/state-backend';
import { StaleGuardAlarms, oldestMessageAgeThresholdSeconds } from '../constructs/alarms';
import { StaleGuardDashboard } from '../constructs/dashboard';
import { OriginBucket } from '../constructs/origin-bucket';
import { PlaybackDistribution } from '../constructs/playback-distribution';
import { PlaylistQueue } from '../constructs/playlist-queue';
import { StaleCheckerFunction } from '../constructs/stale-checker-function';
import { resourceNames } from '../naming';
import { StackBase } from './stack-base';

/** Props of {@link HlsStaleGuardStack}. */
export interface HlsStaleGuardStackProps {
  readonly config: InfraConfig;
  /** Absolute path of the stale-checker zip. */
  readonly checkerZipPath: string;
  readonly backend: StateBackend;
}

/**
 * The deployment: origin buckets, playlist event queue, stale-checker, CloudFront, alarms, dashboard.
 *
 * ```text
 * encoder A ─PUT─▶ S3 origin A ─┐ ObjectCreated *.m3u8          ┌─▶ CloudFront origin group ─▶ players
 * encoder B ─PUT─▶ S3 origin B ─┼────────────▶ SQS ─▶ stale-checker (Lambda) ─DELETE stale playlist─┘
 *                               └── EventBridge rate(N min) ─▶ reconciler sweep (same function)
 * ```
 *
 * @example
 * new HlsStaleGuardStack(app, 'hls-stale-guard', { config, checkerZipPath, backend });
 */
export class HlsStaleGuardStack extends StackBase {
  constructor(scope: Construct, name: string, props: HlsStaleGuardStackProps) {
    const { config } = props;
    super(scope, name, {
      region: config.region,
      namePrefix: config.namePrefix,
      backend: props.backend,
    });
    const names = resourceNames(config.namePrefix);
    const prefixes = effectivePrefixes(config);
    const accountId = new DataAwsCallerIdentity(this, 'caller').accountId;

    const origins = config.pipelines.map((pipeline) => ({
      pipeline,
      bucket: new OriginBucket(this, `origin-${pipeline}`, {
        bucketName: names.originBucket(pipeline, accountId, config.region),
        prefixes,
        segmentExpirationDays: config.segmentExpirationDays,
        noncurrentVersionExpirationDays: config.noncurrentVersionExpirationDays,
        accessLogBucket: config.accessLogBucket,
      }),
    }));

    const queue = new PlaylistQueue(this, 'playlist-queue', {
      names,
      functionTimeoutSeconds: config.timeoutSeconds,
      accountId,
      sourceBucketArns: origins.map((o) => o.bucket.bucketArn),
    });
    for (const { bucket } of origins) {
      bucket.notifyPlaylistWrites(queue.queue.arn, prefixes, [queue.queuePolicy]);
    }

    const checker = new StaleCheckerFunction(this, 'stale-checker', {
      config,
      names,
      zipPath: props.checkerZipPath,
      buckets: origins.map((o) => ({ name: o.bucket.bucketName, arn: o.bucket.bucketArn })),
      prefixes,
      queue: queue.queue,
      reconcileDeadLetterQueue: queue.reconcileDeadLetterQueue,
      permissionsBoundaryArn: `arn:aws:iam::${accountId}:policy/${names.permissionsBoundary}`,
    });

    const playback = new PlaybackDistribution(this, 'playback', {
      namePrefix: config.namePrefix,
      origins: origins.map((o) => ({ pipeline: o.pipeline, bucket: o.bucket })),
      prefixes,
      priceClass: config.priceClass,
      certificateArn: config.certificateArn,
      aliases: config.aliases,
      accessLogBucket: config.accessLogBucket,
      webAclArn: config.webAclArn,
    });

    // The encoder policy moved to the bootstrap stack (roles outside this stack attach it, so the deploy
    // role must not be able to rewrite it): forget it here without destroying it.
    // https://developer.hashicorp.com/terraform/language/resources/syntax#removing-resources
    this.addOverride('removed', [
      { from: 'aws_iam_policy.encoder-policy', lifecycle: { destroy: false } },
    ]);

    const deadLetterQueueNames = [queue.deadLetterQueue.name, queue.reconcileDeadLetterQueue.name];
    new StaleGuardAlarms(this, 'alarms', {
      config,
      names,
      accountId,
      functionName: checker.function.functionName,
      queueName: queue.queue.name,
      deadLetterQueueNames,
    });
    const dashboard = new StaleGuardDashboard(this, 'dashboard', {
      dashboardName: names.dashboard,
      region: config.region,
      namespace: config.metricsNamespace,
      bucketNames: origins.map((o) => o.bucket.bucketName),
      functionName: checker.function.functionName,
      timeoutSeconds: config.timeoutSeconds,
      queueName: queue.queue.name,
      deadLetterQueueNames,
      queueAgeThresholdSeconds: oldestMessageAgeThresholdSeconds(config),
    });

    const [primary] = origins;
    const outputs: Record<string, { value: unknown; description: string }> = {
      playback_domain: {
        value: playback.distribution.domainName,
        description: 'CloudFront domain players use (https://<domain>/<prefix>…/index.m3u8)',
      },
      bucket_names: {
        value: origins.map((o) => o.bucket.bucketName),
        description: 'Origin bucket per pipeline, primary first',
      },
      primary_bucket: {
        value: primary?.bucket.bucketName,
        description: 'Origin bucket of the primary pipeline',
      },
      queue_url: { value: queue.queue.url, description: 'Playlist event queue' },
      dashboard_url: {
        value: `https://${config.region}.console.aws.amazon.com/cloudwatch/home?region=${config.region}#dashboards:name=${dashboard.dashboard.dashboardName}`,
        description: 'CloudWatch dashboard',
      },
      canary_prefix: {
        value: config.canaryPrefix,
        description: 'Prefix the deploy canary writes its test playlist under (watched)',
      },
    };
    for (const [id, output] of Object.entries(outputs)) {
      new TerraformOutput(this, id, { ...output, staticId: true });
    }
  }
}
