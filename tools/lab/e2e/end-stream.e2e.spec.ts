import type { ScenarioResult } from '../src/scenarios/run-scenario';
import { check, runWithChromium } from './e2e-support';

describe('end the stream gracefully (ENDLIST) with hls.js in Chromium', () => {
  let result: ScenarioResult;
  beforeAll(async () => {
    result = await runWithChromium('end-stream');
  });

  it('deletes nothing, long after the deadlines the live versions had', () => {
    expect(result.summary.playlists.filter((p) => p.deletedAtMs !== undefined)).toEqual([]);
    expect(result.summary.playlists.map((p) => p.state)).toEqual([
      'ended',
      'ended',
      'ended',
      'ended',
    ]);
  });

  it('every media playlist is still served, ending with #EXT-X-ENDLIST, and the checker kept it', () => {
    expect(result.summary.edge.map((p) => [p.status, p.endList])).toEqual([
      [200, true],
      [200, true],
      [200, true],
      [200, true],
    ]);
    expect(
      check(result.summary, 'the checker kept every ended playlist (reason endlist)'),
    ).toMatchObject({ ok: true });
  });

  it('the player plays to the end', () => {
    expect(result.summary.player?.ended).toBe(true);
    expect(result.summary.player?.advancedS).toBeGreaterThan(0);
  });
});
