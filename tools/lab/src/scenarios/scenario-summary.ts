/**
 * A scenario's measurements → its summary and checks, with the issue's bounds: a stale playlist is deleted
 * no earlier than its deadline and at most 1 s after it, and playback never stalls longer than one target
 * duration. Pure.
 */
import type { ControlAction, LabEvent } from '../lab-events';
import type { PipelineId } from '../layout';
import {
  currentTimeAt,
  fragmentLoads,
  frozenAtEndMs,
  hasEvent,
  longestStallMs,
  type FragmentLoad,
  type PlayerTimeline,
} from '../player/player-timeline';
import type { PlaylistState } from '../status/playlist-status';
import type { ScenarioName } from './scenario-names';

/** Deleted at most this long after the deadline (the issue's bound). */
export const DELETE_BOUND_MS = 1_000;
/** The control case must show the player frozen at least this many target durations. */
export const FREEZE_MIN_TARGET_DURATIONS = 4;

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

export interface PlaylistOutcome {
  id: string;
  pipeline: PipelineId;
  rendition: string;
  key: string;
  state: PlaylistState;
  /** The last version's write (before the action for a crashed stream). */
  lastPutAtMs?: number;
  /** The lab's deadline: last write + multiple × TARGETDURATION. */
  deadlineMs?: number;
  deletedAtMs?: number;
  /** The checker's own deadline for the version it deleted (S3's clock). */
  checkerDeadlineMs?: number;
  /** deletedAtMs − deadlineMs. */
  lagMs?: number;
  checkerLagMs?: number;
}

export interface EdgeProbe {
  path: string;
  status: number;
  servedBy?: string;
  failover?: string;
  endList?: boolean;
}

export interface ScenarioRecord {
  scenario: ScenarioName;
  options: {
    pipelines: 1 | 2;
    targetDurationS: number;
    multiple: number;
    encoder: string;
    checker: boolean;
  };
  startedAtMs: number;
  actionAtMs: number;
  endedAtMs: number;
  action: ControlAction;
  /** The playlists the action stopped (crashed or ended). */
  targets: string[];
  playlists: PlaylistOutcome[];
  labEvents: LabEvent[];
  edgeProbes: EdgeProbe[];
  player?: PlayerTimeline;
}

export interface PlayerSummary {
  fragmentsBeforeAction: Record<string, number>;
  fragmentsAfterAction: Record<string, number>;
  /** First fragment after the action from another pipeline (crash-pipeline) or rendition (crash-rendition). */
  firstSwitchedFragmentAfterActionMs?: number;
  /** The same, measured from the deletion that caused it. */
  firstSwitchedFragmentAfterDeleteMs?: number;
  longestStallAfterActionMs: number;
  frozenAtEndMs: number;
  currentTimeAtActionS?: number;
  currentTimeAtEndS?: number;
  advancedS?: number;
  ended: boolean;
  errors: Array<{ atMs: number; details?: string; code?: number; fatal?: boolean; url?: string }>;
}

export interface TimelineEntry {
  /** ms relative to the action (negative: before it). */
  tMs: number;
  atMs: number;
  source: string;
  event: string;
  [field: string]: unknown;
}

export interface ScenarioSummary {
  scenario: ScenarioName;
  ok: boolean;
  options: ScenarioRecord['options'];
  startedAt: string;
  wallMs: number;
  action: ControlAction & { atMs: number; at: string };
  targetDurationMs: number;
  targets: string[];
  playlists: PlaylistOutcome[];
  edge: EdgeProbe[];
  player?: PlayerSummary;
  checks: Check[];
  timeline: TimelineEntry[];
}

const where = (f: FragmentLoad) => `${f.pipeline ?? 'group'}/${f.rendition ?? '?'}`;

function countBy(loads: readonly FragmentLoad[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const load of loads) counts[where(load)] = (counts[where(load)] ?? 0) + 1;
  return counts;
}

const ms = (value: number | undefined) => (value === undefined ? 'n/a' : `${Math.round(value)} ms`);

