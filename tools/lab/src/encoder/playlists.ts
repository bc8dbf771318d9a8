/**
 * The playlists the lab's encoders publish (RFC 8216). Pure text builders.
 */
import {
  mediaPlaylistKey,
  originGroupPath,
  pinnedPath,
  type PipelineId,
  type Topology,
} from '../layout';

export interface VariantInfo {
  rendition: string;
  bandwidth: number;
  averageBandwidth: number;
  width: number;
  height: number;
  frameRate: number;
  codecs: string;
}

/**
 * The master playlist of one topology (see `Topology`): one origin-group URL per rendition, or MediaLive's
 * redundant manifests (every rendition once per pipeline, the writing pipeline first, pinned URLs).
 *
 * @example
 * renderMasterPlaylist({ variants, pipelines: ['a', 'b'], writer: 'a', topology: 'origin-group' });
 */
export function renderMasterPlaylist(input: {
  variants: readonly VariantInfo[];
  pipelines: readonly PipelineId[];
  writer: PipelineId;
  topology: Topology;
}): string {
  if (input.topology === 'redundant-manifests') return renderRedundantMasterPlaylist(input);
  const lines = ['#EXTM3U', '#EXT-X-VERSION:3', '#EXT-X-INDEPENDENT-SEGMENTS'];
  for (const variant of input.variants) {
    lines.push(`#EXT-X-STREAM-INF:${streamInfAttributes(variant)}`);
    lines.push(originGroupPath(mediaPlaylistKey(variant.rendition)));
  }
  return `${lines.join('\n')}\n`;
}

function streamInfAttributes(variant: VariantInfo): string {
  return [
    `BANDWIDTH=${variant.bandwidth}`,
    `AVERAGE-BANDWIDTH=${variant.averageBandwidth}`,
    `RESOLUTION=${variant.width}x${variant.height}`,
    `FRAME-RATE=${variant.frameRate.toFixed(3)}`,
    `CODECS="${variant.codecs}"`,
  ].join(',');
}

/**
 * A master playlist that lists every rendition once per pipeline with the same `EXT-X-STREAM-INF`, the
 * writing pipeline first: MediaLive's redundant manifests. A player that gets a 404 on one pipeline's media
 * playlist moves to the other's (RFC 8216 §6.3.3 "redundant streams"). URIs are edge paths that pin a
 * pipeline (`/a/…`, `/b/…`).
 *
 * @example
 * renderRedundantMasterPlaylist({ variants, pipelines: ['a', 'b'], writer: 'a' });
 */
function renderRedundantMasterPlaylist(input: {
  variants: readonly VariantInfo[];
  pipelines: readonly PipelineId[];
  writer: PipelineId;
}): string {
  const order = [input.writer, ...input.pipelines.filter((p) => p !== input.writer)];
  const lines = ['#EXTM3U', '#EXT-X-VERSION:3', '#EXT-X-INDEPENDENT-SEGMENTS'];
  for (const variant of input.variants) {
    const attributes = streamInfAttributes(variant);
    for (const pipeline of order) {
      lines.push(`#EXT-X-STREAM-INF:${attributes}`);
      lines.push(pinnedPath(pipeline, mediaPlaylistKey(variant.rendition)));
    }
  }
  return `${lines.join('\n')}\n`;
}

interface MediaSegmentEntry {
  uri: string;
  durationS: number;
  /** `EXT-X-PROGRAM-DATE-TIME` of the segment's first sample. */
  programDateTimeMs: number;
}

export interface MediaPlaylistInput {
  targetDurationS: number;
  mediaSequence: number;
  segments: readonly MediaSegmentEntry[];
  /** `#EXT-X-ENDLIST`: the presentation is over; the playlist never changes again (RFC 8216 §4.3.3.4). */
  endList: boolean;
}

/**
 * A live (sliding window) media playlist: no `EXT-X-PLAYLIST-TYPE`, a PROGRAM-DATE-TIME on every segment
 * (as MediaLive writes it), `#EXT-X-ENDLIST` only when the stream ended gracefully.
 *
 * @example
 * renderMediaPlaylist({ targetDurationS: 2, mediaSequence: 40, segments, endList: false });
 */
export function renderMediaPlaylist(input: MediaPlaylistInput): string {
  const lines = [
    '#EXTM3U',
    '#EXT-X-VERSION:3',
    `#EXT-X-TARGETDURATION:${input.targetDurationS}`,
    `#EXT-X-MEDIA-SEQUENCE:${input.mediaSequence}`,
  ];
  for (const segment of input.segments) {
    lines.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(segment.programDateTimeMs).toISOString()}`);
    lines.push(`#EXTINF:${segment.durationS.toFixed(3)},`);
    lines.push(segment.uri);
  }
  if (input.endList) lines.push('#EXT-X-ENDLIST');
  return `${lines.join('\n')}\n`;
}
