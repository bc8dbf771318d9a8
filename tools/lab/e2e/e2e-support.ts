import { join, resolve } from 'node:path';
import { LAB_DEFAULTS } from '../src/lab-options';
import { findChromium, launchChromiumPlayer } from '../src/player/chromium-player';
import { runScenario, type ScenarioResult } from '../src/scenarios/run-scenario';
import type { ScenarioName } from '../src/scenarios/scenario-names';
import type { Check, ScenarioSummary } from '../src/scenarios/scenario-summary';

/** Screenshots and timelines land here (tmp/ is git-ignored). */
export const E2E_OUT_DIR = resolve(__dirname, '../../../tmp/e2e');

/** Runs one scenario on a fresh lab (ephemeral port) with hls.js in Debian Chromium. */
export async function runWithChromium(name: ScenarioName): Promise<ScenarioResult> {
  findChromium(); // fails first, with one line saying how to get a Chromium
  const outDir = join(E2E_OUT_DIR, name);
  const started = Date.now();
  const result = await runScenario(name, {
    lab: { ...LAB_DEFAULTS, port: 0 },
    player: () => launchChromiumPlayer(),
    outDir,
  });
  report(result.summary, Date.now() - started, outDir);
  return result;
}

/** The numbers of a run, printed once (the README quotes them). */
function report(summary: ScenarioSummary, wallMs: number, outDir: string): void {
  const player = summary.player;
  const lines = [
    `${summary.scenario}: ${summary.ok ? 'ok' : 'FAILED'} in ${(wallMs / 1000).toFixed(1)} s (${outDir})`,
    ...summary.playlists
      .filter((p) => p.deletedAtMs !== undefined)
      .map(
        (p) => `  ${p.id} deleted ${p.lagMs} ms after its deadline (checker: ${p.checkerLagMs} ms)`,
      ),
    player
      ? `  player: first switched fragment ${player.firstSwitchedFragmentAfterActionMs ?? '—'} ms after the action / ${player.firstSwitchedFragmentAfterDeleteMs ?? '—'} ms after the delete; longest stall ${player.longestStallAfterActionMs} ms; frozen at end ${player.frozenAtEndMs} ms; ended ${player.ended}`
      : '  no player',
    ...(player?.failovers ?? []).map(
      (f) =>
        `  crash ${f.from.toUpperCase()}: first fragment from the other pipeline ${f.failoverMs ?? '—'} ms after the delete; longest stall ${f.longestStallMs} ms`,
    ),
    ...(player?.firstFatalAfterActionMs !== undefined
      ? [`  hls.js fatal error ${player.firstFatalAfterActionMs} ms after the first action`]
      : []),
    ...(summary.channel?.lastOutage
      ? [`  channel outage ${summary.channel.lastOutage.outageMs} ms`]
      : []),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** One check by name, asserted with its detail in the failure message. */
export function check(summary: ScenarioSummary, name: string): Check {
  const found = summary.checks.find((c) => c.name === name);
  if (!found)
    throw new Error(`no check "${name}" in ${summary.checks.map((c) => c.name).join(', ')}`);
  return found;
}
