import type { ScenarioResult } from '../src/scenarios/run-scenario';
import { runWithChromium } from './e2e-support';

describe('one pipeline, crash the rendition being played, with hls.js in Chromium', () => {
  let result: ScenarioResult;
  beforeAll(async () => {
    result = await runWithChromium('crash-rendition');
  });

  it('deletes the crashed rendition’s playlist within deadline + 1 s and leaves the other live', () => {
    const action = result.summary.action;
    expect(action.action).toBe('crash-rendition');
    const crashed = result.summary.playlists.find(
      (p) => action.action === 'crash-rendition' && p.rendition === action.rendition,
    );
    expect(crashed?.state).toBe('deleted');
    expect(
      (crashed?.deletedAtMs ?? Number.POSITIVE_INFINITY) - (crashed?.deadlineMs ?? 0),
    ).toBeLessThanOrEqual(1_000);
    expect(result.summary.playlists.filter((p) => p !== crashed).map((p) => p.state)).toEqual([
      'live',
    ]);
  });

  it('the player switches to the other rendition instead of freezing', () => {
    const action = result.summary.action;
    const crashedRendition = action.action === 'crash-rendition' ? action.rendition : '';
    const after = Object.keys(result.summary.player?.fragmentsAfterAction ?? {});
    expect(after.some((k) => !k.endsWith(`/${crashedRendition}`))).toBe(true);
    expect(result.summary.player?.longestStallAfterActionMs).toBeLessThanOrEqual(
      result.summary.targetDurationMs,
    );
    expect(result.summary.player?.frozenAtEndMs).toBeLessThan(result.summary.targetDurationMs);
  });
});