/** The fragment that shows the player moved away from what the action stopped. */
function isSwitched(record: ScenarioRecord, load: FragmentLoad): boolean {
  const { action } = record;
  if (action.action === 'crash-pipeline')
    return load.pipeline !== undefined && load.pipeline !== action.pipeline;
  if (action.action === 'crash-rendition') return load.rendition !== action.rendition;
  return false;
}

function summarizePlayer(record: ScenarioRecord, timeline: PlayerTimeline): PlayerSummary {
  const before = fragmentLoads(timeline, Number.NEGATIVE_INFINITY, record.actionAtMs);
  const after = fragmentLoads(timeline, record.actionAtMs);
  const firstSwitched = after.find((load) => isSwitched(record, load));
  const firstDelete = Math.min(
    ...record.playlists
      .filter((p) => record.targets.includes(p.id) && p.deletedAtMs !== undefined)
      .map((p) => p.deletedAtMs ?? Number.POSITIVE_INFINITY),
  );
  const atAction = currentTimeAt(timeline.samples, record.actionAtMs);
  const atEnd = timeline.samples.at(-1)?.ct;
  return {
    fragmentsBeforeAction: countBy(before),
    fragmentsAfterAction: countBy(after),
    firstSwitchedFragmentAfterActionMs: firstSwitched && firstSwitched.t - record.actionAtMs,
    firstSwitchedFragmentAfterDeleteMs:
      firstSwitched && Number.isFinite(firstDelete) ? firstSwitched.t - firstDelete : undefined,
    longestStallAfterActionMs: longestStallMs(timeline.samples, record.actionAtMs),
    frozenAtEndMs: frozenAtEndMs(timeline.samples),
    currentTimeAtActionS: atAction,
    currentTimeAtEndS: atEnd,
    advancedS: atAction !== undefined && atEnd !== undefined ? atEnd - atAction : undefined,
    ended: hasEvent(timeline, 'ended', record.actionAtMs),
    errors: timeline.events
      .filter((e) => e.type === 'error')
      .map((e) => ({ atMs: e.t, details: e.details, code: e.code, fatal: e.fatal, url: e.url })),
  };
}

function deletionChecks(record: ScenarioRecord): Check[] {
  const targets = record.playlists.filter((p) => record.targets.includes(p.id));
  const missing = targets.filter((p) => p.deletedAtMs === undefined).map((p) => p.id);
  const late = targets.filter((p) => p.lagMs !== undefined && p.lagMs > DELETE_BOUND_MS);
  const early = targets.filter(
    (p) =>
      p.deletedAtMs !== undefined &&
      p.checkerDeadlineMs !== undefined &&
      p.deletedAtMs < p.checkerDeadlineMs,
  );
  const others = record.playlists.filter((p) => !record.targets.includes(p.id));
  const touched = others.filter((p) => p.deletedAtMs !== undefined || p.state !== 'live');
  return [
    {
      name: 'the stopped playlists were deleted',
      ok: missing.length === 0 && targets.length > 0,
      detail:
        missing.length === 0
          ? targets.map((p) => p.id).join(', ')
          : `not deleted: ${missing.join(', ')}`,
    },
    {
      name: `deleted within deadline + ${DELETE_BOUND_MS} ms`,
      ok: missing.length === 0 && late.length === 0,
      detail: targets.map((p) => `${p.id} lag ${ms(p.lagMs)}`).join(', '),
    },
    {
      name: 'never deleted before the deadline',
      ok: early.length === 0,
      detail: targets
        .map(
          (p) =>
            `${p.id} ${ms((p.deletedAtMs ?? 0) - (p.checkerDeadlineMs ?? 0))} after the checker's deadline`,
        )
        .join(', '),
    },
    {
      name: 'the other playlists stayed live',
      ok: touched.length === 0,
      detail:
        touched.length === 0
          ? others.map((p) => p.id).join(', ')
          : touched.map((p) => `${p.id} ${p.state}`).join(', '),
    },
  ];
}

