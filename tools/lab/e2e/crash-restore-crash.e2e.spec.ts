import { existsSync } from 'node:fs';
import type { ScenarioResult } from '../src/scenarios/run-scenario';
import { SECOND_CRASH_WITHIN_MS } from '../src/scenarios/scenario-summary';
import { check, runWithChromium } from './e2e-support';

describe('crash A, restore A, crash B within 60 s, origin-group topology, hls.js in Chromium', () => {
  let result: ScenarioResult;
  beforeAll(async () => {
    result = await runWithChromium('crash-restore-crash');
  });

  it('runs the three steps, the second crash within 60 s of the first', () => {
    const steps = result.summary.steps ?? [];
    expect(steps.map((s) => s.control)).toEqual([
      { action: 'crash-pipeline', pipeline: 'a' },
      { action: 'restore' },
      { action: 'crash-pipeline', pipeline: 'b' },
    ]);
    expect((steps[2]?.atMs ?? Infinity) - (steps[0]?.atMs ?? 0)).toBeLessThanOrEqual(
      SECOND_CRASH_WITHIN_MS,
    );
  });

  it('deletes A’s playlists after the first crash and B’s after the second; A is live at the end', () => {
    expect(check(result.summary, "pipeline A's playlists were deleted after its crash").ok).toBe(
      true,
    );
    expect(check(result.summary, "pipeline B's playlists were deleted after its crash").ok).toBe(
      true,
    );
    expect(result.summary.playlists.filter((p) => p.pipeline === 'a').map((p) => p.state)).toEqual([
      'live',
      'live',
    ]);
  });

  it('the player moves to B after crash A and is on A after crash B', () => {
    const [first, second] = result.summary.player?.failovers ?? [];
    expect(first?.firstOtherFragmentAtMs).toEqual(expect.any(Number));
    expect(second?.firstOtherFragmentAtMs).toEqual(expect.any(Number));
    const afterSecond = (result.summary.timeline ?? []).filter(
      (e) => e.event === 'frag-loaded' && e.atMs >= (result.summary.steps?.[2]?.atMs ?? Infinity),
    );
    expect(afterSecond.length).toBeGreaterThan(0);
    expect(afterSecond.every((e) => e['servedBy'] === 'a')).toBe(true);
  });

  it('plays on: no fatal error, currentTime advancing, no stall longer than one target duration', () => {
    const player = result.summary.player;
    expect(player?.errors.filter((e) => e.fatal)).toEqual([]);
    expect(check(result.summary, 'currentTime kept advancing').ok).toBe(true);
    expect(player?.longestStallAfterActionMs).toBeLessThanOrEqual(result.summary.targetDurationMs);
    expect(result.summary.ok).toBe(true);
  });

  it('records a screenshot and a JSON timeline', () => {
    expect(result.files.some((f) => f.endsWith('screenshot.png') && existsSync(f))).toBe(true);
    expect(result.files.some((f) => f.endsWith('timeline.json') && existsSync(f))).toBe(true);
  });
});
