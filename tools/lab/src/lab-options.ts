/** The lab's options and their defaults (no dependencies: `--help` answers without loading the SDK). */

export type EncoderKind = 'synthetic' | 'ffmpeg';

export interface LabOptions {
  /** Edge port; 0 = ephemeral. */
  port: number;
  /** When `port` is taken, listen on an ephemeral port instead of failing. */
  portFallback: boolean;
  pipelines: 1 | 2;
  targetDurationS: number;
  /** The checker's TARGET_DURATION_MULTIPLE (RFC 8216 §6.2.1: 1.5). */
  multiple: number;
  encoder: EncoderKind;
  /** `false`: the control case, nothing deletes stale playlists. */
  checker: boolean;
  /** The EventBridge schedule stand-in's period, ms. */
  reconcileEveryMs: number;
  /** Every checker log line, as the Lambda writes it (default: dropped; decisions are events anyway). */
  writeCheckerLog?: (jsonLine: string) => void;
  fixturesDir?: string;
  ffmpegPath?: string;
}

export const LAB_DEFAULTS: LabOptions = {
  port: 8787,
  portFallback: true,
  pipelines: 2,
  targetDurationS: 2,
  multiple: 1.5,
  encoder: 'synthetic',
  checker: true,
  reconcileEveryMs: 15_000,
};
