import {
  CreateBucketCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { CHECKER_ENV } from '@hls-stale-guard/contract';
import {
  findModernNode,
  LOCAL_AWS_CREDENTIALS,
  LOCAL_AWS_REGION,
  s3ObjectCreatedEvent,
  startDynalite,
  startFauxqs,
} from '@hls-stale-guard/local-aws';
import type { SQSEvent } from 'aws-lambda';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { lambdaCpus, withCpuLimit } from '../harness/cpu-limit';
import { livePlaylistText } from '../harness/playlist-text';
import { median } from '../stats/percentiles';
import { startCloudWatchStub } from './cloudwatch-stub';

/** The deployable bundle's budget, as `apps/stale-checker/test/bundle.integration.spec.ts` has it. */
const MAX_BUNDLE_BYTES = 650 * 1024;

const CHILD_SCRIPT = join(__dirname, 'bundle-child.cjs');
const RESULT_PREFIX = 'BENCH_RESULT ';

interface ChildResult {
  node: string;
  bootMs: number;
  initMs: number;
  invocations: { ms: number; response: unknown }[];
  /** The child's peak resident set, MiB. */
  maxRssMb: number;
}

export interface ColdStartResult {
  bundlePath: string;
  bundleBytes: number;
  gzipBytes: number;
  zipBytes?: number;
  budgetBytes: number;
  withinBudget: boolean;
  node: string;
  load: {
    runs: number;
    initMsMedian: number;
    initMsMin: number;
    initMsMax: number;
    processMsMedian: number;
  };
  firstInvocation: {
    how: string;
    runs: number;
    initMsMedian: number;
    firstMsMedian: number;
    firstMsMin: number;
    firstMsMax: number;
    secondMsMedian: number;
    /** Every invoked playlist answered 404 afterwards (the handler really deleted through fauxqs). */
    allDeleted: boolean;
    putMetricDataCalls: number;
  };
  /**
   * The same first invocations with the child held to Lambda's CPU at the deployment's memory (a cgroup
   * quota of memory / 1,769 MB of a core), or why that was not possible.
   */
  atLambdaCpu:
    | {
        limited: true;
        memoryMb: number;
        cpus: number;
        runs: number;
        initMsMedian: number;
        firstMsMedian: number;
        secondMsMedian: number;
        allDeleted: boolean;
        /** The largest peak resident set of the children, MiB: what the memory size must hold. */
        maxRssMb: number;
      }
    | { limited: false; memoryMb: number; reason: string };
}

class ColdStartError extends Error {
  override name = 'ColdStartError';
}

/**
 * Runs the bundle child once. With `cpus`, this process joins a CPU-quota cgroup just before the spawn
 * (the child inherits it) and leaves once the child has exited: this process only waits meanwhile.
 */
async function runChild(
  node: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  cpus?: number,
): Promise<{ result: ChildResult; wallMs: number }> {
  if (cpus === undefined) return spawnChild(node, args, env);
  const run = await withCpuLimit(process.pid, cpus, () => spawnChild(node, args, env));
  if (!run.held) throw new CpuLimitUnavailable(run.reason);
  return run.result;
}

class CpuLimitUnavailable extends Error {
  override name = 'CpuLimitUnavailable';
}

function spawnChild(
  node: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ result: ChildResult; wallMs: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(node, [CHILD_SCRIPT, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (cause) => reject(new ColdStartError('could not start node', { cause })));
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      const line = stdout.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
      if (code !== 0 || !line) {
        reject(new ColdStartError(`bundle child exited with ${code}: ${stderr.slice(0, 2000)}`));
        return;
      }
      resolve({ result: JSON.parse(line.slice(RESULT_PREFIX.length)) as ChildResult, wallMs });
    });
  });
}

/** The invoked playlists' TARGETDURATION: their deadline is 1.5 × 1 s after the write. */
const COLD_TARGET_DURATION_S = 1;
/**
 * When the invoked playlists are stale: the deadline, plus one second because S3's `LastModified` has whole
 * seconds (the checker never deletes before its lower bound of S3's clock passes the deadline).
 */
const COLD_STALE_AFTER_MS = 1.5 * COLD_TARGET_DURATION_S * 1000 + 1_000;

/**
 * Cold start of the deployable bundle: its size (fails the run above 650 KB), the median time to load it
 * in a fresh Node process (the Lambda init phase: module evaluation, configuration, SDK clients), and the
 * first invocation in a fresh process against the local S3/SQS/DynamoDB servers — the bundle's own
 * handler, with the SDK pointed at fauxqs and dynalite through `AWS_ENDPOINT_URL_S3` / `_SQS` /
 * `_DYNAMODB` / `_CLOUDWATCH` (the SDK honours them; it uses path-style on its own for an IP endpoint),
 * no code change.
 */