function probeCheck(
  name: string,
  probes: readonly EdgeProbe[],
  matches: (p: EdgeProbe) => boolean,
  expect: (p: EdgeProbe) => boolean,
): Check {
  const relevant = probes.filter(matches);
  const bad = relevant.filter((p) => !expect(p));
  return {
    name,
    ok: relevant.length > 0 && bad.length === 0,
    detail: relevant
      .map(
        (p) =>
          `${p.path} → ${p.status}${p.servedBy ? ` from ${p.servedBy}` : ''}${p.failover ? ` (after ${p.failover})` : ''}${p.endList ? ' with ENDLIST' : ''}`,
      )
      .join('; '),
  };
}

function playbackChecks(
  record: ScenarioRecord,
  player: PlayerSummary,
  switchName: string,
): Check[] {
  const tdMs = record.options.targetDurationS * 1000;
  const wallS = (record.endedAtMs - record.actionAtMs) / 1000;
  const advanced = player.advancedS ?? 0;
  return [
    {
      name: switchName,
      ok: player.firstSwitchedFragmentAfterActionMs !== undefined,
      detail: `fragments after the action: ${JSON.stringify(player.fragmentsAfterAction)}; first switched one ${ms(player.firstSwitchedFragmentAfterActionMs)} after the action, ${ms(player.firstSwitchedFragmentAfterDeleteMs)} after the delete`,
    },
    {
      name: 'currentTime kept advancing',
      ok: advanced >= wallS - tdMs / 1000,
      detail: `${advanced.toFixed(1)} s of media in ${wallS.toFixed(1)} s after the action`,
    },
    {
      name: `no stall longer than one target duration (${tdMs} ms)`,
      ok: player.longestStallAfterActionMs <= tdMs,
      detail: `longest stall after the action ${ms(player.longestStallAfterActionMs)}`,
    },
  ];
}

function checksFor(record: ScenarioRecord, player: PlayerSummary | undefined): Check[] {
  const tdMs = record.options.targetDurationS * 1000;
  const probes = record.edgeProbes;
  const deletions = record.playlists.filter((p) => p.deletedAtMs !== undefined);
  const nothingDeleted: Check = {
    name: 'nothing was deleted',
    ok: deletions.length === 0,
    detail:
      deletions.length === 0 ? 'no deletions' : `deleted: ${deletions.map((p) => p.id).join(', ')}`,
  };
  switch (record.scenario) {
    case 'crash-pipeline': {
      const crashed = record.action.action === 'crash-pipeline' ? record.action.pipeline : 'a';
      const checks = [
        ...deletionChecks(record),
        probeCheck(
          'the origin group answers with the other pipeline',
          probes,
          (p) => !/^\/[ab]\//.test(p.path) && p.path.endsWith('.m3u8'),
          (p) =>
            p.status === 200 &&
            p.servedBy !== crashed &&
            (p.failover ?? '').startsWith(`${crashed}:`),
        ),
        probeCheck(
          `the crashed pipeline's pinned URLs answer 404`,
          probes,
          (p) => p.path.startsWith(`/${crashed}/`),
          (p) => p.status === 404,
        ),
      ];
      if (!player) return checks;
      return [
        ...checks,
        {
          name: `the player was on pipeline ${crashed.toUpperCase()} before the crash`,
          ok: Object.keys(player.fragmentsBeforeAction).some((k) => k.startsWith(`${crashed}/`)),
          detail: JSON.stringify(player.fragmentsBeforeAction),
        },
        ...playbackChecks(record, player, 'the player moved to the other pipeline'),
      ];
    }
    case 'crash-rendition': {
      const checks = deletionChecks(record);
      if (!player) return checks;
      return [
        ...checks,
        ...playbackChecks(record, player, 'the player moved to the other rendition'),
      ];
    }
    case 'end-stream': {
      const kept = record.labEvents.filter(
        (e) =>
          e.type === 'checker-decision' &&
          e.verdict === 'kept' &&
          e.reason === 'endlist' &&
          e.atMs >= record.actionAtMs,
      );
      const checks: Check[] = [
        nothingDeleted,
        probeCheck(
          'every media playlist is still served, with ENDLIST',
          probes,
          (p) => /^\/[ab]\//.test(p.path),
          (p) => p.status === 200 && p.endList === true,
        ),
      ];
      if (record.options.checker) {
        const keptKeys = new Set(
          kept.map((e) => (e.type === 'checker-decision' ? `${e.bucket}/${e.key}` : '')),
        );
        const expected = record.playlists.map((p) => `lab-origin-${p.pipeline}/${p.key}`);
        checks.push({
          name: 'the checker kept every ended playlist (reason endlist)',
          ok: expected.every((k) => keptKeys.has(k)),
          detail: `kept: ${[...keptKeys].join(', ') || 'none'}`,
        });
      }
      if (player) {
        checks.push({
          name: 'the player reached the end',
          ok: player.ended,
          detail: player.ended
            ? `ended; ${player.advancedS?.toFixed(1)} s played after ENDLIST`
            : 'no ended event',
        });
      }
      return checks;
    }
    case 'stale-freeze': {
      const crashed = record.action.action === 'crash-pipeline' ? record.action.pipeline : 'a';
      const freezeMinMs = FREEZE_MIN_TARGET_DURATIONS * tdMs;
      const checks: Check[] = [
        nothingDeleted,
        probeCheck(
          'the crashed pipeline still answers 200 with its stale playlists',
          probes,
          (p) => p.path.startsWith(`/${crashed}/`),
          (p) => p.status === 200,
        ),
        {
          name: 'the stale playlists are past their deadline',
          ok: record.playlists
            .filter((p) => record.targets.includes(p.id))
            .every((p) => p.state === 'stale'),
          detail: record.playlists
            .filter((p) => record.targets.includes(p.id))
            .map((p) => `${p.id} ${p.state}`)
            .join(', '),
        },
      ];
      if (!player) return checks;
      const afterB = Object.entries(player.fragmentsAfterAction)
        .filter(([k]) => !k.startsWith(`${crashed}/`))
        .reduce((sum, [, n]) => sum + n, 0);
      return [
        ...checks,
        {
          name: 'no failover happened',
          ok: afterB === 0,
          detail: `fragments after the crash: ${JSON.stringify(player.fragmentsAfterAction)}`,
        },
        {
          name: `the player froze for more than ${freezeMinMs} ms`,
          ok: player.frozenAtEndMs > freezeMinMs,
          detail: `currentTime stuck at ${player.currentTimeAtEndS?.toFixed(1)} s for ${ms(player.frozenAtEndMs)} at the end`,
        },
      ];
    }
  }
}

