import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  CHECKER_ARCHITECTURE,
  CHECKER_ENV,
  CHECKER_HANDLER,
  CHECKER_RUNTIME,
  notificationDelaySeconds,
  PLAYLIST_KEY_SUFFIX,
  RECONCILE_EVENT_INPUT,
} from '@hls-stale-guard/contract';
import { Construct } from 'constructs';
import { AssetType, TerraformAsset } from 'cdktf';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { LambdaEventSourceMapping } from '@cdktf/provider-aws/lib/lambda-event-source-mapping';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaFunctionEventInvokeConfig } from '@cdktf/provider-aws/lib/lambda-function-event-invoke-config';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import type { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import type { InfraConfig } from '../config/infra-config';
import { policyJson, type PolicyStatement } from '../iam/policy-document';
import type { ResourceNames } from '../naming';
import { acceptRisk } from '../security/accept-risk';

/** The origin buckets the checker may act on. */
interface CheckedBucket {
  readonly name: string;
  readonly arn: string;
  /** The encoder pipeline whose origin it is (`PIPELINES`); unset: the pipeline is named by the bucket. */
  readonly pipeline?: string;
}

/** The playlist registry table the checker reads and writes. */
interface CheckedTable {
  readonly name: string;
  readonly arn: string;
  /** The customer managed key the table is encrypted with. */
  readonly kmsKeyArn: string;
}

/** Props of {@link StaleCheckerFunction}. */
export interface StaleCheckerFunctionProps {
  readonly config: InfraConfig;
  readonly names: ResourceNames;
  /** Absolute path of the deployable zip (`nx build stale-checker`, or a test fixture). */
  readonly zipPath: string;
  readonly buckets: readonly CheckedBucket[];
  /** Watched prefixes including the canary prefix. */
  readonly prefixes: readonly string[];
  readonly queue: SqsQueue;
  readonly reconcileDeadLetterQueue: SqsQueue;
  readonly registryTable: CheckedTable;
  readonly permissionsBoundaryArn: string;
}

/**
 * `rate(1 minute)` / `rate(5 minutes)`: EventBridge wants the singular for 1.
 *
 * @example
 * reconcileScheduleExpression(5); // 'rate(5 minutes)'
 */
export function reconcileScheduleExpression(minutes: number): string {
  return `rate(${minutes} ${minutes === 1 ? 'minute' : 'minutes'})`;
}

/** Terraform's `filebase64sha256`, computed at synth so the plan shows a code change as a hash change. */
function fileBase64Sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('base64');
}

/**
 * The one {@link CHECKER_ENV} variable the function does not get: it bounds the PutMetricData publisher
 * used outside Lambda, and the function writes its metrics as EMF log lines (no publish to bound).
 */
type NotForTheFunction = 'metricsPublishTimeoutMs';

/**
 * Every variable of {@link CHECKER_ENV} the function reads, from the typed config. The mapped type makes a
 * variable added to the contract a compile error here until infra sets it (or lists it in
 * {@link NotForTheFunction}).
 *
 * @example
 * checkerEnvironment(config, { bucketNames: ['a'], prefixes: ['live/'], queueUrl, registryTableName }).DRY_RUN; // 'false'
 */
export function checkerEnvironment(
  config: InfraConfig,
  values: {
    bucketNames: readonly string[];
    prefixes: readonly string[];
    queueUrl: string;
    registryTableName: string;
    /** Each origin's pipeline, in pipeline order; unset: each bucket is a pipeline named by it. */
    pipelines?: readonly { name: string; bucket: string }[];
  },
): Record<string, string> {
  const pipelines =
    values.pipelines ?? values.bucketNames.map((bucket) => ({ name: bucket, bucket }));
  const byKey: {
    [K in Exclude<keyof typeof CHECKER_ENV, NotForTheFunction>]: string;
  } = {
    watchedBuckets: values.bucketNames.join(','),
    watchedPrefixes: values.prefixes.join(','),
    queueUrl: values.queueUrl,
    targetDurationMultiple: String(config.targetDurationMultiple),
    partTargetMultiple: String(config.partTargetMultiple),
    graceMs: String(config.graceMs),
    maxPlaylistBytes: String(config.maxPlaylistBytes),
    dryRun: String(config.dryRun),
    maxDeletionsPerMinute: String(config.maxDeletionsPerMinute),
    reconcilerSafetyMarginMs: String(config.reconcilerSafetyMarginMs),
    inlineWaitMaxMs: String(config.inlineWaitMaxMs),
    // The checker tells from a batch's size whether the window ran out (see the event source mapping below).
    eventSourceBatchSize: String(config.batchSize),
    eventSourceBatchingWindowSeconds: String(config.batchingWindowSeconds),
    // The queue's DelaySeconds (see PlaylistQueue): the checker warns of playlists it checks late.
    notificationDelaySeconds: String(notificationDelaySeconds(config)),
    registryTable: values.registryTableName,
    registryTtlHours: String(config.registryTtlHours),
    metricsNamespace: config.metricsNamespace,
    metricsChannelRule: config.metricsChannelRule,
    metricsMaxChannels: String(config.metricsMaxChannels),
    metricsHighResolution: String(config.highResolutionMetrics),
    logLevel: config.logLevel,
    // Each pipeline's copies in its own bucket, same key layout (created and adopted buckets alike).
    pipelines: pipelines.map((p) => `${p.name}=${p.bucket}`).join(','),
    allStalePolicy: config.allStalePolicy,
  };
  return Object.fromEntries(
    (Object.keys(byKey) as (keyof typeof byKey)[]).map((key) => [CHECKER_ENV[key], byKey[key]]),
  );
}

