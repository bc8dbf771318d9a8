import { CHECKER_ENV, CHECKER_HANDLER, RECONCILE_EVENT_INPUT } from '@hls-stale-guard/contract';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { LambdaEventSourceMapping } from '@cdktf/provider-aws/lib/lambda-event-source-mapping';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaFunctionEventInvokeConfig } from '@cdktf/provider-aws/lib/lambda-function-event-invoke-config';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { reconcileScheduleExpression } from '../src/constructs/stale-checker-function';
import { policyDocuments, resources, single, statement, synthStacks } from './synth-helpers';

const ROLE_POLICY = /aws_iam_role_policy\.stale-checker_role-policy/;

/** Every checker setting away from its default, in one synth. */
const CONFIG = {
  memoryMb: 512,
  timeoutSeconds: 45,
  reservedConcurrency: 8,
  maxConcurrency: 4,
  dryRun: true,
  targetDurationMultiple: 2,
  partTargetMultiple: 4,
  graceMs: 250,
  maxPlaylistBytes: 1000,
  maxDeletionsPerMinute: 7,
  reconcilerSafetyMarginMs: 3000,
  inlineWaitMaxMs: 0,
  metricsNamespace: 'Custom/Ns',
  metricsChannelRule: 'segment:1',
  metricsMaxChannels: 9,
  highResolutionMetrics: false,
  logLevel: 'warn',
  allStalePolicy: 'keep-last',
  registryTtlHours: 24,
  watchedPrefixes: ['live/', 'events/'],
};

describe('stale-checker logging', () => {
  const loggingOf = (overrides: Record<string, unknown> = {}) =>
    single(synthStacks(overrides).main.tf, 'aws_lambda_function').logging_config;

  it('uses JSON logs and drops START/END/REPORT (system level WARN) into its own log group', () => {
    expect(loggingOf()).toEqual({
      log_format: 'JSON',
      application_log_level: 'INFO',
      system_log_level: 'WARN',
      log_group: '${aws_cloudwatch_log_group.stale-checker_log-group.name}',
    });
  });

  it('lets debug lines through under logLevel debug', () => {
    expect(loggingOf({ logLevel: 'debug' })).toMatchObject({ application_log_level: 'DEBUG' });
  });

  it.each(['warn', 'error'])(
    'keeps the application level at INFO under logLevel %s, so EMF lines (INFO to Lambda) are not dropped',
    (logLevel) => {
      expect(loggingOf({ logLevel })).toMatchObject({ application_log_level: 'INFO' });
      const variables = (
        single(synthStacks({ logLevel }).main.tf, 'aws_lambda_function').environment as {
          variables: Record<string, string>;
        }
      ).variables;
      expect(variables[CHECKER_ENV.logLevel]).toBe(logLevel);
    },
  );

  it('rejects a log level the checker would refuse at cold start', () => {
    expect(() => synthStacks({ logLevel: 'verbose' })).toThrow(/logLevel/);
  });
});

describe('a fresh account', () => {
  it('reserves no concurrency by default (new accounts cannot reserve any)', () => {
    const { main } = synthStacks();
    expect(single(main.tf, 'aws_lambda_function').reserved_concurrent_executions).toBeUndefined();
  });
});

