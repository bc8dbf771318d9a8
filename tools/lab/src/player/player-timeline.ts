/**
 * What the page records about hls.js (window.__labPlayer) and the measurements drawn from it. Pure.
 */
import { describeEdgeUrl, type PipelineId } from '../layout';

/** One hls.js or <video> event, with the browser's wall-clock time `t` (ms). */
export interface PlayerEvent {
  t: number;
  type: string;
  url?: string;
  uri?: string;
  sn?: number | string;
  level?: number;
  details?: string;
  errorType?: string;
  fatal?: boolean;
  code?: number;
  currentTime?: number;
  /** The pipeline that answered (the edge's `X-Lab-Origin`), for a fragment. */
  servedBy?: string;
}

/** A 100 ms sample of the <video> element. */
export interface PlayerSample {
  t: number;
  /** currentTime, s. */
  ct: number;
  /** Seconds buffered ahead. */
  buf: number;
  paused: boolean;
  ended: boolean;
}

export interface PlayerTimeline {
  events: PlayerEvent[];
  samples: PlayerSample[];
}

/** currentTime must move by more than this between samples to count as playing. */
const ADVANCE_EPSILON_S = 0.01;

export interface FragmentLoad {
  t: number;
  url: string;
  /** The pinned URL's pipeline, or for an origin-group URL the one that answered (`X-Lab-Origin`). */
  pipeline?: PipelineId;
  rendition?: string;
  sn?: number | string;
}

/** The fragments hls.js loaded in [fromMs, toMs]. */
export function fragmentLoads(
  timeline: PlayerTimeline,
  fromMs = Number.NEGATIVE_INFINITY,
  toMs = Number.POSITIVE_INFINITY,
): FragmentLoad[] {
  return timeline.events
    .filter((e) => e.type === 'frag-loaded' && e.t >= fromMs && e.t <= toMs && e.url)
    .map((e) => {
      const url = e.url ?? '';
      const where = describeEdgeUrl(url);
      const servedBy = e.servedBy === 'a' || e.servedBy === 'b' ? e.servedBy : undefined;
      return {
        t: e.t,
        url,
        pipeline: where.pipeline ?? servedBy,
        rendition: where.rendition,
        sn: e.sn,
      };
    });
}

/**
 * The longest time in [fromMs, toMs] during which playback should have moved but did not: currentTime did
 * not advance while the video was neither paused nor ended. Counted only after playback first started.
 */
export function longestStallMs(
  samples: readonly PlayerSample[],
  fromMs = Number.NEGATIVE_INFINITY,
  toMs = Number.POSITIVE_INFINITY,
): number {
  let started = false;
  let lastAdvanceT = 0;
  let lastCt: number | undefined;
  let longest = 0;
  for (const sample of samples) {
    if (sample.t > toMs) break;
    const moved =
      lastCt === undefined
        ? sample.ct > ADVANCE_EPSILON_S
        : Math.abs(sample.ct - lastCt) > ADVANCE_EPSILON_S;
    lastCt = moved || lastCt === undefined ? sample.ct : lastCt;
    if (moved) {
      started = true;
      lastAdvanceT = sample.t;
      continue;
    }
    if (!started) continue;
    if (sample.paused || sample.ended) {
      lastAdvanceT = sample.t;
      continue;
    }
    if (sample.t < fromMs) continue;
    longest = Math.max(longest, sample.t - Math.max(lastAdvanceT, fromMs));
  }
  return longest;
}

/** How long currentTime has not moved at the last sample (0 if it moved at the last sample). */
export function frozenAtEndMs(samples: readonly PlayerSample[]): number {
  const last = samples.at(-1);
  if (!last) return 0;
  for (let i = samples.length - 2; i >= 0; i -= 1) {
    const sample = samples[i];
    if (sample && Math.abs(last.ct - sample.ct) > ADVANCE_EPSILON_S) {
      return last.t - (samples[i + 1]?.t ?? last.t);
    }
  }
  return last.t - (samples[0]?.t ?? last.t);
}

/** currentTime at `atMs` (the last sample at or before it). */
export function currentTimeAt(samples: readonly PlayerSample[], atMs: number): number | undefined {
  let ct: number | undefined;
  for (const sample of samples) {
    if (sample.t > atMs) break;
    ct = sample.ct;
  }
  return ct;
}

export function hasEvent(timeline: PlayerTimeline, type: string, fromMs = 0): boolean {
  return timeline.events.some((e) => e.type === type && e.t >= fromMs);
}
