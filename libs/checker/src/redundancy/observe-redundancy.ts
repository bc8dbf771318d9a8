import { channelOf, MetricName } from '@hls-stale-guard/metrics';
import type { MediaPlaylistFacts } from '@hls-stale-guard/playlist';
import type { CheckerDeps } from '../core/checker-deps';
import { isPastDeadline, judgeVersion } from '../core/judge-version';
import { pipelinesOf } from '../load-config';
import { describeError } from '../process-sqs-batch';
import { expiresAtSeconds, type RenditionState } from '../registry/playlist-registry';
import { copiesOf, copyOf, type CopyLocation } from './pipelines';
import {
  renditionState,
  renditionTransition,
  type CopyState,
  type CopyStatus,
  type TransitionEvent,
} from './redundancy-state';

/** A copy of a rendition, as one check found the other pipelines' copies. */
export interface CopiesView {
  renditionId: string;
  /** The rendition's channel by the metrics channel rule (`undefined` under the rule `none`). */
  channel?: string;
  /** The pipeline of the copy being checked. */
  self: string;
  others: (CopyLocation & { status: CopyStatus })[];
}

type Deps = Pick<
  CheckerDeps,
  'config' | 'store' | 's3Clock' | 'clock' | 'registry' | 'metrics' | 'logger'
>;

/**
 * HEADs the other pipelines' copies of `bucket`/`key` and judges each with `judgeVersion`, taking the
 * checked copy's timing (copies of one rendition share TARGETDURATION): `live` when not past its deadline
 * by S3's clock, `stale` when past, `deleted` when missing, `unknown` when the HEAD failed or the copy
 * cannot be judged. `undefined`: the key is no pipeline's copy. Never throws. Asked only before or after
 * a deletion, and on a recovery: never on the routine upload path.
 */
export async function consultOtherCopies(
  deps: Deps,
  bucket: string,
  key: string,
  facts: MediaPlaylistFacts,
): Promise<CopiesView | undefined> {
  const pipelines = pipelinesOf(deps.config);
  const self = copyOf(pipelines, bucket, key);
  if (!self) return undefined;
  const locations = copiesOf(pipelines, self.renditionId).filter(
    (c) => c.pipeline !== self.pipeline,
  );
  const others = await Promise.all(
    locations.map(async (location) => ({
      ...location,
      status: await copyStatus(deps, location, facts),
    })),
  );
  const channel = channelOf(deps.config.metrics.channelRule, self.renditionId);
  return {
    renditionId: self.renditionId,
    ...(channel === undefined ? {} : { channel }),
    self: self.pipeline,
    others,
  };
}

async function copyStatus(
  deps: Deps,
  location: CopyLocation,
  facts: MediaPlaylistFacts,
): Promise<CopyStatus> {
  try {
    const head = await deps.store.head(location.bucket, location.key);
    if (!head) return 'deleted';
    // LastModified is the earliest the version can have been written: never judged fresher than it is.
    const judgement = judgeVersion(
      { ...location, sizeBytes: head.sizeBytes, writtenAtMs: head.lastModifiedMs, facts },
      deps.config,
    );
    if (judgement.kind !== 'live') return 'unknown';
    return isPastDeadline(judgement, deps.s3Clock.nowLowerBoundMs()) ? 'stale' : 'live';
  } catch (error) {
    deps.logger.warn('other copy could not be read: counted as unknown', {
      bucket: location.bucket,
      key: location.key,
      pipeline: location.pipeline,
      error: describeError(error),
    });
    return 'unknown';
  }
}

/**
 * Derives the rendition's state from the copies (the checked one `selfStatus`), records it in the
 * registry (conditional: the newest observation wins) and reports the transition from the recorded
 * state: `Failovers` and `ChannelsDown` (channel dimension: the rendition's), a log line. A registry error
 * is counted (`RegistryErrors`) and logged; the transition is then reported as if nothing was recorded
 * before. Never throws.
 */
export async function recordRenditionState(
  deps: Deps,
  view: CopiesView,
  selfStatus: CopyStatus,
  options: { bucket: string; key: string; observedAtMs: number; rewritten?: boolean },
): Promise<{ state: RenditionState; event: TransitionEvent }> {
  const copies: CopyState[] = [
    { pipeline: view.self, status: selfStatus },
    ...view.others.map(({ pipeline, status }) => ({ pipeline, status })),
  ];
  const state = renditionState(copies, options.rewritten ? view.self : undefined);
  const livePipelines = copies.filter((c) => c.status === 'live').map((c) => c.pipeline);
  const nowMs = deps.clock.nowMs();
  let previous: RenditionState | undefined;
  let previousSinceMs: number | undefined;
  try {
    const result = await deps.registry.recordRendition({
      renditionId: view.renditionId,
      ...(view.channel === undefined ? {} : { channel: view.channel }),
      state,
      livePipelines,
      observedAtMs: options.observedAtMs,
      nowMs,
      expiresAt: expiresAtSeconds(nowMs, deps.config.registry.ttlHours),
    });
    // A newer observation of the rendition is recorded: this one is history, nothing to report.
    if (result.kind === 'newer-exists') return { state, event: 'none' };
    previous = result.previous?.state;
    previousSinceMs = result.previous?.sinceMs;
  } catch (error) {
    deps.metrics.record(MetricName.RegistryErrors, { bucket: options.bucket, key: options.key });
    deps.logger.error('registry write failed', {
      bucket: options.bucket,
      key: options.key,
      source: 'redundancy',
      error: describeError(error),
    });
  }
  const { event } = renditionTransition(previous, state);
  // Metrics carry the rendition id as their key: the channel is the rendition's in every layout.
  const context = { bucket: options.bucket, key: view.renditionId };
  const fields = {
    bucket: options.bucket,
    key: options.key,
    renditionId: view.renditionId,
    channel: view.channel,
    pipeline: view.self,
    state,
    previousState: previous,
    previousSinceMs,
    copies: Object.fromEntries(copies.map((c) => [c.pipeline, c.status])),
  };
  if (event === 'failover') {
    deps.metrics.record(MetricName.Failovers, context);
    deps.logger.info(`rendition failed over to ${livePipelines.join(', ')}`, fields);
  } else if (event === 'down') {
    deps.metrics.record(MetricName.ChannelsDown, context);
    deps.logger.error('rendition down: no pipeline has a live copy', fields);
  } else if (event === 'recovery') {
    deps.logger.info('rendition recovered', fields);
  }
  return { state, event };
}
