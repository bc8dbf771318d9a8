/**
 * Where everything lives in the lab: bucket names, object keys and the edge's URL paths. Pure.
 *
 * Both pipelines write the same keys, each into its own bucket (as MediaLive's two pipelines write to two
 * destinations). The edge maps them the way CloudFront would, plus pinned paths for the player:
 *
 * | edge path            | origin                                               |
 * | -------------------- | ---------------------------------------------------- |
 * | `/a/<key>`           | bucket A only (pipeline A's redundant variant)        |
 * | `/b/<key>`           | bucket B only (pipeline B's redundant variant)        |
 * | `/<key>`             | origin group: A, then B on a failover status code     |
 */

import type { LabTopology } from './lab-options';

export const PIPELINE_IDS = ['a', 'b'] as const;

/**
 * How the master playlist points at the media playlists.
 *
 * - `origin-group` (default, what infra deploys): one URL per rendition, through the edge's origin group
 *   (A, then B on `ORIGIN_FAILOVER_STATUS_CODES`). The player never sees a failover; the pipelines must be
 *   aligned (same segment names, media sequence and timestamps).
 * - `redundant-manifests`: every rendition once per pipeline, pinned URLs (`/a/…`, `/b/…`), as MediaLive's
 *   redundant manifests do. The player fails over itself, and hls.js then avoids the failed pathway for
 *   300 s (its content-steering penalty box).
 */
export type Topology = LabTopology;
export type PipelineId = (typeof PIPELINE_IDS)[number];

/** Every key the encoders write starts with this prefix (the checker watches it). */
export const LIVE_PREFIX = 'live/';
export const MASTER_PLAYLIST_KEY = `${LIVE_PREFIX}master.m3u8`;

/** The origin bucket of one pipeline (valid S3 bucket names). */
export function bucketOf(pipeline: PipelineId): string {
  return `lab-origin-${pipeline}`;
}

export function pipelineOfBucket(bucket: string): PipelineId | undefined {
  return PIPELINE_IDS.find((id) => bucketOf(id) === bucket);
}

export function mediaPlaylistKey(rendition: string): string {
  return `${LIVE_PREFIX}${rendition}/index.m3u8`;
}

/** Segment names carry the media sequence number: a key is never rewritten with other content. */
export function segmentFileName(sequence: number): string {
  return `seg-${sequence}.ts`;
}

export function segmentKey(rendition: string, sequence: number): string {
  return `${LIVE_PREFIX}${rendition}/${segmentFileName(sequence)}`;
}

/** `segmentKey` as an ffmpeg `-hls_segment_filename` pattern (`%d` is the media sequence number). */
export function segmentKeyPattern(rendition: string): string {
  return `${LIVE_PREFIX}${rendition}/seg-%d.ts`;
}

/** The edge path that reads `key` from one pipeline's bucket only. */
export function pinnedPath(pipeline: PipelineId, key: string): string {
  return `/${pipeline}/${key}`;
}

/** The edge path that reads `key` through the origin group (A, then B). */
export function originGroupPath(key: string): string {
  return `/${key}`;
}

/** The URL path the page plays: the master playlist through the origin group. */
export const PLAYBACK_PATH = originGroupPath(MASTER_PLAYLIST_KEY);

/** `/a/live/180p/seg-12.ts` → pipeline `a`, rendition `180p` (for the player's fragment URLs). */
export function describeEdgeUrl(url: string): {
  pipeline?: PipelineId;
  rendition?: string;
  kind: 'playlist' | 'segment' | 'other';
} {
  let path: string;
  try {
    path = new URL(url, 'http://127.0.0.1').pathname;
  } catch {
    return { kind: 'other' };
  }
  const match = /^\/(?:([ab])\/)?live\/([^/]+)\/([^/]+)$/.exec(path);
  if (!match) return { kind: 'other' };
  const [, pipeline, rendition, file = ''] = match;
  const kind = file.endsWith('.m3u8') ? 'playlist' : file.endsWith('.ts') ? 'segment' : 'other';
  return {
    kind,
    rendition,
    ...(pipeline === 'a' || pipeline === 'b' ? { pipeline } : {}),
  };
}
