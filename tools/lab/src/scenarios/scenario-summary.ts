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
import type { ChannelState } from '../status/channel-state';
import type { PlaylistState } from '../status/playlist-status';
import type { ScenarioName } from './scenario-names';

/** Deleted at most this long after the deadline (the issue's bound). */
const DELETE_BOUND_MS = 1_000;
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
    topology?: string;
    allStalePolicy?: string;
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
  /** Multi-step scenarios: every control action and when (the first one is `action`). */
  steps?: Step[];
  /** What the lab page said at given moments (text of its elements), read in the browser. */
  page?: Record<string, string>;
  /** The lab's channel state at the end. */
  channel?: ChannelState;
}

export interface Step {
  control: ControlAction;
  atMs: number;
}

/** One failover the player went through: the deletion that caused it and the first fragment after it. */
interface FailoverMeasure {
  /** The pipeline that stopped. */
  from: PipelineId;
  crashedAtMs: number;
  /** The first deletion of one of its playlists after the crash. */
  deletedAtMs?: number;
  /** First fragment from the other pipeline after the crash. */
  firstOtherFragmentAtMs?: number;
  /** Delete → first fragment from the other pipeline (the failover time). */
  failoverMs?: number;
  /** Longest stall from this crash to the next step (or the end). */
  longestStallMs: number;
}

interface PlayerSummary {
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
  /** Multi-step scenarios: one entry per pipeline crash. */
  failovers?: FailoverMeasure[];
  /** The first fatal hls.js error after the action. */
  firstFatalAfterActionMs?: number;
}

