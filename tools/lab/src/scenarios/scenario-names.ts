/** The scripted scenarios: names, one-line descriptions and the lab settings each one fixes. */

export const SCENARIO_NAMES = [
  'crash-pipeline',
  'end-stream',
  'crash-rendition',
  'stale-freeze',
  'crash-restore-crash',
  'crash-restore-crash-redundant',
  'channel-down',
] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

export interface ScenarioInfo {
  description: string;
  fixed: { pipelines: 1 | 2; checker: boolean; topology?: 'origin-group' | 'redundant-manifests' };
}

export const SCENARIOS: Readonly<Record<ScenarioName, ScenarioInfo>> = {
  'crash-pipeline': {
    description:
      'kill pipeline A (no ENDLIST): its playlists are deleted by deadline + 1 s, playback moves to B',
    fixed: { pipelines: 2, checker: true },
  },
  'end-stream': {
    description:
      'end the stream gracefully (ENDLIST): nothing is deleted, the player reaches the end',
    fixed: { pipelines: 2, checker: true },
  },
  'crash-rendition': {
    description:
      'one pipeline, kill the rendition being played: it is deleted, the player moves to the other one',
    fixed: { pipelines: 1, checker: true },
  },
  'stale-freeze': {
    description:
      'the control case, checker off: kill pipeline A, nothing is deleted, the player freezes on a stale 200',
    fixed: { pipelines: 2, checker: false },
  },
  'crash-restore-crash': {
    description:
      'origin group: kill A, restore A, kill B within 60 s: the player plays on from A (no stall > TD)',
    fixed: { pipelines: 2, checker: true, topology: 'origin-group' },
  },
  'crash-restore-crash-redundant': {
    description:
      'redundant manifests: the same; hls.js keeps A in its 300 s penalty box and fails fatally (a limitation)',
    fixed: { pipelines: 2, checker: true, topology: 'redundant-manifests' },
  },
  'channel-down': {
    description:
      'kill both pipelines: every copy deleted, the page says "channel down"; restore: "recovered" + outage time',
    fixed: { pipelines: 2, checker: true },
  },
};