describe('stale-checker function', () => {
  const { main } = synthStacks({
    memoryMb: 512,
    timeoutSeconds: 45,
    reservedConcurrency: 8,
    maxConcurrency: 4,
  });
  const fn = single(main.tf, 'aws_lambda_function');

  it('runs the built zip on nodejs24.x, arm64, with memory and timeout from the config', () => {
    expect(main.json).toHaveResourceWithProperties(LambdaFunction, {
      function_name: 'hls-stale-guard-stale-checker',
      handler: CHECKER_HANDLER,
      runtime: 'nodejs24.x',
      architectures: ['arm64'],
      memory_size: 512,
      timeout: 45,
      reserved_concurrent_executions: 8,
    });
  });

  it('sends failed asynchronous (reconciler) invocations to a dead-letter queue, without retries', () => {
    expect(fn.dead_letter_config).toEqual({
      target_arn: '${aws_sqs_queue.playlist-queue_reconcile-dead-letter-queue.arn}',
    });
    expect(main.json).toHaveResourceWithProperties(LambdaFunctionEventInvokeConfig, {
      maximum_retry_attempts: 0,
    });
  });

  it('logs to /aws/lambda/<function> with the configured retention, created before the function', () => {
    expect(main.json).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: '/aws/lambda/hls-stale-guard-stale-checker',
      retention_in_days: 30,
    });
    expect(fn.depends_on).toContain('aws_cloudwatch_log_group.stale-checker_log-group');
  });

  it('consumes the queue with partial batch responses, batch size and maximum concurrency from the config', () => {
    expect(main.json).toHaveResourceWithProperties(LambdaEventSourceMapping, {
      event_source_arn: '${aws_sqs_queue.playlist-queue_queue.arn}',
      function_name: '${aws_lambda_function.stale-checker_function.arn}',
      function_response_types: ['ReportBatchItemFailures'],
      batch_size: 10,
      maximum_batching_window_in_seconds: 1,
      scaling_config: { maximum_concurrency: 4 },
    });
  });

  it('tells the function the event source batch size and window, so it can tell a window that ran out', () => {
    const { main: noWindow } = synthStacks({ ...CONFIG, batchingWindowSeconds: 0, batchSize: 7 });
    const fn = single(noWindow.tf, 'aws_lambda_function') as {
      environment: { variables: Record<string, string> };
    };
    expect(fn.environment.variables).toMatchObject({
      EVENT_SOURCE_BATCH_SIZE: '7',
      EVENT_SOURCE_BATCHING_WINDOW_SECONDS: '0',
    });
    expect(single(noWindow.tf, 'aws_lambda_event_source_mapping')).toMatchObject({
      batch_size: 7,
      maximum_batching_window_in_seconds: 0,
    });
  });

  it('gathers batches for batchingWindowSeconds (1 s by default: fewer receives and invocations per upload)', () => {
    const { main: windowed } = synthStacks({ ...CONFIG, batchingWindowSeconds: 3 });
    expect(single(windowed.tf, 'aws_lambda_event_source_mapping')).toMatchObject({
      maximum_batching_window_in_seconds: 3,
    });
    expect(() => synthStacks({ batchingWindowSeconds: 301 })).toThrow(/batchingWindowSeconds/);
  });

  it('runs the reconciler on an EventBridge schedule with the contract input', () => {
    expect(main.json).toHaveResourceWithProperties(CloudwatchEventRule, {
      name: 'hls-stale-guard-reconcile',
      schedule_expression: 'rate(1 minute)',
    });
    const target = single(main.tf, 'aws_cloudwatch_event_target');
    expect(target.arn).toBe('${aws_lambda_function.stale-checker_function.arn}');
    expect(JSON.parse(String(target.input))).toEqual(RECONCILE_EVENT_INPUT);
    expect(main.json).toHaveResourceWithProperties(LambdaPermission, {
      action: 'lambda:InvokeFunction',
      principal: 'events.amazonaws.com',
      source_arn: '${aws_cloudwatch_event_rule.stale-checker_reconcile-schedule.arn}',
    });
  });

  it.each([
    [1, 'rate(1 minute)'],
    [15, 'rate(15 minutes)'],
  ])('writes the schedule for %i minute(s) as %s', (minutes, expression) => {
    expect(reconcileScheduleExpression(minutes)).toBe(expression);
  });
});

describe('stale-checker X-Ray tracing (config tracing: off by default, for cost)', () => {
  const roleActions = (overrides: Record<string, unknown>) =>
    policyDocuments(synthStacks(overrides).main.tf)
      .filter(({ where }) => ROLE_POLICY.test(where))
      .flatMap(({ document }) => document.Statement.flatMap((s) => s.Action ?? []));
  const tracingRisks = (overrides: Record<string, unknown>) =>
    (
      (
        single(synthStacks(overrides).main.tf, 'aws_lambda_function')['//'] as
          { security_exceptions?: string[] } | undefined
      )?.security_exceptions ?? []
    ).filter((e) => /=(CKV_AWS_50|AVD-AWS-0066): /.test(e));

  it('passes trace context through without recording traces by default (PassThrough)', () => {
    expect(single(synthStacks().main.tf, 'aws_lambda_function').tracing_config).toEqual({
      mode: 'PassThrough',
    });
  });

  it('grants no X-Ray permission by default (least privilege), no managed policy either', () => {
    expect(roleActions({}).filter((a) => a.startsWith('xray:'))).toEqual([]);
    expect(resources(synthStacks().main.tf, 'aws_iam_role_policy_attachment')).toEqual({});
  });

  it('records the accepted scanner risk (checkov CKV_AWS_50, trivy AVD-AWS-0066) with its reason when off', () => {
    const risks = tracingRisks({});
    expect(risks.map((e) => e.replace(/: .*$/, ''))).toEqual([
      'checkov:skip=CKV_AWS_50',
      'trivy:ignore=AVD-AWS-0066',
    ]);
    // Why (cost; Lambda's rate is fixed), what covers the gap (logs, metrics), and how to turn it on.
    for (const e of risks)
      expect(e).toMatch(/cost.*cannot configure.*decision logs and EMF metrics.*tracing: "active"/);
  });

  it('traces actively under tracing "active", with exactly the two X-Ray write actions and no accepted risk', () => {
    const overrides = { tracing: 'active' };
    const { main } = synthStacks(overrides);
    expect(single(main.tf, 'aws_lambda_function').tracing_config).toEqual({ mode: 'Active' });
    expect(statement(main.tf, ROLE_POLICY, 'WriteTraces')).toEqual({
      Sid: 'WriteTraces',
      Effect: 'Allow',
      Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
      Resource: ['*'],
    });
    expect(roleActions(overrides).filter((a) => a.startsWith('xray:'))).toHaveLength(2);
    expect(tracingRisks(overrides)).toEqual([]);
  });

  it.each(['on', 'Active', 'PassThrough', true, null])(
    'rejects tracing %p with a config error naming the allowed values',
    (tracing) => {
      expect(() => synthStacks({ tracing })).toThrow(/tracing: must be one of off, active, got /);
    },
  );
});