/**
 * Lambda's logging configuration of the checker
 * (https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-logformat.html): JSON format;
 * system log level `WARN`, so Lambda does not write its START, END and REPORT lines for every invocation
 * (platform lines are INFO; https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-log-level.html);
 * application log level `DEBUG` under `logLevel: debug`, `INFO` otherwise. Never above `INFO`: Lambda
 * gives a JSON line without a `level` key the level INFO, and the checker's embedded-metric-format
 * lines have none, so a `WARN` application level would drop the metrics. The checker filters its own
 * lines by `LOG_LEVEL` before writing them.
 *
 * @example
 * checkerLoggingConfig({ logLevel: 'warn' }, 'hls-stale-guard-checker');
 * // { logFormat: 'JSON', applicationLogLevel: 'INFO', systemLogLevel: 'WARN', logGroup: 'hls-stale-guard-checker' }
 */
function checkerLoggingConfig(
  config: Pick<InfraConfig, 'logLevel'>,
  logGroup: string,
): {
  logFormat: 'JSON';
  applicationLogLevel: 'DEBUG' | 'INFO';
  systemLogLevel: 'WARN';
  logGroup: string;
} {
  return {
    logFormat: 'JSON',
    applicationLogLevel: config.logLevel === 'debug' ? 'DEBUG' : 'INFO',
    systemLogLevel: 'WARN',
    logGroup,
  };
}

/**
 * The playlist registry actions: read, register/refresh, forget one playlist, sweep (Scan), and the bulk
 * "register" command (BatchWriteItem).
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazondynamodb.html
 */
const REGISTRY_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:Scan',
  'dynamodb:BatchWriteItem',
] as const;

/**
 * The least-privilege policy of the checker. S3: Get/Delete only `<bucket>/<prefix>*.m3u8` (Get is
 * needed for the conditional `If-Match` delete too; lower-case suffix like the notification filter).
 * ListBucket on the whole bucket, without an `s3:prefix` condition: a HEAD of a key that is gone answers
 * 403 instead of 404 unless the caller may ListBucket, and a HEAD carries no prefix, so a prefix
 * condition never applies to it (https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html).
 * ListBucketVersions: the checker reads a key's version history in a rare case. DynamoDB: the registry
 * table only. SQS: its own queue. No CloudWatch permission: metrics are embedded-metric-format log lines in its own log group. X-Ray only
 * under `tracing: active` (a function in `PassThrough` mode sends no segments of its own), on `*` because
 * PutTraceSegments/PutTelemetryRecords have no resource types or condition keys
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsx-ray.html).
 *
 * @example
 * policyJson(checkerPolicyStatements({ buckets, prefixes, queueArn, reconcileDeadLetterQueueArn, registryTableArn, registryKeyArn, region, logGroupArn, tracing: 'off' }));
 */
