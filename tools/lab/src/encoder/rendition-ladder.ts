/**
 * The lab's two renditions: what `scripts/make-fixtures.ts` encodes for the synthetic encoder and what the
 * ffmpeg encoder encodes live. Very low bitrates: the point is playlists, not picture quality.
 */
export interface RenditionSpec {
  name: string;
  width: number;
  height: number;
  /** libx264 `-b:v` (and `-maxrate`, `-bufsize`). */
  videoBitrate: string;
  /** A different tone per rendition: a switch is audible. */
  toneHz: number;
  fontSize: number;
}

export const FRAME_RATE = 10;
export const AUDIO_SAMPLE_RATE = 32_000;
export const AUDIO_BITRATE = '12k';

export const RENDITION_LADDER: readonly RenditionSpec[] = [
  { name: '180p', width: 320, height: 180, videoBitrate: '64k', toneHz: 440, fontSize: 18 },
  { name: '90p', width: 160, height: 90, videoBitrate: '24k', toneHz: 660, fontSize: 10 },
];