describe('stale-checker environment', () => {
  it('sets every variable of CHECKER_ENV from the typed config', () => {
    const { main } = synthStacks(CONFIG);
    const variables = (
      single(main.tf, 'aws_lambda_function').environment as { variables: Record<string, string> }
    ).variables;
    // All but METRICS_PUBLISH_TIMEOUT_MS: the function's metrics are EMF log lines, nothing to publish.
    expect(Object.keys(variables).sort()).toEqual(
      Object.values(CHECKER_ENV)
        .filter((name) => name !== CHECKER_ENV.metricsPublishTimeoutMs)
        .sort(),
    );
    expect(variables).toEqual({
      [CHECKER_ENV.watchedBuckets]:
        '${aws_s3_bucket.origin-a_origin_bucket.bucket},${aws_s3_bucket.origin-b_origin_bucket.bucket}',
      [CHECKER_ENV.watchedPrefixes]: 'live/,events/,hls-stale-guard-canary/',
      [CHECKER_ENV.queueUrl]: '${aws_sqs_queue.playlist-queue_queue.url}',
      [CHECKER_ENV.targetDurationMultiple]: '2',
      [CHECKER_ENV.partTargetMultiple]: '4',
      [CHECKER_ENV.graceMs]: '250',
      [CHECKER_ENV.maxPlaylistBytes]: '1000',
      [CHECKER_ENV.dryRun]: 'true',
      [CHECKER_ENV.maxDeletionsPerMinute]: '7',
      [CHECKER_ENV.reconcilerSafetyMarginMs]: '3000',
      [CHECKER_ENV.inlineWaitMaxMs]: '0',
      [CHECKER_ENV.eventSourceBatchSize]: '10',
      [CHECKER_ENV.eventSourceBatchingWindowSeconds]: '1',
      // floor(2 × 2 s) − 1 s window, as the queue's DelaySeconds.
      [CHECKER_ENV.notificationDelaySeconds]: '3',
      [CHECKER_ENV.registryTable]: '${aws_dynamodb_table.registry_table.name}',
      [CHECKER_ENV.registryTtlHours]: '24',
      [CHECKER_ENV.metricsNamespace]: 'Custom/Ns',
      [CHECKER_ENV.metricsChannelRule]: 'segment:1',
      [CHECKER_ENV.metricsMaxChannels]: '9',
      [CHECKER_ENV.metricsHighResolution]: 'false',
      [CHECKER_ENV.logLevel]: 'warn',
      [CHECKER_ENV.pipelines]:
        'a=${aws_s3_bucket.origin-a_origin_bucket.bucket},b=${aws_s3_bucket.origin-b_origin_bucket.bucket}',
      [CHECKER_ENV.allStalePolicy]: 'keep-last',
    });
  });

  it.each([
    ['the defaults (floor(1.5 × 2 s) − 1 s window)', {}, '2'],
    ['minTargetDurationSeconds null (no delay)', { minTargetDurationSeconds: null }, '0'],
  ])(
    'tells the function the queue delay it set, so it can warn of playlists checked late: %s',
    (_name, overrides, delay) => {
      const { main } = synthStacks(overrides);
      const variables = (
        single(main.tf, 'aws_lambda_function').environment as { variables: Record<string, string> }
      ).variables;
      expect(variables[CHECKER_ENV.notificationDelaySeconds]).toBe(delay);
      // The same value as the queue's own DelaySeconds.
      expect(resources(main.tf, 'aws_sqs_queue')['playlist-queue_queue']).toMatchObject({
        delay_seconds: Number(delay),
      });
    },
  );

  it('names adopted origins by their pipeline in PIPELINES, and defaults ALL_STALE_POLICY to delete', () => {
    const { main } = synthStacks({ existingOriginBuckets: ['acme-live-a', 'acme-live-b'] });
    const variables = (
      single(main.tf, 'aws_lambda_function').environment as { variables: Record<string, string> }
    ).variables;
    expect(variables[CHECKER_ENV.pipelines]).toBe(
      'a=${data.aws_s3_bucket.origin-a_bucket.bucket},b=${data.aws_s3_bucket.origin-b_bucket.bucket}',
    );
    expect(variables[CHECKER_ENV.allStalePolicy]).toBe('delete');
  });
});