function checkerPolicyStatements(p: {
  buckets: readonly CheckedBucket[];
  prefixes: readonly string[];
  queueArn: string;
  reconcileDeadLetterQueueArn: string;
  registryTableArn: string;
  registryKeyArn: string;
  region: string;
  logGroupArn: string;
  tracing: InfraConfig['tracing'];
}): PolicyStatement[] {
  const writeTraces: PolicyStatement[] =
    p.tracing === 'active'
      ? [
          {
            Sid: 'WriteTraces',
            Effect: 'Allow',
            Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
            Resource: ['*'],
          },
        ]
      : [];
  return [
    {
      Sid: 'ReadAndDeletePlaylists',
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:DeleteObject'],
      Resource: p.buckets.flatMap((b) =>
        p.prefixes.map((prefix) => `${b.arn}/${prefix}*${PLAYLIST_KEY_SUFFIX}`),
      ),
    },
    {
      Sid: 'ListBucketsSoMissingKeysAre404',
      Effect: 'Allow',
      Action: ['s3:ListBucket', 's3:ListBucketVersions'],
      Resource: p.buckets.map((b) => b.arn),
    },
    {
      Sid: 'PlaylistRegistry',
      Effect: 'Allow',
      Action: [...REGISTRY_ACTIONS],
      Resource: [p.registryTableArn],
    },
    {
      // The table is encrypted with the stack's customer managed key; DynamoDB uses it on the caller's
      // behalf, so the caller may use it, but only through DynamoDB.
      // https://docs.aws.amazon.com/kms/latest/developerguide/services-dynamodb.html
      Sid: 'PlaylistRegistryEncryption',
      Effect: 'Allow',
      Action: [
        'kms:Decrypt',
        'kms:Encrypt',
        'kms:GenerateDataKey*',
        'kms:ReEncrypt*',
        'kms:DescribeKey',
      ],
      Resource: [p.registryKeyArn],
      Condition: { StringEquals: { 'kms:ViaService': `dynamodb.${p.region}.amazonaws.com` } },
    },
    {
      Sid: 'ConsumeAndPostponePlaylistEvents',
      Effect: 'Allow',
      Action: [
        'sqs:ReceiveMessage',
        'sqs:DeleteMessage',
        'sqs:ChangeMessageVisibility',
        'sqs:GetQueueAttributes',
      ],
      Resource: [p.queueArn],
    },
    {
      Sid: 'DeadLetterFailedReconciles',
      Effect: 'Allow',
      Action: ['sqs:SendMessage'],
      Resource: [p.reconcileDeadLetterQueueArn],
    },
    ...writeTraces,
    {
      Sid: 'WriteOwnLogs',
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: [`${p.logGroupArn}:log-stream:*`],
    },
  ];
}

/**
 * Lambda's tracing mode for the `tracing` setting
 * (https://docs.aws.amazon.com/lambda/latest/dg/services-xray.html): `Active` records traces of sampled
 * invocations; `PassThrough` only propagates the tracing context.
 *
 * @example
 * lambdaTracingMode('off'); // 'PassThrough'
 */
function lambdaTracingMode(tracing: InfraConfig['tracing']): 'Active' | 'PassThrough' {
  return tracing === 'active' ? 'Active' : 'PassThrough';
}

/**
 * The stale-checker Lambda: role and policy, log group, function (arm64, nodejs24.x, X-Ray by config), the SQS
 * event source with partial batch responses, and the EventBridge schedule of the reconciler sweep.
 *
 * @example
 * new StaleCheckerFunction(this, 'stale-checker', { config, names, zipPath, buckets, prefixes, queue, reconcileDeadLetterQueue, permissionsBoundaryArn });
 */
export class StaleCheckerFunction extends Construct {
  readonly function: LambdaFunction;
  readonly role: IamRole;
  readonly logGroup: CloudwatchLogGroup;
  readonly scheduleRule: CloudwatchEventRule;
  readonly eventSource: LambdaEventSourceMapping;

