import { existsSync } from 'node:fs';
import type { ScenarioResult } from '../src/scenarios/run-scenario';
import { check, runWithChromium } from './e2e-support';

describe('crash both pipelines, then restore, hls.js in Chromium', () => {
  let result: ScenarioResult;
  beforeAll(async () => {
    result = await runWithChromium('channel-down');
  });

  it('deletes every copy of every media playlist (the checker’s default: delete)', () => {
    expect(result.summary.playlists.every((p) => p.deletedAtMs !== undefined)).toBe(true);
  });

  it('the page says "channel down" while every copy is deleted', () => {
    expect(result.summary.page?.['channel-down']).toMatch(/^Channel down since \d\d:\d\d:\d\d UTC/);
    expect(check(result.summary, 'the page said "channel down" during the outage').ok).toBe(true);
  });

  it('hls.js stops with a fatal levelLoadError 404 once every copy is deleted, and the page says so', () => {
    const lastDelete = Math.max(...result.summary.playlists.map((p) => p.deletedAtMs ?? 0));
    const fatal = result.summary.player?.errors.find((e) => e.fatal);
    expect(fatal).toMatchObject({ details: 'levelLoadError', code: 404 });
    expect(fatal?.atMs).toBeGreaterThanOrEqual(lastDelete);
    expect(result.summary.page?.['fatal-banner']).toMatch(/fatal error/);
  });

  it('after the restore the page says "recovered" with the outage time', () => {
    const outage = result.summary.channel?.lastOutage;
    expect(outage?.outageMs).toBeGreaterThan(0);
    expect(result.summary.page?.['channel-recovered']).toContain(
      `outage of ${((outage?.outageMs ?? 0) / 1000).toFixed(1)} s`,
    );
    expect(result.summary.ok).toBe(true);
  });

  it('records a screenshot and a JSON timeline', () => {
    expect(result.files.some((f) => f.endsWith('screenshot.png') && existsSync(f))).toBe(true);
    expect(result.files.some((f) => f.endsWith('timeline.json') && existsSync(f))).toBe(true);
  });
});
