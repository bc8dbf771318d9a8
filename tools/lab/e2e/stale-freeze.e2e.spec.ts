import type { ScenarioResult } from '../src/scenarios/run-scenario';
import { FREEZE_MIN_TARGET_DURATIONS } from '../src/scenarios/scenario-summary';
import { runWithChromium } from './e2e-support';

describe('the control case: checker off, crash pipeline A, hls.js in Chromium', () => {
  let result: ScenarioResult;
  beforeAll(async () => {
    result = await runWithChromium('stale-freeze');
  });

  /** The pipeline the player was on (the scenario crashes whichever it plays). */
  const crashed = () =>
    result.summary.action.action === 'crash-pipeline' ? result.summary.action.pipeline : '';

  it('nothing deletes the stale playlists: the edge keeps answering 200 for the crashed pipeline', () => {
    expect(result.summary.options.checker).toBe(false);
    expect(result.summary.playlists.filter((p) => p.deletedAtMs !== undefined)).toEqual([]);
    expect(
      result.summary.playlists.filter((p) => p.pipeline === crashed()).map((p) => p.state),
    ).toEqual(['stale', 'stale']);
    expect(result.summary.edge.map((p) => p.status)).toEqual([200, 200]);
  });

  it(`the player freezes on the stale 200: currentTime stops for more than ${FREEZE_MIN_TARGET_DURATIONS} target durations`, () => {
    expect(result.summary.player?.frozenAtEndMs).toBeGreaterThan(
      FREEZE_MIN_TARGET_DURATIONS * result.summary.targetDurationMs,
    );
  });

  it('and no failover happens: no fragment from the other pipeline after the crash', () => {
    const after = Object.keys(result.summary.player?.fragmentsAfterAction ?? {});
    expect(after.filter((k) => !k.startsWith(`${crashed()}/`))).toEqual([]);
    expect(result.summary.player?.errors.filter((e) => e.code === 404)).toEqual([]);
  });
});
