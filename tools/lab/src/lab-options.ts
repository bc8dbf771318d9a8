/** The lab's options and their defaults (no dependencies: `--help` answers without loading the SDK). */

export type EncoderKind = 'synthetic' | 'ffmpeg';

/** Same values as `Topology` in layout.ts (kept here so `--help` loads nothing). */
export type LabTopology = 'origin-group' | 'redundant-manifests';

/**
 * What the checker does when every pipeline's copy of a playlist is stale (`ALL_STALE_POLICY`): delete them
 * all (the channel answers 404) or keep the last one (players freeze on a stale 200, the channel is down
 * either way).
 */
export const ALL_STALE_POLICIES = ['delete', 'keep-last'] as const;
type AllStalePolicy = (typeof ALL_STALE_POLICIES)[number];

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
  /** How the master playlist points at the media playlists (see `Topology` in layout.ts). */
  topology: LabTopology;
  /** Sets the checker's `ALL_STALE_POLICY`; unset: the checker's default. */
  allStalePolicy?: AllStalePolicy;
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
  topology: 'origin-group',
  reconcileEveryMs: 15_000,
};