function timelineOf(record: ScenarioRecord): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  for (const event of record.labEvents) {
    const { id: _id, atMs, component, type, ...fields } = event;
    entries.push({
      tMs: atMs - record.actionAtMs,
      atMs,
      source: component,
      event: type,
      ...fields,
    });
  }
  for (const event of record.player?.events ?? []) {
    const { t, type, ...fields } = event;
    entries.push({
      tMs: t - record.actionAtMs,
      atMs: t,
      source: 'player (hls.js)',
      event: type,
      ...fields,
    });
  }
  return entries.sort((a, b) => a.atMs - b.atMs);
}

/**
 * Summarizes one run: per-playlist deadlines, delete times and lags, the player's fragments, stalls and
 * freezes, the edge probes, the checks, and one merged timeline (lab + player) relative to the action.
 *
 * @example
 * const summary = summarizeScenario(record);
 * if (!summary.ok) console.error(summary.checks.filter((c) => !c.ok));
 */
export function summarizeScenario(record: ScenarioRecord): ScenarioSummary {
  const player = record.player && summarizePlayer(record, record.player);
  const checks = checksFor(record, player);
  return {
    scenario: record.scenario,
    ok: checks.every((c) => c.ok),
    options: record.options,
    startedAt: new Date(record.startedAtMs).toISOString(),
    wallMs: record.endedAtMs - record.startedAtMs,
    action: {
      ...record.action,
      atMs: record.actionAtMs,
      at: new Date(record.actionAtMs).toISOString(),
    },
    targetDurationMs: record.options.targetDurationS * 1000,
    targets: record.targets,
    playlists: record.playlists,
    edge: record.edgeProbes,
    player,
    checks,
    timeline: timelineOf(record),
  };
}
