import { InMemoryMetricsSink } from '@hls-stale-guard/metrics';
import {
  audit,
  auditRedundancy,
  auditStateOf,
  describeRedundancy,
  renditionsOf,
  type AuditState,
} from './audit';
import { createChecker } from './create-checker';
import type { CheckerConfig } from './load-config';
import { FakeClock } from './testing/fake-clock';
import { InMemoryPlaylistStore } from './testing/in-memory-playlist-store';
import { RecordingLogger } from './testing/recording-logger';
import { livePlaylist, MASTER_PLAYLIST, SIM_BUCKET, simConfig } from './testing/simulated-origin';
import { InMemoryPlaylistRegistry } from './registry/in-memory-playlist-registry';

const T0 = Date.parse('2026-11-26T10:00:00.000Z');

function harness(config: Partial<CheckerConfig> = {}) {
  const clock = new FakeClock(T0);
  const store = new InMemoryPlaylistStore(() => clock.trueMs());
  const { deps } = createChecker({
    registry: new InMemoryPlaylistRegistry(),
    config: simConfig(config),
    store,
    queue: { postpone: async () => {} },
    metrics: new InMemoryMetricsSink(),
    clock,
    logger: new RecordingLogger(),
  });
  return { clock, store, deps };
}

/** A live playlist over 24 KiB with ENDLIST in the middle, where the head/tail read cannot see it. */
function endListInTheMiddle(): string {
  const segments = (from: number) =>
    Array.from({ length: 600 }, (_, i) => [
      '#EXTINF:2.000,',
      `segment_${String(from + i).padStart(8, '0')}.ts`,
    ]).flat();
  return [
    '#EXTM3U',
    '#EXT-X-TARGETDURATION:2',
    '#EXT-X-MEDIA-SEQUENCE:0',
    ...segments(0),
    '#EXT-X-ENDLIST',
    ...segments(600),
    '',
  ].join('\n');
}

describe('auditStateOf: the audit state from judgeVersion', () => {
  const facts = { targetDurationMs: 2000 } as never;
  it('is live before one TARGETDURATION has passed, overdue after, stale past the deadline', () => {
    const live = { kind: 'live', facts, deadlineMs: 3000 } as const;
    expect(auditStateOf(live, 0, 1500)).toEqual({ state: 'live', deadlineMs: 3000 });
    expect(auditStateOf(live, 0, 2500)).toEqual({ state: 'overdue', deadlineMs: 3000, byMs: 500 });
    expect(auditStateOf(live, 0, 3000)).toMatchObject({ state: 'overdue' });
    expect(auditStateOf(live, 0, 3042)).toEqual({ state: 'stale', deadlineMs: 3000, byMs: 42 });
  });
  it('calls ENDLIST ended and keeps the other never-stale reasons', () => {
    const never = (reason: 'endlist' | 'vod' | 'master' | 'invalid' | 'too-large') =>
      auditStateOf({ kind: 'never-stale', reason, detail: 'why' }, 0, 99_999).state;
    expect(never('endlist')).toBe('ended');
    expect(never('vod')).toBe('vod');
    expect(never('master')).toBe('master');
    expect(never('invalid')).toBe('invalid');
    expect(never('too-large')).toBe('too-large');
  });
});

describe('audit: the checker’s own rule, read and check over a prefix', () => {
  const put = (h: ReturnType<typeof harness>) => {
    h.store.put(SIM_BUCKET, 'live/stale/720p.m3u8', livePlaylist({ mediaSequence: 0 }));
    h.store.put(
      SIM_BUCKET,
      'live/ended/720p.m3u8',
      livePlaylist({ mediaSequence: 0, endList: true }),
    );
    h.store.put(
      SIM_BUCKET,
      'live/vod/720p.m3u8',
      livePlaylist({ mediaSequence: 0, playlistType: 'VOD' }),
    );
    h.store.put(SIM_BUCKET, 'live/master.m3u8', MASTER_PLAYLIST);
    h.store.put(SIM_BUCKET, 'live/garbage.m3u8', '<html>oops</html>');
    h.store.put(SIM_BUCKET, 'live/hidden-end/720p.m3u8', endListInTheMiddle());
    h.store.put(SIM_BUCKET, 'live/stale/seg.ts', 'x');
    h.clock.advanceTo(T0 + 10_000);
    h.store.put(SIM_BUCKET, 'live/fresh/720p.m3u8', livePlaylist({ mediaSequence: 9 }));
  };
  const states = (entries: Array<{ key: string; state: string }>) =>
    Object.fromEntries(entries.map((e) => [e.key, e.state]));

  it('reports every playlist’s verdict and deletes nothing without `delete`, even if the checker is not in dry-run', async () => {
    const h = harness({ dryRun: false });
    put(h);
    const summary = await audit(h.deps, { bucket: SIM_BUCKET, prefix: 'live/', delete: false });
    expect(states(summary.entries)).toEqual({
      'live/stale/720p.m3u8': 'stale',
      'live/ended/720p.m3u8': 'ended',
      'live/vod/720p.m3u8': 'vod',
      'live/master.m3u8': 'master',
      'live/garbage.m3u8': 'invalid',
      'live/hidden-end/720p.m3u8': 'kept',
      'live/fresh/720p.m3u8': 'live',
    });
    expect(summary).toMatchObject({ scanned: 8, playlists: 7 });
    expect(h.store.deletions).toHaveLength(0);
  });

  it('with `delete`, deletes only the stale playlist through the conditional check', async () => {
    const h = harness();
    put(h);
    const summary = await audit(h.deps, { bucket: SIM_BUCKET, prefix: 'live/', delete: true });
    expect(states(summary.entries)['live/stale/720p.m3u8']).toBe('deleted');
    expect(h.store.deletions.map((d) => d.key)).toEqual(['live/stale/720p.m3u8']);
    expect(summary.counts).toMatchObject({ deleted: 1, kept: 1, live: 1 });
  });

  it('follows ListObjectsV2 pagination', async () => {
    const h = harness();
    for (let i = 0; i < 1005; i += 1) {
      h.store.put(
        SIM_BUCKET,
        `live/ch${String(i).padStart(4, '0')}/a.m3u8`,
        livePlaylist({ mediaSequence: i }),
      );
    }
    const summary = await audit(h.deps, { bucket: SIM_BUCKET, prefix: 'live/', delete: false });
    expect(summary.playlists).toBe(1005);
    expect(h.store.calls.list).toBe(2);
  });
});

