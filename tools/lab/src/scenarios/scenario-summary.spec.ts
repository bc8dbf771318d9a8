import type { LabEvent } from '../lab-events';
import type { PlayerEvent, PlayerSample, PlayerTimeline } from '../player/player-timeline';
import { summarizeScenario, type PlaylistOutcome, type ScenarioRecord } from './scenario-summary';

const T0 = 1_000_000; // the action
const OPTIONS = {
  pipelines: 2 as const,
  targetDurationS: 2,
  multiple: 1.5,
  encoder: 'synthetic',
  checker: true,
};

const outcome = (id: string, fields: Partial<PlaylistOutcome> = {}): PlaylistOutcome => {
  const [pipeline, rendition] = id.split('/') as ['a' | 'b', string];
  return { id, pipeline, rendition, key: `live/${rendition}/index.m3u8`, state: 'live', ...fields };
};

/** A crashed playlist: last written 500 ms before the crash, deleted `lagMs` after its deadline. */
const deleted = (id: string, lagMs: number): PlaylistOutcome =>
  outcome(id, {
    state: 'deleted',
    lastPutAtMs: T0 - 500,
    deadlineMs: T0 + 2_500,
    checkerDeadlineMs: T0 + 2_490,
    deletedAtMs: T0 + 2_500 + lagMs,
    lagMs,
  });

/** Playback at 1× from T0 − 10 s to T0 + 10 s, with an optional stall [from, to) relative to T0. */
function playback(stall?: [number, number], fragments: PlayerEvent[] = []): PlayerTimeline {
  const samples: PlayerSample[] = [];
  let ct = 5;
  for (let t = T0 - 10_000; t <= T0 + 10_000; t += 100) {
    const stalled = stall !== undefined && t >= T0 + stall[0] && t < T0 + stall[1];
    if (!stalled) ct += 0.1;
    samples.push({ t, ct, buf: 3, paused: false, ended: false });
  }
  return { events: fragments, samples };
}

const frag = (t: number, path: string): PlayerEvent => ({
  t: T0 + t,
  type: 'frag-loaded',
  url: `http://127.0.0.1:8787${path}`,
});

const crashRecord = (fields: Partial<ScenarioRecord> = {}): ScenarioRecord => ({
  scenario: 'crash-pipeline',
  options: OPTIONS,
  startedAtMs: T0 - 12_000,
  actionAtMs: T0,
  endedAtMs: T0 + 10_000,
  action: { action: 'crash-pipeline', pipeline: 'a' },
  targets: ['a/180p', 'a/90p'],
  playlists: [deleted('a/180p', 40), deleted('a/90p', 60), outcome('b/180p'), outcome('b/90p')],
  labEvents: [],
  edgeProbes: [
    { path: '/live/180p/index.m3u8', status: 200, servedBy: 'b', failover: 'a:404' },
    { path: '/a/live/180p/index.m3u8', status: 404, servedBy: 'a' },
  ],
  player: playback(undefined, [
    frag(-4_000, '/a/live/180p/seg-1.ts'),
    frag(3_800, '/b/live/180p/seg-5.ts'),
  ]),
  ...fields,
});

const failed = (record: ScenarioRecord) =>
  summarizeScenario(record)
    .checks.filter((c) => !c.ok)
    .map((c) => c.name);

describe('crash-pipeline summary', () => {
  it('passes when A is deleted within its deadline + 1 s and the player plays on from B', () => {
    const summary = summarizeScenario(crashRecord());
    expect(summary.checks.filter((c) => !c.ok)).toEqual([]);
    expect(summary.ok).toBe(true);
    expect(summary.player).toMatchObject({
      fragmentsBeforeAction: { 'a/180p': 1 },
      fragmentsAfterAction: { 'b/180p': 1 },
      firstSwitchedFragmentAfterActionMs: 3_800,
      firstSwitchedFragmentAfterDeleteMs: 3_800 - 2_540,
      longestStallAfterActionMs: 0,
    });
  });

  it('fails when a deletion comes more than 1 s after the deadline', () => {
    const record = crashRecord({
      playlists: [
        deleted('a/180p', 1_200),
        deleted('a/90p', 60),
        outcome('b/180p'),
        outcome('b/90p'),
      ],
    });
    expect(failed(record)).toEqual(['deleted within deadline + 1000 ms']);
  });

  it('fails when a playlist is deleted before the checker’s deadline', () => {
    const early = { ...deleted('a/180p', 0), deletedAtMs: T0 + 2_400 };
    const record = crashRecord({
      playlists: [early, deleted('a/90p', 60), outcome('b/180p'), outcome('b/90p')],
    });
    expect(failed(record)).toEqual(['never deleted before the deadline']);
  });

  it('fails when the other pipeline was touched', () => {
    const record = crashRecord({
      playlists: [
        deleted('a/180p', 40),
        deleted('a/90p', 60),
        outcome('b/180p', { state: 'stale' }),
        outcome('b/90p'),
      ],
    });
    expect(failed(record)).toEqual(['the other playlists stayed live']);
  });

  it('fails when playback stalls longer than one target duration', () => {
    const record = crashRecord({
      player: playback(
        [3_000, 5_500],
        [frag(-4_000, '/a/live/180p/seg-1.ts'), frag(5_400, '/b/live/180p/seg-5.ts')],
      ),
    });
    expect(failed(record)).toEqual([
      'currentTime kept advancing',
      'no stall longer than one target duration (2000 ms)',
    ]);
  });

  it('fails when the player never loads from the other pipeline', () => {
    const record = crashRecord({
      player: playback(undefined, [frag(-4_000, '/a/live/180p/seg-1.ts')]),
    });
    expect(failed(record)).toEqual(['the player moved to the other pipeline']);
  });

  it('merges lab and player events into one timeline relative to the action', () => {
    const labEvent = {
      id: 1,
      atMs: T0 + 2_540,
      component: 'lab',
      type: 'log',
      level: 'info',
      message: 'x',
    } as LabEvent;
    const { timeline } = summarizeScenario(crashRecord({ labEvents: [labEvent] }));
    expect(timeline.map((e) => [e.tMs, e.source, e.event])).toEqual([
      [-4_000, 'player (hls.js)', 'frag-loaded'],
      [2_540, 'lab', 'log'],
      [3_800, 'player (hls.js)', 'frag-loaded'],
    ]);
  });
});

