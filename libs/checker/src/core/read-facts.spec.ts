import { parsePlaylist, type ParsedPlaylist } from '@hls-stale-guard/playlist';
import { FakeClock } from '../testing/fake-clock';
import { InMemoryPlaylistStore } from '../testing/in-memory-playlist-store';
import { FactsCache } from './facts-cache';
import { readFacts } from './read-facts';

const BUCKET = 'origin-a';
const KEY = 'live/ch1/720p.m3u8';
const T0 = Date.UTC(2026, 10, 20, 10, 0, 0);

/** An ffmpeg-style live playlist: PROGRAM-DATE-TIME on every segment (≈ 88 bytes a segment). */
function pdtPlaylist(segments: number, options: { endList?: boolean } = {}): string {
  const lines = [
    '#EXTM3U',
    '#EXT-X-VERSION:3',
    '#EXT-X-TARGETDURATION:2',
    '#EXT-X-MEDIA-SEQUENCE:1000',
  ];
  for (let i = 0; i < segments; i += 1) {
    lines.push(
      `#EXT-X-PROGRAM-DATE-TIME:${new Date(T0 + i * 2000).toISOString()}`,
      '#EXTINF:2.000000,',
      `segment_${1000 + i}.ts`,
    );
  }
  if (options.endList) lines.push('#EXT-X-ENDLIST');
  return `${lines.join('\n')}\n`;
}

/** `text` followed by a comment line that makes it exactly `bytes` long. */
function paddedTo(text: string, bytes: number): string {
  const padded = `${text}#${'x'.repeat(bytes - Buffer.byteLength(text) - 2)}\n`;
  expect(Buffer.byteLength(padded)).toBe(bytes);
  return padded;
}

function setup(body: string) {
  const clock = new FakeClock(T0);
  const store = new InMemoryPlaylistStore(() => clock.trueMs());
  const { etag } = store.put(BUCKET, KEY, body);
  const deps = { store, cache: new FactsCache() };
  return { store, etag, read: () => readFacts(deps, BUCKET, KEY, etag) };
}

function factsOf(result: Awaited<ReturnType<typeof readFacts>>): ParsedPlaylist {
  if (result.kind !== 'facts') throw new Error(`expected facts, got ${JSON.stringify(result)}`);
  return result.facts;
}

describe('readFacts: one GET for a playlist up to 16 KiB, a second for the tail of a larger one', () => {
  it('reads a 100-segment playlist (8.5 KiB) whole with one GET of bytes=0-16383', async () => {
    const body = pdtPlaylist(100);
    expect(Buffer.byteLength(body)).toBeGreaterThan(8 * 1024);
    expect(Buffer.byteLength(body)).toBeLessThan(16 * 1024);
    const s = setup(body);

    const facts = factsOf(await s.read());

    expect(s.store.calls.readRange).toBe(1);
    expect(s.store.rangeReads).toEqual([
      {
        bucket: BUCKET,
        key: KEY,
        start: 0,
        end: 16_383,
        etag: s.etag,
        bytes: Buffer.byteLength(body),
      },
    ]);
    expect(facts).toEqual(parsePlaylist(body));
    expect(facts).toMatchObject({ kind: 'media', segmentCount: 100, hasEndList: false });
  });

  it('reads a playlist of exactly 16 KiB with one GET', async () => {
    const body = paddedTo(pdtPlaylist(150), 16_384);
    const s = setup(body);

    const facts = factsOf(await s.read());

    expect(s.store.rangeReads.map((r) => r.bytes)).toEqual([16_384]);
    expect(facts).toEqual(parsePlaylist(body));
  });

  it('reads a playlist of 16 KiB + 1 byte with a second GET of its last 8 KiB', async () => {
    const body = paddedTo(pdtPlaylist(150, { endList: true }), 16_385);
    const s = setup(body);

    const facts = factsOf(await s.read());

    expect(
      s.store.rangeReads.map(({ start, end, etag, bytes }) => ({ start, end, etag, bytes })),
    ).toEqual([
      { start: 0, end: 16_383, etag: s.etag, bytes: 16_384 },
      { start: 16_385 - 8192, end: 16_384, etag: s.etag, bytes: 8192 },
    ]);
    expect(facts).toMatchObject({ kind: 'media', hasEndList: true, targetDurationMs: 2000 });
  });

  it.each([[false], [true]])(
    'reads a 10,000-segment playlist (ENDLIST: %p) with two GETs, 24 KiB in all, and the facts of the full parse',
    async (endList) => {
      const body = pdtPlaylist(10_000, { endList });
      const total = Buffer.byteLength(body);
      expect(total).toBeGreaterThan(800 * 1024);
      const s = setup(body);

      const facts = factsOf(await s.read());

      expect(s.store.calls.readRange).toBe(2);
      expect(s.store.rangeReads.map(({ start, end }) => [start, end])).toEqual([
        [0, 16_383],
        [total - 8192, total - 1],
      ]);
      expect(s.store.rangeReads.reduce((sum, r) => sum + r.bytes, 0)).toBe(24 * 1024);
      const full = parsePlaylist(body);
      expect(full.kind).toBe('media');
      if (full.kind !== 'media' || facts.kind !== 'media') throw new Error('not media');
      expect(facts).toMatchObject({
        playlistType: full.playlistType,
        targetDurationMs: full.targetDurationMs,
        mediaSequence: full.mediaSequence,
        hasEndList: endList,
        lastProgramDateTimeMs: full.lastProgramDateTimeMs,
      });
      expect(full.hasEndList).toBe(endList);
    },
  );

  it('sends If-Match on both GETs: an upload between them makes the read superseded, no facts kept', async () => {
    const s = setup(pdtPlaylist(1000));
    s.store.beforeOperation = (operation) => {
      if (operation === 'readRange' && s.store.calls.readRange === 2) {
        s.store.put(BUCKET, KEY, pdtPlaylist(1001));
      }
    };

    expect(await s.read()).toEqual({ kind: 'superseded', reason: 'etag-mismatch' });
    expect(s.store.rangeReads.map((r) => [r.etag, r.bytes])).toEqual([
      [s.etag, 16_384],
      [s.etag, 0],
    ]);
  });

  it('reads nothing again for a version whose facts it read before', async () => {
    const s = setup(pdtPlaylist(100));
    const first = await s.read();

    expect(await s.read()).toEqual(first);
    expect(s.store.calls.readRange).toBe(1);
  });
});
