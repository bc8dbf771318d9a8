import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { RECONCILE_EVENT_INPUT, REGISTER_EVENT_INPUT } from '@hls-stale-guard/contract';
import { EmfMetricsSink } from '@hls-stale-guard/metrics';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import {
  CHECKER_SDK_CLIENT_SETTINGS,
  createChecker,
  createJsonLogger,
  DynamoDbPlaylistRegistry,
  loadConfig,
  S3PlaylistStore,
  SqsDeadlineQueue,
} from '@hls-stale-guard/checker';

// Wiring only: clients and configuration are built once per instance, at cold start. A ConfigError here
// fails the init phase with one message listing every problem.
const config = loadConfig(process.env);
const logger = createJsonLogger({ service: 'stale-checker' }, { level: config.logLevel });
// Metrics are Embedded Metric Format log lines: CloudWatch extracts them from the function's logs, so
// there is no PutMetricData call to pay for, to wait on or to fail.
const metrics = new EmfMetricsSink({ config: config.metrics, logger });
const checker = createChecker({
  config,
  store: new S3PlaylistStore(new S3Client(CHECKER_SDK_CLIENT_SETTINGS)),
  queue: new SqsDeadlineQueue(new SQSClient(CHECKER_SDK_CLIENT_SETTINGS), config.queueUrl),
  metrics,
  registry: new DynamoDbPlaylistRegistry(
    new DynamoDBClient(CHECKER_SDK_CLIENT_SETTINGS),
    config.registry.tableName,
  ),
  logger,
});

function isSqsEvent(event: unknown): event is SQSEvent {
  const records = (event as { Records?: Array<{ eventSource?: string }> })?.Records;
  return Array.isArray(records) && records.every((r) => r?.eventSource === 'aws:sqs');
}

/** The manual `{ "hlsStaleGuard": "register" }` invocation: register the playlists that predate the registry. */
function isRegisterEvent(event: unknown): boolean {
  return (
    (event as Record<string, unknown> | undefined)?.['hlsStaleGuard'] ===
    REGISTER_EVENT_INPUT.hlsStaleGuard
  );
}

function isReconcileEvent(event: unknown): boolean {
  const e = event as Record<string, unknown> | undefined;
  return (
    e?.['source'] === 'aws.events' ||
    e?.['detail-type'] === 'Scheduled Event' ||
    e?.['hlsStaleGuard'] === RECONCILE_EVENT_INPUT.hlsStaleGuard
  );
}

/**
 * The Lambda entry point: SQS batches of S3 notifications (event path), the EventBridge schedule
 * (reconciler) and the manual registration of pre-existing playlists. Metrics are written as EMF log
 * lines once, at the end of every invocation.
 */
export const handler = async (
  event: unknown,
  context: Context,
): Promise<SQSBatchResponse | void> => {
  const budget = { remainingMs: () => context.getRemainingTimeInMillis() };
  try {
    if (isSqsEvent(event)) return await checker.processSqsBatch(event, budget);
    if (isRegisterEvent(event)) {
      await checker.registerExisting(budget);
      return;
    }
    if (isReconcileEvent(event)) {
      await checker.reconcile(budget);
      return;
    }
    logger.error('unknown invocation: neither an SQS batch, the reconcile schedule nor register', {
      keys: Object.keys((event as object) ?? {}).join(','),
    });
  } finally {
    await metrics.flush();
  }
};
