import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ControlAction, LabEvent } from '../lab-events';
import type { LabOptions } from '../lab-options';
import { mediaPlaylistKey, originGroupPath, pinnedPath, type PipelineId } from '../layout';
import type { PlayerProbe } from '../player/chromium-player';
import { fragmentLoads, type PlayerTimeline } from '../player/player-timeline';
import { startLab, type Lab } from '../start-lab';
import type { PlaylistRow } from '../status/playlist-status';
import { SCENARIOS, type ScenarioName } from './scenario-names';
import {
  FREEZE_MIN_TARGET_DURATIONS,
  summarizeScenario,
  type EdgeProbe,
  type PlaylistOutcome,
  type ScenarioSummary,
  type Step,
} from './scenario-summary';

/** How long a player may take to start playing before the scenario gives up. */
const PLAYER_START_TIMEOUT_MS = 30_000;
/** Slack after the last deadline before "not deleted" is final. */
const DELETE_WAIT_SLACK_MS = 5_000;
/** After a crash, keep watching for this many target durations (the player must play on). */
const WATCH_AFTER_TARGET_DURATIONS = 5;

class ScenarioError extends Error {
  override name = 'ScenarioError';
}

export interface RunScenarioOptions {
  /** Lab options (the scenario fixes `pipelines` and `checker`). */
  lab: LabOptions;
  /** A real player to watch, or none (origin and edge only). */
  player?: () => Promise<PlayerProbe>;
  /** Where to write `timeline.json` and `screenshot.png`. */
  outDir?: string;
  /** Progress lines (stderr in the CLI). */
  log?: (line: string) => void;
  /** Aborts the run (Ctrl-C): the lab and the player are stopped all the same. */
  signal?: AbortSignal;
}

export interface ScenarioResult {
  summary: ScenarioSummary;
  /** Files written (timeline, screenshot). */
  files: string[];
}

/** Waits `ms`; an aborted signal ends the wait with the abort reason. */
async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  signal?.throwIfAborted();
  await new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, ms));
    signal?.addEventListener('abort', done, { once: true });
  });
  signal?.throwIfAborted();
}

/** Polls `predicate` until it holds (true) or `timeoutMs` passes (false). */
async function waitFor(
  predicate: () => boolean | Promise<boolean>,
  timeoutMs: number,
  everyMs: number,
  signal?: AbortSignal,
): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await predicate()) return true;
    if (Date.now() >= end) return false;
    await sleep(everyMs, signal);
  }
}