describe('stale-checker permissions (least privilege)', () => {
  const { main } = synthStacks(CONFIG);
  const buckets = ['a', 'b'].map((p) => `\${aws_s3_bucket.origin-${p}_origin_bucket.arn}`);
  const prefixes = ['live/', 'events/', 'hls-stale-guard-canary/'];

  it('may Get and Delete only <bucket>/<prefix>*.m3u8', () => {
    expect(statement(main.tf, ROLE_POLICY, 'ReadAndDeletePlaylists')).toEqual({
      Sid: 'ReadAndDeletePlaylists',
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:DeleteObject'],
      Resource: buckets.flatMap((b) => prefixes.map((prefix) => `${b}/${prefix}*.m3u8`)),
    });
  });

  it('may list the whole buckets and their versions, without a prefix condition (a HEAD of a missing key is a 404 only with s3:ListBucket, and a HEAD has no s3:prefix)', () => {
    expect(statement(main.tf, ROLE_POLICY, 'ListBucketsSoMissingKeysAre404')).toEqual({
      Sid: 'ListBucketsSoMissingKeysAre404',
      Effect: 'Allow',
      Action: ['s3:ListBucket', 's3:ListBucketVersions'],
      Resource: buckets,
    });
  });

  it('may read, register, forget and sweep playlists in exactly the registry table', () => {
    expect(statement(main.tf, ROLE_POLICY, 'PlaylistRegistry')).toEqual({
      Sid: 'PlaylistRegistry',
      Effect: 'Allow',
      Action: [
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
        'dynamodb:Scan',
        'dynamodb:BatchWriteItem',
      ],
      Resource: ['${aws_dynamodb_table.registry_table.arn}'],
    });
  });

  it('may use the registry table’s key only through DynamoDB', () => {
    expect(statement(main.tf, ROLE_POLICY, 'PlaylistRegistryEncryption')).toMatchObject({
      Resource: ['${aws_kms_key.alarms_topic-key.arn}'],
      Condition: { StringEquals: { 'kms:ViaService': 'dynamodb.us-east-1.amazonaws.com' } },
    });
  });

  it('may receive, delete, postpone and inspect messages of its own queue only', () => {
    expect(statement(main.tf, ROLE_POLICY, 'ConsumeAndPostponePlaylistEvents')).toMatchObject({
      Action: [
        'sqs:ReceiveMessage',
        'sqs:DeleteMessage',
        'sqs:ChangeMessageVisibility',
        'sqs:GetQueueAttributes',
      ],
      Resource: ['${aws_sqs_queue.playlist-queue_queue.arn}'],
    });
  });

  it('holds no cloudwatch permission: its metrics are embedded-metric-format lines in its own logs', () => {
    const role = policyDocuments(main.tf).filter(({ where }) => ROLE_POLICY.test(where));
    expect(role).toHaveLength(1);
    expect(JSON.stringify(role[0]?.document)).not.toContain('cloudwatch:');
  });

  it('may write only to its own log group', () => {
    expect(statement(main.tf, ROLE_POLICY, 'WriteOwnLogs')).toMatchObject({
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: ['${aws_cloudwatch_log_group.stale-checker_log-group.arn}:log-stream:*'],
    });
  });

  it.each([
    ['off (default)', {}, []],
    ['active', { tracing: 'active' }, ['WriteTraces']],
  ])('has nothing else: exactly these statements, with tracing %s', (_t, overrides, traces) => {
    const policy = single(synthStacks({ ...CONFIG, ...overrides }).main.tf, 'aws_iam_role_policy');
    expect(JSON.parse(String(policy.policy)).Statement.map((s: { Sid: string }) => s.Sid)).toEqual([
      'ReadAndDeletePlaylists',
      'ListBucketsSoMissingKeysAre404',
      'PlaylistRegistry',
      'PlaylistRegistryEncryption',
      'ConsumeAndPostponePlaylistEvents',
      'DeadLetterFailedReconciles',
      ...traces,
      'WriteOwnLogs',
    ]);
  });

  it('runs in a role under the stack IAM path that carries the workload permissions boundary', () => {
    expect(single(main.tf, 'aws_iam_role')).toMatchObject({
      name: 'hls-stale-guard-stale-checker',
      path: '/hls-stale-guard/',
      permissions_boundary:
        'arn:aws:iam::${data.aws_caller_identity.caller.account_id}:policy/hls-stale-guard-workload-boundary',
    });
  });
});