  constructor(scope: Construct, id: string, props: StaleCheckerFunctionProps) {
    super(scope, id);
    const { config, names } = props;

    this.logGroup = new CloudwatchLogGroup(this, 'log-group', {
      name: names.logGroup,
      retentionInDays: config.logRetentionDays,
    });

    this.role = new IamRole(this, 'role', {
      name: names.functionRole,
      path: names.iamPath,
      permissionsBoundary: props.permissionsBoundaryArn,
      assumeRolePolicy: policyJson([
        {
          Sid: 'LambdaAssumesRole',
          Effect: 'Allow',
          Principal: { Service: 'lambda.amazonaws.com' },
          Action: ['sts:AssumeRole'],
        },
      ]),
    });
    const policy = new IamRolePolicy(this, 'role-policy', {
      name: 'stale-checker',
      role: this.role.id,
      policy: policyJson(
        checkerPolicyStatements({
          buckets: props.buckets,
          prefixes: props.prefixes,
          queueArn: props.queue.arn,
          reconcileDeadLetterQueueArn: props.reconcileDeadLetterQueue.arn,
          registryTableArn: props.registryTable.arn,
          registryKeyArn: props.registryTable.kmsKeyArn,
          region: config.region,
          logGroupArn: this.logGroup.arn,
          tracing: config.tracing,
        }),
      ),
    });

    // Copied into cdktf.out/stacks/<stack>/assets/…; the JSON references it by that relative path.
    const bundle = new TerraformAsset(this, 'bundle', {
      path: props.zipPath,
      type: AssetType.FILE,
    });

    this.function = new LambdaFunction(this, 'function', {
      functionName: names.function,
      description: 'Deletes stale live HLS media playlists (RFC 8216 §6.2.1) so the CDN fails over',
      role: this.role.arn,
      filename: bundle.path,
      sourceCodeHash: fileBase64Sha256(props.zipPath),
      handler: CHECKER_HANDLER,
      runtime: CHECKER_RUNTIME,
      architectures: [CHECKER_ARCHITECTURE],
      memorySize: config.memoryMb,
      timeout: config.timeoutSeconds,
      reservedConcurrentExecutions: config.reservedConcurrency ?? undefined,
      tracingConfig: { mode: lambdaTracingMode(config.tracing) },
      loggingConfig: checkerLoggingConfig(config, this.logGroup.name),
      deadLetterConfig: { targetArn: props.reconcileDeadLetterQueue.arn },
      environment: {
        variables: checkerEnvironment(config, {
          bucketNames: props.buckets.map((b) => b.name),
          prefixes: props.prefixes,
          queueUrl: props.queue.url,
          registryTableName: props.registryTable.name,
          pipelines: props.buckets.map((b) => ({ name: b.pipeline ?? b.name, bucket: b.name })),
        }),
      },
      // The log group exists (with its retention) before the first invocation could create it.
      dependsOn: [this.logGroup, policy],
    });
    // checkov:skip=CKV_AWS_173: environment variables hold names and numbers, no secrets
    acceptRisk(this.function, {
      rules: ['CKV_AWS_173'],
      reason:
        'the environment holds bucket names, prefixes, a queue URL and numbers, no secrets; Lambda encrypts it at rest with an AWS-managed key',
    });
    if (config.tracing === 'off') {
      // checkov:skip=CKV_AWS_50: X-Ray tracing is off by default (cost); tracing: "active" turns it on
      acceptRisk(this.function, {
        rules: ['CKV_AWS_50', 'AVD-AWS-0066'],
        reason:
          'tracing is "off" by default for cost: Lambda records the first invocation each second and 5 % of the rest, a rate a function cannot configure, so at $5 per million traces the reservoir alone costs about $13 a month ($17.6 at one channel: a third of the all-in bill there, three times the other fixed costs); the JSON decision logs and EMF metrics already record what the checker did; set tracing: "active" to debug',
      });
    }
    if (config.reservedConcurrency === null) {
      // checkov:skip=CKV_AWS_115: reserved concurrency is off by default (new accounts cannot reserve)
      acceptRisk(this.function, {
        rules: ['CKV_AWS_115'],
        reason:
          'reservedConcurrency is null (the default): a new account has a concurrency quota of 10-50 and Lambda refuses a reservation that leaves fewer than 10 unreserved; the event source maximum concurrency still bounds the SQS path',
      });
    }

    this.eventSource = new LambdaEventSourceMapping(this, 'event-source', {
      eventSourceArn: props.queue.arn,
      functionName: this.function.arn,
      batchSize: config.batchSize,
      maximumBatchingWindowInSeconds: config.batchingWindowSeconds,
      // Postponed and failed records are reported individually; the rest of the batch is deleted.
      functionResponseTypes: ['ReportBatchItemFailures'],
      scalingConfig: { maximumConcurrency: config.maxConcurrency },
    });

    this.scheduleRule = new CloudwatchEventRule(this, 'reconcile-schedule', {
      name: names.reconcileRule,
      description: 'Reconciler sweep: lists the watched prefixes and checks every live playlist',
      scheduleExpression: reconcileScheduleExpression(config.reconcileIntervalMinutes),
      state: 'ENABLED',
    });
    new CloudwatchEventTarget(this, 'reconcile-target', {
      rule: this.scheduleRule.name,
      targetId: 'stale-checker',
      arn: this.function.arn,
      input: JSON.stringify(RECONCILE_EVENT_INPUT),
    });
    new LambdaPermission(this, 'reconcile-permission', {
      statementId: 'AllowReconcileSchedule',
      action: 'lambda:InvokeFunction',
      functionName: this.function.functionName,
      principal: 'events.amazonaws.com',
      sourceArn: this.scheduleRule.arn,
    });
    // A failed sweep is not retried (the next one comes in reconcileIntervalMinutes): straight to the DLQ.
    new LambdaFunctionEventInvokeConfig(this, 'async-invoke', {
      functionName: this.function.functionName,
      maximumRetryAttempts: 0,
      maximumEventAgeInSeconds: Math.min(
        Math.max(config.reconcileIntervalMinutes * 60, 60),
        21_600,
      ),
    });
  }
}