describe('stale-freeze summary (the control case)', () => {
  const freezeRecord = (frozenFromMs: number, fragments: PlayerEvent[] = []): ScenarioRecord => ({
    ...crashRecord(),
    scenario: 'stale-freeze',
    options: { ...OPTIONS, checker: false },
    playlists: [
      outcome('a/180p', { state: 'stale' }),
      outcome('a/90p', { state: 'stale' }),
      outcome('b/180p'),
      outcome('b/90p'),
    ],
    edgeProbes: [{ path: '/a/live/180p/index.m3u8', status: 200, servedBy: 'a' }],
    player: playback([frozenFromMs, 20_000], fragments),
  });

  it('passes when nothing is deleted, the stale 200 stays, and the player freezes for > 4 target durations', () => {
    expect(failed(freezeRecord(1_000))).toEqual([]);
  });

  it('fails when the freeze is shorter than 4 target durations', () => {
    expect(failed(freezeRecord(4_000))).toEqual(['the player froze for more than 8000 ms']);
  });

  it('fails when the player moved to B (then it did not freeze on the stale 200)', () => {
    expect(failed(freezeRecord(1_000, [frag(2_000, '/b/live/180p/seg-4.ts')]))).toEqual([
      'no failover happened',
    ]);
  });
});

describe('end-stream summary', () => {
  const kept = (pipeline: string, rendition: string): LabEvent =>
    ({
      id: 1,
      atMs: T0 + 100,
      component: 'lab',
      type: 'checker-decision',
      bucket: `lab-origin-${pipeline}`,
      key: `live/${rendition}/index.m3u8`,
      verdict: 'kept',
      reason: 'endlist',
    }) as LabEvent;
  const endRecord = (fields: Partial<ScenarioRecord> = {}): ScenarioRecord => ({
    ...crashRecord(),
    scenario: 'end-stream',
    action: { action: 'end' },
    targets: ['a/180p', 'b/180p'],
    playlists: [outcome('a/180p', { state: 'ended' }), outcome('b/180p', { state: 'ended' })],
    labEvents: [kept('a', '180p'), kept('b', '180p')],
    edgeProbes: [
      { path: '/a/live/180p/index.m3u8', status: 200, endList: true },
      { path: '/b/live/180p/index.m3u8', status: 200, endList: true },
    ],
    player: { ...playback(), events: [{ t: T0 + 8_000, type: 'ended' }] },
    ...fields,
  });

  it('passes when nothing is deleted, every playlist keeps its ENDLIST and the player reaches the end', () => {
    expect(failed(endRecord())).toEqual([]);
  });

  it('fails when a playlist with ENDLIST was deleted or not kept', () => {
    const record = endRecord({
      playlists: [
        outcome('a/180p', { state: 'deleted', deletedAtMs: T0 + 3_000 }),
        outcome('b/180p', { state: 'ended' }),
      ],
      labEvents: [kept('b', '180p')],
    });
    expect(failed(record)).toEqual([
      'nothing was deleted',
      'the checker kept every ended playlist (reason endlist)',
    ]);
  });

  it('fails when the player never reaches the end', () => {
    expect(failed(endRecord({ player: playback() }))).toEqual(['the player reached the end']);
  });
});