interface TimelineEntry {
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
  steps?: Array<Step & { tMs: number }>;
  page?: Record<string, string>;
  channel?: ChannelState;
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
  const firstFatal = timeline.events.find(
    (e) => e.type === 'error' && e.fatal === true && e.t >= record.actionAtMs,
  );
  return {
    failovers: record.steps && failoverMeasures(record, timeline),
    firstFatalAfterActionMs: firstFatal && firstFatal.t - record.actionAtMs,
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

/** Per pipeline crash of a multi-step scenario: delete → first fragment from the other pipeline, stalls. */
function failoverMeasures(record: ScenarioRecord, timeline: PlayerTimeline): FailoverMeasure[] {
  const steps = record.steps ?? [];
  return steps.flatMap((step, i): FailoverMeasure[] => {
    if (step.control.action !== 'crash-pipeline') return [];
    const from = step.control.pipeline;
    const untilMs = steps[i + 1]?.atMs ?? record.endedAtMs;
    const deletion = record.labEvents.find(
      (e) =>
        e.type === 'checker-decision' &&
        e.verdict === 'deleted' &&
        e.bucket === `lab-origin-${from}` &&
        e.atMs >= step.atMs,
    );
    const other = fragmentLoads(timeline, step.atMs).find(
      (l) => l.pipeline !== undefined && l.pipeline !== from,
    );
    return [
      {
        from,
        crashedAtMs: step.atMs,
        deletedAtMs: deletion?.atMs,
        firstOtherFragmentAtMs: other?.t,
        failoverMs: other && deletion ? other.t - deletion.atMs : undefined,
        longestStallMs: longestStallMs(timeline.samples, step.atMs, untilMs),
      },
    ];
  });
}

/** Every playlist of `pipeline` was deleted at least once in [fromMs, toMs]. */
function deletedBetween(
  record: ScenarioRecord,
  pipeline: PipelineId,
  fromMs: number,
  toMs: number,
): Check {
  const keys = [
    ...new Set(record.playlists.filter((p) => p.pipeline === pipeline).map((p) => p.key)),
  ];
  const deletedKeys = keys.filter((key) =>
    record.labEvents.some(
      (e) =>
        e.type === 'checker-decision' &&
        e.verdict === 'deleted' &&
        e.bucket === `lab-origin-${pipeline}` &&
        e.key === key &&
        e.atMs >= fromMs &&
        e.atMs <= toMs,
    ),
  );
  return {
    name: `pipeline ${pipeline.toUpperCase()}'s playlists were deleted after its crash`,
    ok: keys.length > 0 && deletedKeys.length === keys.length,
    detail: `deleted: ${deletedKeys.join(', ') || 'none'} of ${keys.join(', ')}`,
  };
}

/** How long hls.js keeps a failed redundant pathway out of use (hls.js `PATHWAY_PENALTY_DURATION_MS`). */
export const HLSJS_PATHWAY_PENALTY_MS = 300_000;
/** The issue's window for "crash A, restore A, crash B". */
export const SECOND_CRASH_WITHIN_MS = 60_000;

function crashRestoreCrashChecks(
  record: ScenarioRecord,
  player: PlayerSummary | undefined,
): Check[] {
  const steps = record.steps ?? [];
  const [crashA, restore, crashB] = steps;
  if (!crashA || !restore || !crashB) {
    return [{ name: 'the three steps ran', ok: false, detail: JSON.stringify(steps) }];
  }
  const redundant = record.options.topology === 'redundant-manifests';
  const checks: Check[] = [
    {
      name: `the second crash came within ${SECOND_CRASH_WITHIN_MS / 1000} s of the first`,
      ok: crashB.atMs - crashA.atMs <= SECOND_CRASH_WITHIN_MS,
      detail: `${ms(crashB.atMs - crashA.atMs)} between the crashes`,
    },
    deletedBetween(record, 'a', crashA.atMs, restore.atMs),
    deletedBetween(record, 'b', crashB.atMs, record.endedAtMs),
    {
      name: "pipeline A's playlists are live again at the end",
      ok: record.playlists.filter((p) => p.pipeline === 'a').every((p) => p.state === 'live'),
      detail: record.playlists.map((p) => `${p.id} ${p.state}`).join(', '),
    },
    probeCheck(
      'the origin group answers from A at the end',
      record.edgeProbes,
      (p) => !/^\/[ab]\//.test(p.path) && p.path.endsWith('.m3u8'),
      (p) => p.status === 200 && p.servedBy === 'a',
    ),
  ];
  if (!player) return checks;
  const [first, second] = player.failovers ?? [];
  const fatal = player.errors.find((e) => e.fatal && e.atMs >= crashB.atMs);
  if (redundant) {
    return [
      ...checks,
      {
        name: 'the player moved to B after the first crash',
        ok: first?.firstOtherFragmentAtMs !== undefined,
        detail: `first B fragment ${ms(first?.failoverMs)} after the delete`,
      },
      {
        name: `hls.js fails fatally after the second crash, A still in its ${HLSJS_PATHWAY_PENALTY_MS / 1000} s penalty box`,
        ok: fatal !== undefined && fatal.atMs - crashA.atMs < HLSJS_PATHWAY_PENALTY_MS,
        detail: fatal
          ? `${fatal.details} ${fatal.code ?? ''} ${fatal.url ?? ''} ${ms(fatal.atMs - crashB.atMs)} after the second crash, ${ms(fatal.atMs - crashA.atMs)} after the first`
          : 'no fatal error',
      },
      {
        name: 'the page shows the fatal-error banner',
        ok: (record.page?.['fatal-banner'] ?? '').includes('fatal'),
        detail: record.page?.['fatal-banner'] ?? 'no banner',
      },
    ];
  }
  const tdMs = record.options.targetDurationS * 1000;
  return [
    ...checks,
    {
      name: 'the player moved to B after crash A, and back to A after crash B',
      ok:
        first?.firstOtherFragmentAtMs !== undefined && second?.firstOtherFragmentAtMs !== undefined,
      detail: `failover A→B ${ms(first?.failoverMs)}, B→A ${ms(second?.failoverMs)} after the delete`,
    },
    {
      name: 'no fatal error',
      ok: !player.errors.some((e) => e.fatal),
      detail: JSON.stringify(player.errors.filter((e) => e.fatal)),
    },
    {
      name: 'currentTime kept advancing',
      ok: (player.advancedS ?? 0) >= (record.endedAtMs - record.actionAtMs - tdMs) / 1000,
      detail: `${(player.advancedS ?? 0).toFixed(1)} s of media in ${((record.endedAtMs - record.actionAtMs) / 1000).toFixed(1)} s`,
    },
    {
      name: `no stall longer than one target duration (${tdMs} ms)`,
      ok: player.longestStallAfterActionMs <= tdMs,
      detail: `longest stall ${ms(player.longestStallAfterActionMs)}`,
    },
  ];
}

function channelDownChecks(record: ScenarioRecord, player: PlayerSummary | undefined): Check[] {
  const restore = record.steps?.find((s) => s.control.action === 'restore');
  const lastCrash = record.steps?.filter((s) => s.control.action === 'crash-pipeline').at(-1);
  const outage = record.channel?.lastOutage;
  const checks: Check[] = [
    deletedBetween(record, 'a', record.actionAtMs, restore?.atMs ?? record.endedAtMs),
    deletedBetween(
      record,
      'b',
      lastCrash?.atMs ?? record.actionAtMs,
      restore?.atMs ?? record.endedAtMs,
    ),
    {
      name: 'the channel recovered after the restore, with its outage time',
      ok:
        record.channel?.state === 'up' &&
        outage !== undefined &&
        restore !== undefined &&
        outage.recoveredAtMs >= restore.atMs,
      detail: outage
        ? `down ${new Date(outage.downAtMs).toISOString()}, recovered after ${ms(outage.outageMs)}`
        : `no outage recorded (${record.channel?.state ?? 'no channel state'})`,
    },
  ];
  if (!player) return checks;
  return [
    ...checks,
    {
      name: 'the page said "channel down" during the outage',
      ok: /channel down/i.test(record.page?.['channel-down'] ?? ''),
      detail: record.page?.['channel-down'] ?? 'not read',
    },
    {
      name: 'the page said "recovered" with the outage time after the restore',
      ok: /recovered .* outage of \d+\.\d s/i.test(record.page?.['channel-recovered'] ?? ''),
      detail: record.page?.['channel-recovered'] ?? 'not read',
    },
  ];
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
    case 'crash-restore-crash':
    case 'crash-restore-crash-redundant':
      return crashRestoreCrashChecks(record, player);
    case 'channel-down':
      return channelDownChecks(record, player);
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
    ...(record.steps
      ? { steps: record.steps.map((s) => ({ ...s, tMs: s.atMs - record.actionAtMs })) }
      : {}),
    ...(record.page ? { page: record.page } : {}),
    ...(record.channel ? { channel: record.channel } : {}),
    checks,
    timeline: timelineOf(record),
  };
}