describe('auditRedundancy: each rendition’s state across the pipelines', () => {
  const pipelines = [
    { name: 'a', bucket: 'origin', prefix: 'pipeline-a/' },
    { name: 'b', bucket: 'origin', prefix: 'pipeline-b/' },
  ];
  const config = { scope: { buckets: ['origin'], prefixes: [''] }, pipelines };

  it('says live on a, b / failed over to b / down, and leaves masters and ended playlists out', async () => {
    const h = harness(config);
    const put = (pipeline: 'a' | 'b', key: string, body: string) =>
      h.store.put('origin', `pipeline-${pipeline}/${key}`, body);
    // Written at T0, stale by T0 + 10 s (TARGETDURATION 2 s): A's 1080p and both 360p.
    put('a', 'live/ch1/1080p.m3u8', livePlaylist({ mediaSequence: 0 }));
    put('a', 'live/ch1/360p.m3u8', livePlaylist({ mediaSequence: 0 }));
    put('b', 'live/ch1/360p.m3u8', livePlaylist({ mediaSequence: 0 }));
    put('a', 'live/master.m3u8', MASTER_PLAYLIST);
    put('a', 'live/ended/720p.m3u8', livePlaylist({ mediaSequence: 0, endList: true }));
    h.clock.advanceTo(T0 + 10_000);
    put('a', 'live/ch1/720p.m3u8', livePlaylist({ mediaSequence: 5 }));
    put('b', 'live/ch1/720p.m3u8', livePlaylist({ mediaSequence: 5 }));
    put('b', 'live/ch1/1080p.m3u8', livePlaylist({ mediaSequence: 5 }));

    const result = await auditRedundancy(h.deps, { pipelines, prefix: 'live/', delete: false });

    expect(result.pipelines.map((p) => [p.pipeline, p.bucket, p.prefix])).toEqual([
      ['a', 'origin', 'pipeline-a/live/'],
      ['b', 'origin', 'pipeline-b/live/'],
    ]);
    expect(result.renditions.map((r) => [r.renditionId, r.description])).toEqual([
      ['live/ch1/1080p.m3u8', 'failed over to b'],
      ['live/ch1/360p.m3u8', 'down'],
      ['live/ch1/720p.m3u8', 'live on a, b'],
    ]);
    expect(result.renditions[0]?.copies).toEqual({ a: 'stale', b: 'live' });
    expect(result.counts).toEqual({ healthy: 1, 'failed-over': 1, down: 1 });
  });

  it('counts a pipeline without the rendition as a lost copy', () => {
    const summary = (bucket: string, entries: Array<{ key: string; state: AuditState }>) => ({
      bucket,
      prefix: '',
      scanned: entries.length,
      playlists: entries.length,
      counts: {},
      entries: entries.map((e) => ({ ...e, ageMs: 0 })),
    });
    const twoBuckets = [
      { name: 'a', bucket: 'origin-a', prefix: '' },
      { name: 'b', bucket: 'origin-b', prefix: '' },
    ];
    const renditions = renditionsOf(twoBuckets, [
      summary('origin-a', [
        { key: 'x.m3u8', state: 'live' },
        { key: 'gone.m3u8', state: 'deleted' },
      ]),
      summary('origin-b', [{ key: 'master.m3u8', state: 'master' }]),
    ]);
    expect(renditions.map((r) => [r.renditionId, r.state, r.copies])).toEqual([
      ['gone.m3u8', 'down', { a: 'deleted', b: 'missing' }],
      ['x.m3u8', 'failed-over', { a: 'live', b: 'missing' }],
    ]);
  });

  it.each([
    ['healthy', ['a', 'b'], 'live on a, b'],
    ['recovered', ['a'], 'live on a'],
    ['failed-over', ['b'], 'failed over to b'],
    ['down', [], 'down'],
  ] as const)('describes %s with live %p as %p', (state, live, text) => {
    expect(describeRedundancy(state, live)).toBe(text);
  });
});