describe('crash-restore-crash summary (origin group)', () => {
  const deletion = (pipeline: 'a' | 'b', atMs: number): LabEvent => ({
    id: atMs,
    atMs,
    component: 'stale-checker (same code as the Lambda)',
    type: 'checker-decision',
    bucket: `lab-origin-${pipeline}`,
    key: 'live/180p/index.m3u8',
    verdict: 'deleted',
  });
  const served = (t: number, pipeline: 'a' | 'b'): PlayerEvent => ({
    ...frag(t, `/live/180p/seg-${t}.ts`),
    servedBy: pipeline,
  });
  const record = (fields: Partial<ScenarioRecord> = {}): ScenarioRecord =>
    crashRecord({
      scenario: 'crash-restore-crash',
      options: { ...OPTIONS, topology: 'origin-group' },
      steps: [
        { control: { action: 'crash-pipeline', pipeline: 'a' }, atMs: T0 },
        { control: { action: 'restore' }, atMs: T0 + 4_000 },
        { control: { action: 'crash-pipeline', pipeline: 'b' }, atMs: T0 + 7_000 },
      ],
      playlists: [outcome('a/180p'), outcome('b/180p', { state: 'deleted' })],
      labEvents: [deletion('a', T0 + 2_600), deletion('b', T0 + 9_600)],
      edgeProbes: [{ path: '/live/180p/index.m3u8', status: 200, servedBy: 'a' }],
      player: playback(undefined, [
        served(-2_000, 'a'),
        served(3_000, 'b'),
        served(5_000, 'a'),
        served(9_000, 'a'),
      ]),
      ...fields,
    });

  it('passes when both crashes deleted their playlists and the player played on from the other one', () => {
    const summary = summarizeScenario(record());
    expect(summary.checks.filter((c) => !c.ok)).toEqual([]);
    expect(summary.player?.failovers).toEqual([
      expect.objectContaining({ from: 'a', failoverMs: 400, longestStallMs: 0 }),
      // The origin group had already brought the player back to A: its A fragment precedes B's delete.
      expect.objectContaining({ from: 'b', failoverMs: -600 }),
    ]);
  });

  it('fails on a fatal error, a stall, or a second crash after 60 s', () => {
    const fatal: PlayerEvent = { t: T0 + 9_700, type: 'error', fatal: true, code: 404 };
    const broken = record({
      steps: [
        { control: { action: 'crash-pipeline', pipeline: 'a' }, atMs: T0 },
        { control: { action: 'restore' }, atMs: T0 + 4_000 },
        { control: { action: 'crash-pipeline', pipeline: 'b' }, atMs: T0 + 61_000 },
      ],
      player: playback([6_000, 9_000], [served(3_000, 'b'), served(5_000, 'a'), fatal]),
    });
    expect(failed(broken)).toEqual([
      'the second crash came within 60 s of the first',
      "pipeline B's playlists were deleted after its crash",
      'the player moved to B after crash A, and back to A after crash B',
      'no fatal error',
      'currentTime kept advancing',
      'no stall longer than one target duration (2000 ms)',
    ]);
  });

  it('in the redundant-manifest topology the expected outcome is hls.js’s fatal error, with its banner', () => {
    const fatal: PlayerEvent = { t: T0 + 9_700, type: 'error', fatal: true, code: 404 };
    const redundant = (events: PlayerEvent[], banner: string) =>
      record({
        scenario: 'crash-restore-crash-redundant',
        options: { ...OPTIONS, topology: 'redundant-manifests' },
        player: playback(undefined, events),
        page: { 'fatal-banner': banner },
      });
    expect(
      failed(redundant([served(3_000, 'b'), fatal], 'Player stopped (fatal error) …')),
    ).toEqual([]);
    expect(failed(redundant([served(3_000, 'b')], ''))).toEqual([
      'hls.js fails fatally after the second crash, A still in its 300 s penalty box',
      'the page shows the fatal-error banner',
    ]);
  });
});

describe('channel-down summary', () => {
  const record = (fields: Partial<ScenarioRecord> = {}): ScenarioRecord =>
    crashRecord({
      scenario: 'channel-down',
      steps: [
        { control: { action: 'crash-pipeline', pipeline: 'a' }, atMs: T0 },
        { control: { action: 'crash-pipeline', pipeline: 'b' }, atMs: T0 },
        { control: { action: 'restore' }, atMs: T0 + 5_000 },
      ],
      playlists: [outcome('a/180p'), outcome('b/180p')],
      labEvents: (['a', 'b'] as const).map((pipeline, i) => ({
        id: i,
        atMs: T0 + 3_000 + i,
        component: 'stale-checker (same code as the Lambda)' as const,
        type: 'checker-decision' as const,
        bucket: `lab-origin-${pipeline}`,
        key: 'live/180p/index.m3u8',
        verdict: 'deleted',
      })),
      channel: {
        state: 'up',
        lastOutage: { downAtMs: T0 + 3_001, recoveredAtMs: T0 + 5_300, outageMs: 2_299 },
      },
      page: {
        'channel-down': 'Channel down since 12:00:03 UTC: …',
        'channel-recovered': 'Channel recovered at 12:00:05 UTC after an outage of 2.3 s (…)',
      },
      ...fields,
    });

  it('passes when every copy was deleted and the page said down, then recovered with the outage', () => {
    expect(failed(record())).toEqual([]);
  });

  it('fails when the page never said so or the channel did not recover', () => {
    expect(failed(record({ page: {}, channel: { state: 'down', downSinceMs: T0 } }))).toEqual([
      'the channel recovered after the restore, with its outage time',
      'the page said "channel down" during the outage',
      'the page said "recovered" with the outage time after the restore',
    ]);
  });
});