export async function runColdStart(options: {
  workspaceRoot: string;
  loadRuns: number;
  invokeRuns: number;
  /** The deployment's Lambda memory: the first invocations run again at its CPU share. */
  memoryMb: number;
  /** Skip the runs at Lambda's CPU share (`--unlimited-cpu`). */
  unlimitedCpu?: boolean;
}): Promise<ColdStartResult> {
  const bundlePath = join(options.workspaceRoot, 'dist/apps/stale-checker/bundle/index.js');
  const zipPath = join(options.workspaceRoot, 'dist/apps/stale-checker/stale-checker.zip');
  if (!existsSync(bundlePath)) {
    throw new ColdStartError(
      `${bundlePath} is missing: run "npx nx build stale-checker" (the bench target does it first)`,
    );
  }
  const bundle = readFileSync(bundlePath);
  const node = findModernNode();

  const aws = await startFauxqs();
  const dynamodb = await startDynalite();
  const cloudWatch = await startCloudWatchStub();
  const s3 = new S3Client({
    endpoint: aws.endpoint,
    forcePathStyle: true,
    region: LOCAL_AWS_REGION,
    credentials: LOCAL_AWS_CREDENTIALS,
  });
  const sqs = new SQSClient({
    endpoint: aws.endpoint,
    region: LOCAL_AWS_REGION,
    credentials: LOCAL_AWS_CREDENTIALS,
  });
  const scratch = mkdtempSync(join(tmpdir(), 'bench-cold-start-'));
  try {
    await s3.send(new CreateBucketCommand({ Bucket: 'origin-a' }));
    const { QueueUrl: queueUrl = '' } = await sqs.send(
      new CreateQueueCommand({ QueueName: 'stale-checker' }),
    );
    const env: NodeJS.ProcessEnv = {
      PATH: process.env['PATH'],
      AWS_REGION: LOCAL_AWS_REGION,
      AWS_ACCESS_KEY_ID: LOCAL_AWS_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_AWS_CREDENTIALS.secretAccessKey,
      AWS_ENDPOINT_URL_S3: aws.endpoint,
      AWS_ENDPOINT_URL_SQS: aws.endpoint,
      AWS_ENDPOINT_URL_DYNAMODB: dynamodb.endpoint,
      AWS_ENDPOINT_URL_CLOUDWATCH: cloudWatch.endpoint,
      [CHECKER_ENV.registryTable]: dynamodb.tableName,
      [CHECKER_ENV.watchedBuckets]: 'origin-a',
      [CHECKER_ENV.watchedPrefixes]: 'live/',
      [CHECKER_ENV.queueUrl]: queueUrl,
    };

    const loads: { initMs: number; wallMs: number }[] = [];
    let nodeVersion = '';
    for (let i = 0; i < options.loadRuns; i += 1) {
      const { result, wallMs } = await runChild(node, [bundlePath], env);
      nodeVersion = result.node;
      loads.push({ initMs: result.initMs, wallMs });
    }

    /** Fresh processes each invoking the handler twice on two stale playlists; at `cpus` if given. */
    const invokeFresh = async (runs: number, tag: string, cpus?: number) => {
      const invokes: { initMs: number; firstMs: number; secondMs: number; maxRssMb: number }[] = [];
      let allDeleted = true;
      for (let run = 0; run < runs; run += 1) {
        const keys = [`live/cold-${tag}${run}/720p.m3u8`, `live/cold-${tag}${run}/360p.m3u8`];
        const events: SQSEvent[] = [];
        let staleAtMs = 0;
        for (const key of keys) {
          const body = livePlaylistText({
            name: key,
            targetDurationS: COLD_TARGET_DURATION_S,
            mediaSequence: 1,
            segments: 6,
            firstSegmentMs: Date.now() - 20_000,
          });
          const put = await s3.send(
            new PutObjectCommand({ Bucket: 'origin-a', Key: key, Body: body }),
          );
          // The event carries the real write time: an older one would contradict the object's
          // LastModified, which the checker takes for a re-upload and, unable to tell, keeps.
          const writtenMs = Date.now();
          staleAtMs = writtenMs + COLD_STALE_AFTER_MS;
          const message = s3ObjectCreatedEvent({
            bucket: 'origin-a',
            key,
            etag: put.ETag ?? '',
            sizeBytes: Buffer.byteLength(body),
            eventTimeMs: writtenMs,
            sequencer: `${Date.now().toString(16)}${run}`.toUpperCase(),
          });
          await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: message }));
          const received = await sqs.send(
            new ReceiveMessageCommand({
              QueueUrl: queueUrl,
              MaxNumberOfMessages: 1,
              WaitTimeSeconds: 1,
            }),
          );
          const m = received.Messages?.[0];
          if (!m) throw new ColdStartError('the notification did not arrive');
          // Lambda's event source deletes a message the handler succeeded on; here the child gets a copy,
          // so the queue's is deleted now — left, it would come back after the visibility timeout in place
          // of a later run's notification.
          await sqs.send(
            new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle ?? '' }),
          );
          events.push({
            Records: [
              {
                messageId: m.MessageId ?? '',
                receiptHandle: m.ReceiptHandle ?? '',
                body: m.Body ?? '',
                attributes: {
                  ApproximateReceiveCount: '1',
                  SentTimestamp: String(Date.now()),
                  SenderId: 'bench',
                  ApproximateFirstReceiveTimestamp: String(Date.now()),
                },
                messageAttributes: {},
                md5OfBody: m.MD5OfBody ?? '',
                eventSource: 'aws:sqs',
                eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:stale-checker',
                awsRegion: LOCAL_AWS_REGION,
              },
            ],
          });
        }
        const eventsPath = join(scratch, `events-${tag}${run}.json`);
        writeFileSync(eventsPath, JSON.stringify(events));
        // Invoked once both playlists are stale, so the first invocation deletes them.
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, staleAtMs - Date.now())));
        const { result } = await runChild(node, [bundlePath, eventsPath], env, cpus);
        const [first, second] = result.invocations;
        if (!first || !second) throw new ColdStartError('the handler did not run twice');
        invokes.push({
          initMs: result.initMs,
          firstMs: first.ms,
          secondMs: second.ms,
          maxRssMb: result.maxRssMb,
        });
        for (const key of keys) {
          try {
            await s3.send(new HeadObjectCommand({ Bucket: 'origin-a', Key: key }));
            allDeleted = false;
          } catch {
            // 404: deleted by the handler, as expected
          }
        }
      }
      return { invokes, allDeleted };
    };
    const { invokes, allDeleted } = await invokeFresh(options.invokeRuns, '');
    const atLambdaCpu = await (async (): Promise<ColdStartResult['atLambdaCpu']> => {
      const memoryMb = options.memoryMb;
      if (options.unlimitedCpu) return { limited: false, memoryMb, reason: '--unlimited-cpu' };
      const cpus = lambdaCpus(memoryMb);
      try {
        const held = await invokeFresh(options.invokeRuns, 'cpu-', cpus);
        return {
          limited: true,
          memoryMb,
          cpus,
          runs: held.invokes.length,
          initMsMedian: median(held.invokes.map((r) => r.initMs)),
          firstMsMedian: median(held.invokes.map((r) => r.firstMs)),
          secondMsMedian: median(held.invokes.map((r) => r.secondMs)),
          allDeleted: held.allDeleted,
          maxRssMb: Math.max(...held.invokes.map((r) => r.maxRssMb)),
        };
      } catch (error) {
        if (error instanceof CpuLimitUnavailable)
          return { limited: false, memoryMb, reason: error.message };
        throw error;
      }
    })();

    return {
      bundlePath: 'dist/apps/stale-checker/bundle/index.js',
      bundleBytes: bundle.length,
      gzipBytes: gzipSync(bundle, { level: 9 }).length,
      zipBytes: existsSync(zipPath) ? statSync(zipPath).size : undefined,
      budgetBytes: MAX_BUNDLE_BYTES,
      withinBudget: bundle.length <= MAX_BUNDLE_BYTES,
      node: nodeVersion,
      load: {
        runs: loads.length,
        initMsMedian: median(loads.map((l) => l.initMs)),
        initMsMin: Math.min(...loads.map((l) => l.initMs)),
        initMsMax: Math.max(...loads.map((l) => l.initMs)),
        processMsMedian: median(loads.map((l) => l.wallMs)),
      },
      firstInvocation: {
        how: 'the bundle handler in a fresh process, SDK pointed at fauxqs and dynalite with AWS_ENDPOINT_URL_S3/_SQS/_DYNAMODB/_CLOUDWATCH',
        runs: invokes.length,
        initMsMedian: median(invokes.map((i) => i.initMs)),
        firstMsMedian: median(invokes.map((i) => i.firstMs)),
        firstMsMin: Math.min(...invokes.map((i) => i.firstMs)),
        firstMsMax: Math.max(...invokes.map((i) => i.firstMs)),
        secondMsMedian: median(invokes.map((i) => i.secondMs)),
        allDeleted,
        putMetricDataCalls: cloudWatch.putMetricDataCalls(),
      },
      atLambdaCpu,
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    s3.destroy();
    sqs.destroy();
    await cloudWatch.stop();
    await aws.stop();
    await dynamodb.stop();
  }
}
