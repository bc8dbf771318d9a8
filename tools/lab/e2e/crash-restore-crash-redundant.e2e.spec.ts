import { existsSync } from 'node:fs';
import type { ScenarioResult } from '../src/scenarios/run-scenario';
import { HLSJS_PATHWAY_PENALTY_MS } from '../src/scenarios/scenario-summary';
import { check, runWithChromium } from './e2e-support';

/**
 * The limitation of the redundant-manifest topology, measured: hls.js keeps a failed redundant variant
 * (pathway) out of use for 300 s, so after crash A, restore A, crash B it has nothing left and stops,
 * although A is live again.
 */
describe('crash A, restore A, crash B, redundant-manifest topology, hls.js in Chromium', () => {
  let result: ScenarioResult;
  beforeAll(async () => {
    result = await runWithChromium('crash-restore-crash-redundant');
  });

  it('plays MediaLive’s redundant manifests: pinned /a/ and /b/ URLs', () => {
    expect(result.summary.options.topology).toBe('redundant-manifests');
    const loaded = result.summary.timeline.filter((e) => e.event === 'frag-loaded');
    expect(loaded.some((e) => String(e['url']).includes('/a/live/'))).toBe(true);
  });

  it('the first failover works: a non-fatal 404 on A, then fragments from B', () => {
    expect(result.summary.player?.errors).toContainEqual(
      expect.objectContaining({
        code: 404,
        fatal: false,
        url: expect.stringContaining('/a/live/'),
      }),
    );
    expect(check(result.summary, 'the player moved to B after the first crash').ok).toBe(true);
  });

  it('after crash B hls.js fails fatally within the 300 s penalty although A is live again', () => {
    const crashB = result.summary.steps?.[2]?.atMs ?? Infinity;
    const crashA = result.summary.steps?.[0]?.atMs ?? 0;
    const fatal = result.summary.player?.errors.find((e) => e.fatal && e.atMs >= crashB);
    expect(fatal).toMatchObject({ code: 404, url: expect.stringContaining('/b/live/') });
    expect((fatal?.atMs ?? Infinity) - crashA).toBeLessThan(HLSJS_PATHWAY_PENALTY_MS);
    expect(result.summary.playlists.filter((p) => p.pipeline === 'a').map((p) => p.state)).toEqual([
      'live',
      'live',
    ]);
  });

  it('the page shows a banner for the fatal error', () => {
    expect(result.summary.page?.['fatal-banner']).toMatch(/fatal error.*levelLoadError 404/);
    expect(result.summary.ok).toBe(true);
  });

  it('records a screenshot and a JSON timeline', () => {
    expect(result.files.some((f) => f.endsWith('screenshot.png') && existsSync(f))).toBe(true);
    expect(result.files.some((f) => f.endsWith('timeline.json') && existsSync(f))).toBe(true);
  });
});
