import type { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsCloudfrontDistribution } from '@cdktf/provider-aws/lib/data-aws-cloudfront-distribution';
import { effectivePrefixes, type InfraConfig } from '../config/infra-config';
import type { StateBackend } from '../config/state-backend';
import { AdoptedOriginBucket } from '../constructs/adopted-origin-bucket';
import {
  StaleGuardAlarms,
  alarmDestinationWarning,
  alarmDestinations,
  oldestMessageAgeThresholdSeconds,
} from '../constructs/alarms';
import { StaleGuardDashboard } from '../constructs/dashboard';
import { OriginBucket, type Origin } from '../constructs/origin-bucket';
import { PlaybackDistribution } from '../constructs/playback-distribution';
import { PlaylistQueue } from '../constructs/playlist-queue';
import { RegistryTable } from '../constructs/registry-table';
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
    const caller = new DataAwsCallerIdentity(this, 'caller');
    const accountId = caller.accountId;

    // Created buckets by default; with `existingOriginBuckets`, the owner's buckets (read, not modified).
    const origins: { pipeline: string; bucket: Origin }[] = config.pipelines.map(
      (pipeline, index) => {
        const existing = config.existingOriginBuckets?.[index];
        return {
          pipeline,
          bucket:
            existing === undefined
              ? new OriginBucket(this, `origin-${pipeline}`, {
                  bucketName: names.originBucket(pipeline, accountId, config.region),
                  prefixes,
                  segmentExpirationDays: config.segmentExpirationDays,
                  noncurrentVersionExpirationDays: config.noncurrentVersionExpirationDays,
                  accessLogBucket: config.accessLogBucket,
                })
              : new AdoptedOriginBucket(this, `origin-${pipeline}`, { bucketName: existing }),
        };
      },
    );

    const queue = new PlaylistQueue(this, 'playlist-queue', {
      names,
      functionTimeoutSeconds: config.timeoutSeconds,
      accountId,
      sourceBucketArns: origins.map((o) => o.bucket.bucketArn),
      notificationDelay: {
        minTargetDurationSeconds: config.minTargetDurationSeconds,
        targetDurationMultiple: config.targetDurationMultiple,
        batchingWindowSeconds: config.batchingWindowSeconds,
      },
    });

    // The stack's customer managed key lives with the alarm topic; the registry table uses it too.
    const alarms = new StaleGuardAlarms(this, 'alarms', {
      config,
      names,
      accountId,
      callerArn: caller.arn,
    });
    const registry = new RegistryTable(this, 'registry', {
      tableName: names.registryTable,
      kmsKeyArn: alarms.key.arn,
      deletionProtection: config.registryDeletionProtection,
    });

    const checker = new StaleCheckerFunction(this, 'stale-checker', {
      config,
      names,
      zipPath: props.checkerZipPath,
      buckets: origins.map((o) => ({
        name: o.bucket.bucketName,
        arn: o.bucket.bucketArn,
        pipeline: o.pipeline,
      })),
      prefixes,
      queue: queue.queue,
      reconcileDeadLetterQueue: queue.reconcileDeadLetterQueue,
      registryTable: {
        name: registry.table.name,
        arn: registry.table.arn,
        kmsKeyArn: alarms.key.arn,
      },
      permissionsBoundaryArn: `arn:aws:iam::${accountId}:policy/${names.permissionsBoundary}`,
    });

    // S3 validates the queue (sends a test event) when the notification is written; right after the
    // queue policy is set that can fail ("Unable to validate the following destination
    // configurations") because SQS policy changes take time to propagate. The notification therefore
    // waits for the queue policy and for the function and its event source mapping, which take
    // seconds to create after the policy, and which should exist before events arrive anyway.
    for (const { bucket } of origins) {
      bucket.notifyPlaylistWrites(queue.queue.arn, prefixes, [
        queue.queuePolicy,
        checker.function,
        checker.eventSource,
      ]);
    }

    let playbackDomain: string;
    if (config.distribution === 'create') {
      playbackDomain = new PlaybackDistribution(this, 'playback', {
        namePrefix: config.namePrefix,
        origins,
        prefixes,
        priceClass: config.priceClass,
        certificateArn: config.certificateArn,
        aliases: config.aliases,
        accessLogBucket: config.accessLogBucket,
        webAclArn: config.webAclArn,
      }).distribution.domainName;
    } else if (config.distribution === 'existing' && config.existingDistributionId !== null) {
      playbackDomain = new DataAwsCloudfrontDistribution(this, 'existing-distribution', {
        id: config.existingDistributionId,
      }).domainName;
    } else {
      playbackDomain = '';
    }

    // The encoder policy moved to the bootstrap stack (roles outside this stack attach it, so the deploy
    // role must not be able to rewrite it): forget it here without destroying it.
    // https://developer.hashicorp.com/terraform/language/resources/syntax#removing-resources
    this.addOverride('removed', [
      { from: 'aws_iam_policy.encoder-policy', lifecycle: { destroy: false } },
    ]);

    const deadLetterQueueNames = [queue.deadLetterQueue.name, queue.reconcileDeadLetterQueue.name];
    alarms.addAlarms({
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
        value: playbackDomain,
        description:
          'CloudFront domain players use (https://<domain>/<prefix>…/index.m3u8); empty when distribution is "none"',
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
      registry_table: {
        value: registry.table.name,
        description: 'DynamoDB table of the playlist registry',
      },
      alarm_destinations: {
        value: alarmDestinations(config),
        description: 'Where alarms are sent (email:<address>, sns:<topic ARN>); empty: nowhere',
      },
      alarm_destination_warning: {
        value: alarmDestinationWarning(config),
        description: 'Non-empty when no alarm reaches anyone (plan summaries show it loudly)',
      },
      adopted_origin_buckets: {
        value: config.existingOriginBuckets ?? [],
        description:
          'Existing buckets the stack attaches to; check them with `npx nx run infra:preflight` before apply',
      },
    };
    const adopted = origins.flatMap((o) =>
      o.bucket instanceof AdoptedOriginBucket && o.bucket.requiredPolicyStatements.length > 0
        ? [{ bucket: o.bucket.bucketName, statements: o.bucket.requiredPolicyStatements }]
        : [],
    );
    if (adopted.length > 0) {
      outputs['adopted_bucket_policy_statements'] = {
        value: adopted,
        description:
          'Statements the owner of each adopted bucket must merge into its bucket policy (the stack does not replace an existing policy)',
      };
    }
    for (const [id, output] of Object.entries(outputs)) {
      new TerraformOutput(this, id, { ...output, staticId: true });
    }
  }
}
