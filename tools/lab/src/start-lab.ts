import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { parseControl } from './control';
import {
  defaultAssetFiles,
  EdgeListenError,
  startEdge,
  type ApiAnswer,
  type Edge,
  type EdgeCounters,
} from './edge/edge-server';
import { readOrigin } from './edge/s3-origin';
import { FfmpegEncoder } from './encoder/ffmpeg-encoder';
import { loadFixtures } from './encoder/fixture-manifest';
import type { LiveEncoder } from './encoder/live-encoder';
import { SyntheticEncoder, variantsOf } from './encoder/synthetic-encoder';
import { Component, LabEventBus, type ControlAction } from './lab-events';
import { bucketOf, PIPELINE_IDS, pipelineOfBucket, PLAYBACK_PATH, type PipelineId } from './layout';
import { clientConfig, startOrigin, type Origin, type OriginCounters } from './origin/start-origin';
import type { ObservedDelete, ObservedPut } from '@hls-stale-guard/local-aws';
import {
  applyEvent,
  judgePut,
  labJudgeRules,
  newPlaylistRecord,
  toRows,
  type PlaylistRecord,
  type PlaylistRow,
} from './status/playlist-status';
import type { LabOptions } from './lab-options';
import { newChannelState, nextChannelState, type ChannelState } from './status/channel-state';
import { describeStandIns, type StandIn } from './stand-ins';
import { formatEvent } from './terminal/format';

interface LabStatus {
  nowMs: number;
  startedAtMs: number;
  url: string;
  playbackUrl: string;
  options: Pick<
    LabOptions,
    | 'pipelines'
    | 'targetDurationS'
    | 'multiple'
    | 'encoder'
    | 'checker'
    | 'topology'
    | 'allStalePolicy'
  >;
  standIns: StandIn[];
  playlists: PlaylistRow[];
  /** Up, or down since every copy was deleted; the last outage (derived from the lab's events). */
  channel: ChannelState;
  counters: OriginCounters & { edge: EdgeCounters };
  /** The last events, one formatted line each, oldest first. */
  eventLines: string[];
}

export interface Lab {
  url: string;
  /**
   * How any S3 client reaches the lab's buckets (path-style): through the upload tap, so the lab sees its
   * uploads and deletions. The banner prints it.
   */
  s3: ReturnType<typeof clientConfig>;
  playbackUrl: string;
  port: number;
  options: LabOptions;
  pipelines: PipelineId[];
  renditions: string[];
  bus: LabEventBus;
  origin: Origin;
  encoder: LiveEncoder;
  control(control: ControlAction): Promise<void>;
  status(): LabStatus;
  stop(): Promise<void>;
}

class LabControlError extends Error {
  override name = 'LabControlError';
}

class LabStartError extends Error {
  override name = 'LabStartError';
}

/**
 * How long the encoders get to publish every media playlist once before the lab gives up (ffmpeg needs
 * one segment duration plus its start-up). Players join a running channel: both pipelines are live then.
 */
const FIRST_PUBLISH_TIMEOUT_MS = 20_000;

const RENDITION_OF_KEY = /^live\/([^/]+)\/index\.m3u8$/;

/**
 * Starts the whole lab on 127.0.0.1: the AWS stand-ins with the real checker, the encoders, and the edge
 * with the page. Everything it starts is stopped by `stop()`.
 *
 * @example
 * const lab = await startLab({ ...LAB_DEFAULTS, port: 0 });
 * await lab.control({ action: 'crash-pipeline', pipeline: 'a' });
 * await lab.stop();
 */
