import type { StreamState } from '../lab-events';
import type { PipelineId } from '../layout';
import type { VariantInfo } from './playlists';

/** One media playlist being published: one rendition of one pipeline. */
export interface StreamId {
  pipeline: PipelineId;
  rendition: string;
}

export const streamName = (s: StreamId): string => `${s.pipeline}/${s.rendition}`;

/** What the lab can do to its encoders (the buttons and keys). */
export interface LiveEncoder {
  readonly kind: 'synthetic' | 'ffmpeg';
  /** The renditions, as the master playlist advertises them. */
  readonly variants: readonly VariantInfo[];
  /** Publishes the masters and the first window, then keeps publishing. */
  start(): Promise<void>;
  /** SIGKILL-style: the stream stops publishing at once, no `#EXT-X-ENDLIST`. */
  crash(target: { pipeline: PipelineId; rendition?: string }): void;
  /** Every crashed or ended stream publishes again. */
  restore(): Promise<void>;
  /** Graceful end: every running stream publishes a last version with `#EXT-X-ENDLIST`. */
  end(): Promise<void>;
  states(): Array<StreamId & { state: StreamState }>;
  stop(): Promise<void>;
}

export class EncoderError extends Error {
  override name = 'EncoderError';
}