interface Context {
  lab: Lab;
  player?: PlayerProbe;
  tdMs: number;
  log: (line: string) => void;
  rows(): PlaylistRow[];
  timeline(): Promise<PlayerTimeline | undefined>;
  sleep(ms: number): Promise<void>;
  waitFor(predicate: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean>;
}

/** What a scenario did: the action, when, and which playlists it stopped. */
interface Acted {
  action: ControlAction;
  actionAtMs: number;
  targets: string[];
  /** Edge paths to probe at the end. */
  probes: string[];
  /** Multi-step scenarios: every control action, the first one being `action`. */
  steps?: Step[];
  /** What the page said at given moments. */
  page?: Record<string, string>;
}

/** The crash-restore-crash script, in either topology (the checks differ, not the actions). */
async function crashRestoreCrash(ctx: Context): Promise<Acted> {
  const steps: Step[] = [];
  const act = async (control: ControlAction) => {
    const atMs = Date.now();
    await ctx.lab.control(control);
    steps.push({ control, atMs });
    ctx.log(
      `${control.action}${'pipeline' in control ? ` ${control.pipeline.toUpperCase()}` : ''}`,
    );
    return atMs;
  };
  const ids = (pipeline: PipelineId) =>
    ctx
      .rows()
      .filter((r) => r.pipeline === pipeline)
      .map((r) => r.id);
  const redundant = ctx.lab.options.topology === 'redundant-manifests';

  const crashedA = await act({ action: 'crash-pipeline', pipeline: 'a' });
  await waitForDeletion(ctx, ids('a'));
  await waitForSwitch(ctx, crashedA, (p) => p === 'b');
  const restored = await act({ action: 'restore' });
  await ctx.waitFor(
    () =>
      ctx
        .rows()
        .filter((r) => r.pipeline === 'a')
        .every((r) => r.state === 'live' && (r.lastPutAtMs ?? 0) >= restored),
    10 * ctx.tdMs,
  );
  // The origin group prefers A again as soon as A's playlists are back; with redundant manifests hls.js
  // stays on B (nothing makes it leave), so there is nothing to wait for.
  if (!redundant) await waitForSwitch(ctx, restored, (p) => p === 'a', 2);
  else await ctx.sleep(2 * ctx.tdMs);
  const crashedB = await act({ action: 'crash-pipeline', pipeline: 'b' });
  await waitForDeletion(ctx, ids('b'));
  const page: Record<string, string> = {};
  if (redundant && ctx.player) {
    const probe = ctx.player;
    const fatal = await ctx.waitFor(
      async () => (await probe.visibleText('fatal-banner')) !== '',
      PLAYER_START_TIMEOUT_MS,
    );
    ctx.log(fatal ? 'hls.js failed fatally' : 'no fatal error from hls.js');
    page['fatal-banner'] = await probe.visibleText('fatal-banner');
  } else {
    await waitForSwitch(ctx, crashedB, (p) => p === 'a', 2);
    await ctx.sleep(crashedB + WATCH_AFTER_TARGET_DURATIONS * ctx.tdMs - Date.now());
  }
  const first = steps[0] ?? { control: { action: 'restore' as const }, atMs: crashedA };
  return {
    action: first.control,
    actionAtMs: first.atMs,
    targets: [...ids('a'), ...ids('b')],
    probes: ctx.lab.renditions.map((r) => originGroupPath(mediaPlaylistKey(r))),
    steps,
    page,
  };
}

async function probeEdge(lab: Lab, path: string): Promise<EdgeProbe> {
  const answer = await fetch(new URL(path, lab.url));
  const body = await answer.text();
  return {
    path,
    status: answer.status,
    servedBy: answer.headers.get('x-lab-origin') ?? undefined,
    failover: answer.headers.get('x-lab-failover') ?? undefined,
    endList: answer.status === 200 ? body.includes('#EXT-X-ENDLIST') : undefined,
  };
}

/** The stream the player is on now (its last loaded fragment). */
async function playing(ctx: Context): Promise<{ pipeline?: PipelineId; rendition?: string }> {
  const timeline = await ctx.timeline();
  const last = timeline ? fragmentLoads(timeline).at(-1) : undefined;
  return { pipeline: last?.pipeline, rendition: last?.rendition };
}

async function waitForDeletion(ctx: Context, targets: readonly string[]): Promise<void> {
  const deadline = Math.max(
    ...ctx
      .rows()
      .filter((r) => targets.includes(r.id))
      .map((r) => r.deadlineMs ?? Date.now()),
  );
  const deleted = await ctx.waitFor(
    () =>
      ctx
        .rows()
        .filter((r) => targets.includes(r.id))
        .every((r) => r.state === 'deleted'),
    deadline - Date.now() + DELETE_WAIT_SLACK_MS,
  );
  ctx.log(
    deleted ? `deleted: ${targets.join(', ')}` : `not deleted in time: ${targets.join(', ')}`,
  );
}

/** With a player: wait until it has loaded `count` fragments matching `switched` after `fromMs`. */
async function waitForSwitch(
  ctx: Context,
  fromMs: number,
  switched: (pipeline?: PipelineId, rendition?: string) => boolean,
  count = 3,
): Promise<void> {
  if (!ctx.player) return;
  const ok = await ctx.waitFor(async () => {
    const timeline = await ctx.timeline();
    const loads = timeline ? fragmentLoads(timeline, fromMs) : [];
    return loads.filter((l) => switched(l.pipeline, l.rendition)).length >= count;
  }, PLAYER_START_TIMEOUT_MS);
  ctx.log(ok ? 'the player switched' : 'the player did not switch in time');
}

/** Crashes the pipeline the player is on (no ENDLIST); its playlists are the scenario's targets. */
async function crashPlayingPipeline(ctx: Context, note: string) {
  const pipeline = (await playing(ctx)).pipeline ?? 'a';
  const action: ControlAction = { action: 'crash-pipeline', pipeline };
  const targets = ctx
    .rows()
    .filter((r) => r.pipeline === pipeline)
    .map((r) => r.id);
  const actionAtMs = Date.now();
  await ctx.lab.control(action);
  ctx.log(`crashed pipeline ${pipeline.toUpperCase()}${note}`);
  return { pipeline, action, targets, actionAtMs };
}

const SCRIPTS: Record<ScenarioName, (ctx: Context) => Promise<Acted>> = {
  'crash-restore-crash': crashRestoreCrash,
  'crash-restore-crash-redundant': crashRestoreCrash,
  'channel-down': async (ctx) => {
    const steps: Step[] = [];
    const act = async (control: ControlAction) => {
      const atMs = Date.now();
      await ctx.lab.control(control);
      steps.push({ control, atMs });
      return atMs;
    };
    const crashedAt = await act({ action: 'crash-pipeline', pipeline: 'a' });
    await act({ action: 'crash-pipeline', pipeline: 'b' });
    ctx.log('crashed both pipelines');
    const targets = ctx.rows().map((r) => r.id);
    await waitForDeletion(ctx, targets);
    const page: Record<string, string> = {};
    const probe = ctx.player;
    const down = await ctx.waitFor(async () => {
      if (ctx.lab.status().channel.state !== 'down') return false;
      if (!probe) return true;
      return /channel down/i.test(await probe.visibleText('channel'));
    }, 5 * ctx.tdMs);
    ctx.log(down ? 'the channel is down' : 'the channel did not go down');
    if (probe) {
      page['channel-down'] = await probe.visibleText('channel');
      // What hls.js does with every copy deleted (ALL_STALE_POLICY=delete): wait for its fatal error.
      await ctx.waitFor(
        async () => (await probe.visibleText('fatal-banner')) !== '',
        PLAYER_START_TIMEOUT_MS,
      );
      page['fatal-banner'] = await probe.visibleText('fatal-banner');
    }
    const restoredAt = await act({ action: 'restore' });
    ctx.log('restored both pipelines');
    await ctx.waitFor(
      async () => {
        if (ctx.lab.status().channel.lastOutage === undefined) return false;
        if (!probe) return true;
        return /recovered/i.test(await probe.visibleText('channel'));
      },
      Math.max(5_000, 5 * ctx.tdMs),
    );
    if (probe) page['channel-recovered'] = await probe.visibleText('channel');
    ctx.log(`recovered ${Date.now() - restoredAt} ms after the restore`);
    return {
      action: { action: 'crash-pipeline', pipeline: 'a' },
      actionAtMs: crashedAt,
      targets,
      probes: ctx.lab.renditions.map((r) => originGroupPath(mediaPlaylistKey(r))),
      steps,
      page,
    };
  },
  'crash-pipeline': async (ctx) => {
    const { pipeline, action, targets, actionAtMs } = await crashPlayingPipeline(ctx, '');
    await waitForDeletion(ctx, targets);
    await waitForSwitch(ctx, actionAtMs, (p) => p !== undefined && p !== pipeline);
    await ctx.sleep(actionAtMs + WATCH_AFTER_TARGET_DURATIONS * ctx.tdMs - Date.now());
    return {
      action,
      actionAtMs,
      targets,
      probes: ctx.lab.renditions.flatMap((r) => [
        originGroupPath(mediaPlaylistKey(r)),
        pinnedPath(pipeline, mediaPlaylistKey(r)),
      ]),
    };
  },
  'crash-rendition': async (ctx) => {
    const rendition = (await playing(ctx)).rendition ?? ctx.lab.renditions[0] ?? '';
    const action: ControlAction = { action: 'crash-rendition', pipeline: 'a', rendition };
    const targets = [`a/${rendition}`];
    const actionAtMs = Date.now();
    await ctx.lab.control(action);
    ctx.log(`crashed a/${rendition}`);
    await waitForDeletion(ctx, targets);
    await waitForSwitch(ctx, actionAtMs, (_p, r) => r !== undefined && r !== rendition);
    await ctx.sleep(actionAtMs + WATCH_AFTER_TARGET_DURATIONS * ctx.tdMs - Date.now());
    return {
      action,
      actionAtMs,
      targets,
      probes: ctx.lab.renditions.map((r) => pinnedPath('a', mediaPlaylistKey(r))),
    };
  },
  'end-stream': async (ctx) => {
    const action: ControlAction = { action: 'end' };
    const targets = ctx.rows().map((r) => r.id);
    const actionAtMs = Date.now();
    await ctx.lab.control(action);
    ctx.log('ended the stream (ENDLIST)');
    // Long enough for a wrongful deletion to happen: past every deadline the live versions had.
    await ctx.sleep(ctx.lab.options.multiple * ctx.tdMs + DELETE_WAIT_SLACK_MS / 2);
    if (ctx.player) {
      const ended = await ctx.waitFor(async () => {
        const timeline = await ctx.timeline();
        return timeline?.events.some((e) => e.type === 'ended' && e.t >= actionAtMs) ?? false;
      }, PLAYER_START_TIMEOUT_MS);
      ctx.log(ended ? 'the player reached the end' : 'the player did not reach the end in time');
    }
    return {
      action,
      actionAtMs,
      targets,
      probes: ctx.rows().map((r) => r.edgePath),
    };
  },
  'stale-freeze': async (ctx) => {
    const { pipeline, action, targets, actionAtMs } = await crashPlayingPipeline(
      ctx,
      ' with the checker off',
    );
    // The buffer (about three segments) runs out within a few target durations; then the freeze must
    // last more than FREEZE_MIN_TARGET_DURATIONS, with margin.
    await ctx.sleep((FREEZE_MIN_TARGET_DURATIONS + 6) * ctx.tdMs);
    return {
      action,
      actionAtMs,
      targets,
      probes: ctx.lab.renditions.map((r) => pinnedPath(pipeline, mediaPlaylistKey(r))),
    };
  },
};

function outcomes(lab: Lab, events: readonly LabEvent[]): PlaylistOutcome[] {
  return lab.status().playlists.map((row) => {
    const deletion = events.find(
      (e) =>
        e.type === 'checker-decision' &&
        e.verdict === 'deleted' &&
        e.bucket === row.bucket &&
        e.key === row.key,
    );
    const checkerDeadlineMs =
      deletion?.type === 'checker-decision' ? deletion.deadlineMs : undefined;
    return {
      id: row.id,
      pipeline: row.pipeline,
      rendition: row.rendition,
      key: row.key,
      state: row.state,
      lastPutAtMs: row.lastPutAtMs,
      deadlineMs: row.deadlineMs,
      deletedAtMs: deletion?.atMs,
      checkerDeadlineMs,
      lagMs: deletion && row.deadlineMs !== undefined ? deletion.atMs - row.deadlineMs : undefined,
      checkerLagMs: deletion?.type === 'checker-decision' ? deletion.lagMs : undefined,
    };
  });
}

/**
 * Runs one scripted scenario on a fresh lab (and, if given, a real player on the lab's page), then stops
 * everything and returns the summary. Never leaves a process running, even when a step fails.
 *
 * @example
 * const { summary } = await runScenario('crash-pipeline', { lab: { ...LAB_DEFAULTS, port: 0 } });
 * summary.ok; // every check passed
 */
export async function runScenario(
  name: ScenarioName,
  options: RunScenarioOptions,
): Promise<ScenarioResult> {
  const log = options.log ?? (() => {});
  const fixed = SCENARIOS[name].fixed;
  const labOptions: LabOptions = { ...options.lab, ...fixed };
  const startedAtMs = Date.now();
  const lab = await startLab(labOptions);
  const events: LabEvent[] = [];
  const unsubscribe = lab.bus.subscribe((event) => events.push(event));
  let player: PlayerProbe | undefined;
  const { signal } = options;
  try {
    log(`${name}: lab at ${lab.url}`);
    const tdMs = labOptions.targetDurationS * 1000;
    if (options.player) {
      player = await options.player();
      await player.open(lab.url);
      const probe = player;
      const started = await waitFor(
        async () => {
          const timeline = await probe.timeline();
          const ct = timeline.samples.at(-1)?.ct ?? 0;
          return fragmentLoads(timeline).length >= 3 && ct > 1;
        },
        PLAYER_START_TIMEOUT_MS,
        250,
        signal,
      );
      if (!started) throw new ScenarioError('the player did not start playing in time');
      log('the player is playing');
    } else {
      await sleep(tdMs, signal);
    }
    const ctx: Context = {
      lab,
      player,
      tdMs,
      log,
      rows: () => lab.status().playlists,
      timeline: async () => player?.timeline(),
      sleep: (ms) => sleep(ms, signal),
      waitFor: (predicate, timeoutMs) => waitFor(predicate, timeoutMs, 200, signal),
    };
    const acted = await SCRIPTS[name](ctx);
    const endedAtMs = Date.now();
    const edgeProbes = await Promise.all(acted.probes.map((path) => probeEdge(lab, path)));
    const timeline = await player?.timeline();
    const files: string[] = [];
    if (options.outDir) {
      mkdirSync(options.outDir, { recursive: true });
      if (player) {
        const shot = join(options.outDir, 'screenshot.png');
        await player.screenshot(shot);
        files.push(shot);
      }
    }
    const summary = summarizeScenario({
      scenario: name,
      options: {
        pipelines: labOptions.pipelines,
        targetDurationS: labOptions.targetDurationS,
        multiple: labOptions.multiple,
        encoder: labOptions.encoder,
        checker: labOptions.checker,
        topology: labOptions.topology,
        ...(labOptions.allStalePolicy ? { allStalePolicy: labOptions.allStalePolicy } : {}),
      },
      startedAtMs,
      actionAtMs: acted.actionAtMs,
      endedAtMs,
      action: acted.action,
      targets: acted.targets,
      playlists: outcomes(lab, events),
      labEvents: events,
      edgeProbes,
      player: timeline,
      ...(acted.steps ? { steps: acted.steps } : {}),
      ...(acted.page ? { page: acted.page } : {}),
      channel: lab.status().channel,
    });
    if (options.outDir) {
      const file = join(options.outDir, 'timeline.json');
      writeFileSync(file, `${JSON.stringify(summary, null, 2)}\n`);
      files.push(file);
    }
    return { summary, files };
  } finally {
    unsubscribe();
    await player?.close();
    await lab.stop();
  }
}