export async function startLab(options: LabOptions): Promise<Lab> {
  const now = Date.now;
  const bus = new LabEventBus(now);
  const pipelines = PIPELINE_IDS.slice(0, options.pipelines);
  const rules = labJudgeRules(pipelines, options.multiple);
  const fixtures = loadFixtures(options.fixturesDir);
  const renditions = fixtures.renditions.map((r) => r.name);
  const records: PlaylistRecord[] = pipelines.flatMap((p) =>
    renditions.map((r) => newPlaylistRecord(p, r)),
  );
  let channel = newChannelState();
  bus.subscribe((event) => {
    applyEvent(records, event);
    const previous = channel;
    const next = nextChannelState(channel, records, event);
    channel = next;
    if (next.state !== previous.state) {
      bus.emit(Component.lab, {
        type: 'log',
        level: next.state === 'down' ? 'error' : 'info',
        message:
          next.state === 'down'
            ? 'channel down: every copy of every media playlist is deleted'
            : `channel recovered after an outage of ${((next.lastOutage?.outageMs ?? 0) / 1000).toFixed(1)} s`,
      });
    }
  });

  const onPut = (put: ObservedPut) => {
    const pipeline = pipelineOfBucket(put.bucket);
    const rendition = RENDITION_OF_KEY.exec(put.key)?.[1];
    if (!pipeline || !rendition) return;
    const judged = judgePut(
      {
        bucket: put.bucket,
        key: put.key,
        body: put.body.toString('utf8'),
        sizeBytes: put.body.length,
        writtenAtMs: put.requestAtMs,
      },
      rules,
    );
    if (judged.kind === 'not-media') {
      bus.emit(Component.uploads, {
        type: 'log',
        level: 'warn',
        message: `${put.bucket}/${put.key}: not a media playlist (${judged.detail})`,
      });
      return;
    }
    bus.emit(Component.uploads, {
      type: 'playlist-put',
      pipeline,
      key: put.key,
      rendition,
      mediaSequence: judged.mediaSequence,
      endList: judged.endList,
      neverStale: judged.neverStale,
      writtenAtMs: put.requestAtMs,
      deadlineMs: judged.deadlineMs,
    });
  };

  // Wired once the origin (and its S3 client) is up; nothing deletes through the tap before that.
  let readForDelete: (deleted: ObservedDelete) => void = () => {};
  const onDelete = (deleted: ObservedDelete) => readForDelete(deleted);

  const origin = await startOrigin({
    pipelines,
    multiple: options.multiple,
    checker: options.checker,
    ...(options.allStalePolicy ? { allStalePolicy: options.allStalePolicy } : {}),
    reconcileEveryMs: options.reconcileEveryMs,
    bus,
    writeCheckerLog: options.writeCheckerLog ?? (() => {}),
    onPut,
    onDelete,
  });
  // The checker deletes straight at fauxqs: every deletion the tap sees is another client's. A DeleteObject
  // that named a version may leave the key served (an older version, or a removed delete marker): read it.
  readForDelete = (deleted) => {
    const pipeline = pipelineOfBucket(deleted.bucket);
    const rendition = RENDITION_OF_KEY.exec(deleted.key)?.[1];
    if (!pipeline || !rendition) return;
    const where = `s3://${deleted.bucket}/${deleted.key}${deleted.versionId ? ` (version ${deleted.versionId})` : ''}`;
    void readOrigin(origin.s3, deleted.bucket, deleted.key).then((answer) => {
      if (answer.status === 404) {
        bus.emit(Component.uploads, {
          type: 'playlist-deleted',
          by: 'other',
          pipeline,
          bucket: deleted.bucket,
          key: deleted.key,
          rendition,
          ...(deleted.versionId ? { versionId: deleted.versionId } : {}),
          deletedAtMs: deleted.atMs,
        });
      } else if (answer.status === 200) {
        bus.emit(Component.uploads, {
          type: 'log',
          level: 'info',
          message: `${where} deleted by another client, yet still served (an older version, or a newer upload)`,
        });
      } else {
        bus.emit(Component.uploads, {
          type: 'log',
          level: 'warn',
          message: `${where} was deleted by another client; reading it back answered ${answer.status}`,
        });
      }
    });
  };
  let encoder: LiveEncoder | undefined;
  let edge: Edge | undefined;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await encoder?.stop();
    await edge?.stop();
    await origin.stop();
  };

  try {
    const uploads = new S3Client({ ...clientConfig(origin.uploadEndpoint), forcePathStyle: true });
    const streamEvents = {
      onStreamState: (
        s: { pipeline: PipelineId; rendition: string },
        state: 'running' | 'crashed' | 'ended',
        detail?: string,
      ) => bus.emit(Component.encoder, { type: 'stream-state', ...s, state, detail }),
      onError: (message: string) =>
        bus.emit(Component.encoder, { type: 'log', level: 'error', message }),
    };
    encoder =
      options.encoder === 'ffmpeg'
        ? new FfmpegEncoder({
            s3: uploads,
            uploadEndpoint: origin.uploadEndpoint,
            pipelines,
            variants: variantsOf(fixtures),
            targetDurationS: options.targetDurationS,
            topology: options.topology,
            ffmpegPath: options.ffmpegPath,
            ...streamEvents,
          })
        : new SyntheticEncoder({
            s3: uploads,
            janitor: origin.s3,
            pipelines,
            fixtures,
            targetDurationS: options.targetDurationS,
            topology: options.topology,
            ...streamEvents,
          });
    const liveEncoder = encoder;
    const startedAtMs = now();

    const control = async (action: ControlAction) => {
      const parsed = parseControl(action, { pipelines, renditions });
      if (!parsed.ok) throw new LabControlError(parsed.problem);
      bus.emit(Component.lab, { type: 'control', control: parsed.control });
      switch (parsed.control.action) {
        case 'crash-pipeline':
          return liveEncoder.crash({ pipeline: parsed.control.pipeline });
        case 'crash-rendition':
          return liveEncoder.crash({
            pipeline: parsed.control.pipeline,
            rendition: parsed.control.rendition,
          });
        case 'restore':
          return liveEncoder.restore();
        case 'end':
          return liveEncoder.end();
      }
    };

    const status = (): LabStatus => {
      const nowMs = now();
      return {
        nowMs,
        startedAtMs,
        url: edge?.url ?? '',
        playbackUrl: edge ? new URL(PLAYBACK_PATH, edge.url).toString() : '',
        options: {
          pipelines: options.pipelines,
          targetDurationS: options.targetDurationS,
          multiple: options.multiple,
          encoder: options.encoder,
          checker: options.checker,
          topology: options.topology,
          allStalePolicy: options.allStalePolicy,
        },
        standIns: describeStandIns({
          fauxqs: origin.aws,
          ...(origin.dynamodb ? { dynalite: origin.dynamodb } : {}),
          buckets: pipelines.map(bucketOf),
          checker: options.checker,
          reconcileEveryMs: options.reconcileEveryMs,
          encoder: liveEncoder.kind,
          topology: options.topology,
        }),
        playlists: toRows(records, nowMs),
        channel,
        counters: {
          ...origin.counters(),
          edge: edge?.counters() ?? { requests: 0, cacheHits: 0, failovers: { a: 0, b: 0 } },
        },
        eventLines: bus
          .recent()
          .flatMap((event) => formatEvent(event) ?? [])
          .slice(-40),
      };
    };

    const api = async (
      name: string,
      request: { method: string; body: string; contentType?: string },
    ): Promise<ApiAnswer> => {
      if (name === 'status' && request.method === 'GET') return { status: 200, json: status() };
      if (name === 'control' && request.method === 'POST') {
        if (!(request.contentType ?? '').startsWith('application/json')) {
          return { status: 415, json: { ok: false, problem: 'send application/json' } };
        }
        let body: unknown;
        try {
          body = JSON.parse(request.body);
        } catch {
          return { status: 400, json: { ok: false, problem: 'the body is not JSON' } };
        }
        const parsed = parseControl(body, { pipelines, renditions });
        if (!parsed.ok) return { status: 400, json: { ok: false, problem: parsed.problem } };
        await control(parsed.control);
        return { status: 200, json: { ok: true } };
      }
      return { status: 404, json: { ok: false, problem: `no ${request.method} /api/${name}` } };
    };

    const edgeOptions = {
      pipelines,
      readOrigin: (pipeline: PipelineId, key: string) =>
        readOrigin(origin.s3, bucketOf(pipeline), key),
      api,
      assets: defaultAssetFiles(join(__dirname, 'page')),
    };
    try {
      edge = await startEdge({ ...edgeOptions, port: options.port });
    } catch (error) {
      if (!(
        error instanceof EdgeListenError &&
        error.code === 'EADDRINUSE' &&
        options.portFallback
      )) {
        throw error;
      }
      bus.emit(Component.edge, {
        type: 'log',
        level: 'warn',
        message: `port ${options.port} is taken: using an ephemeral port`,
      });
      edge = await startEdge({ ...edgeOptions, port: 0 });
    }
    await liveEncoder.start();
    const publishedBy = Date.now() + FIRST_PUBLISH_TIMEOUT_MS;
    while (records.some((r) => r.lastPutAtMs === undefined)) {
      if (Date.now() > publishedBy) {
        const missing = records.filter((r) => r.lastPutAtMs === undefined);
        throw new LabStartError(
          `no playlist after ${FIRST_PUBLISH_TIMEOUT_MS / 1000} s from ${missing.map((r) => `${r.pipeline}/${r.rendition}`).join(', ')}: ${
            bus
              .recent()
              .flatMap((e) => (e.type === 'log' && e.level === 'error' ? [e.message] : []))
              .join('; ') || 'no error reported'
          }`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const liveEdge = edge;
    bus.emit(Component.lab, { type: 'started', url: liveEdge.url });

    return {
      url: liveEdge.url,
      s3: clientConfig(origin.uploadEndpoint),
      playbackUrl: new URL(PLAYBACK_PATH, liveEdge.url).toString(),
      port: liveEdge.port,
      options,
      pipelines,
      renditions,
      bus,
      origin,
      encoder: liveEncoder,
      control,
      status,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
