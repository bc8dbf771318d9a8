import { existsSync, readFileSync } from 'node:fs';
import type { ScenarioResult } from '../src/scenarios/run-scenario';
import { check, runWithChromium } from './e2e-support';

describe('crash pipeline A (SIGKILL-style: no ENDLIST) with hls.js in Chromium, origin-group topology', () => {
  let result: ScenarioResult;
  /** The pipeline the player was on (the scenario crashes whichever it plays) and the other one. */
  let crashed: string;
  let other: string;
  beforeAll(async () => {
    result = await runWithChromium('crash-pipeline');
    const { action } = result.summary;
    crashed = action.action === 'crash-pipeline' ? action.pipeline : '';
    other = crashed === 'a' ? 'b' : 'a';
  });

  it('the player started on pipeline A, the first in the master playlist', () => {
    expect(crashed).toBe('a');
  });

  it('deletes the crashed pipeline’s playlists no earlier than their deadline, within deadline + 1 s', () => {
    const stale = result.summary.playlists.filter((p) => p.pipeline === crashed);
    expect(stale.map((p) => p.state)).toEqual(['deleted', 'deleted']);
    for (const playlist of stale) {
      expect(playlist.deletedAtMs).toBeGreaterThanOrEqual(
        playlist.checkerDeadlineMs ?? Number.POSITIVE_INFINITY,
      );
      expect(
        (playlist.deletedAtMs ?? Number.POSITIVE_INFINITY) - (playlist.deadlineMs ?? 0),
      ).toBeLessThanOrEqual(1_000);
    }
    const survivors = result.summary.playlists.filter((p) => p.pipeline === other);
    expect(survivors.map((p) => p.state)).toEqual(['live', 'live']);
  });

  it('plays the topology infra deploys: one origin-group URL per rendition, no error reaches hls.js', () => {
    expect(result.summary.options.topology).toBe('origin-group');
    const loaded = result.summary.timeline.filter((e) => e.event === 'frag-loaded');
    expect(loaded.length).toBeGreaterThan(0);
    expect(loaded.filter((e) => /\/[ab]\/live\//.test(String(e['url'])))).toEqual([]);
    expect(result.summary.player?.errors).toEqual([]);
  });

  it('the player keeps playing from the other pipeline: the edge serves its fragments from B', () => {
    const before = Object.keys(result.summary.player?.fragmentsBeforeAction ?? {});
    const after = Object.keys(result.summary.player?.fragmentsAfterAction ?? {});
    expect(before.some((k) => k.startsWith(`${crashed}/`))).toBe(true);
    expect(after.some((k) => k.startsWith(`${other}/`))).toBe(true);
    expect(check(result.summary, 'the player moved to the other pipeline').ok).toBe(true);
  });

  it('currentTime keeps advancing, with no stall longer than one target duration', () => {
    const player = result.summary.player;
    const tdMs = result.summary.targetDurationMs;
    const watchedS = (result.summary.timeline.at(-1)?.tMs ?? 0) / 1000;
    expect(player?.advancedS).toBeGreaterThan(watchedS - tdMs / 1000);
    expect(player?.longestStallAfterActionMs).toBeLessThanOrEqual(tdMs);
  });

  it('the origin group answers the crashed pipeline’s URL with the other pipeline’s playlist', () => {
    expect(check(result.summary, 'the origin group answers with the other pipeline').ok).toBe(true);
  });

  it('records a screenshot and a JSON timeline: kill time, deadlines, delete times, player events', () => {
    const [timelineFile, ...rest] = result.files.filter((f) => f.endsWith('.json'));
    expect(rest).toEqual([]);
    expect(result.files.some((f) => f.endsWith('screenshot.png') && existsSync(f))).toBe(true);
    const saved = JSON.parse(readFileSync(timelineFile ?? '', 'utf8')) as typeof result.summary;
    expect(saved.action).toMatchObject({
      action: 'crash-pipeline',
      pipeline: crashed,
      atMs: expect.any(Number),
    });
    expect(saved.playlists.find((p) => p.pipeline === crashed)).toMatchObject({
      deadlineMs: expect.any(Number),
      deletedAtMs: expect.any(Number),
    });
    expect(
      saved.timeline.some((e) => e.source === 'player (hls.js)' && e.event === 'frag-loaded'),
    ).toBe(true);
  });
});
