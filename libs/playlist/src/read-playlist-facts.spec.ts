import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fixtureBytes, fixtureText } from '../test/fixtures';
import { boundedReadCost, headTailOf } from './bounded-read';
import { buildMediaPlaylist, ffmpegStyleSpec } from '../test/playlist-generator';
import { parsePlaylist } from './parse-playlist';
import {
  PLAYLIST_HEAD_BYTES,
  PLAYLIST_HEAD_RANGE,
  PLAYLIST_TAIL_BYTES,
  PLAYLIST_TAIL_RANGE,
  playlistTailRange,
  readPlaylistFacts,
} from './read-playlist-facts';
import type { ParsedPlaylist } from './types';

/** The fields a verdict depends on. */
function verdictFields(parsed: ParsedPlaylist) {
  if (parsed.kind !== 'media') return { kind: parsed.kind };
  const { kind, playlistType, targetDurationMs, partTargetMs, hasEndList } = parsed;
  return { kind, playlistType, targetDurationMs, partTargetMs, hasEndList };
}

function reasonOf(parsed: ParsedPlaylist): string {
  if (parsed.kind !== 'invalid') throw new Error(`expected invalid, got ${JSON.stringify(parsed)}`);
  return parsed.reason;
}

/** A live playlist with `segments` segments whose header is preceded by `paddingBytes` of comments. */
function padded(paddingBytes: number, segments = 400): string {
  const padding = '# padding to move the header\n'.repeat(Math.ceil(paddingBytes / 29));
  return buildMediaPlaylist(ffmpegStyleSpec(segments)).replace('#EXTM3U\n', `#EXTM3U\n${padding}`);
}

/** Exactly `bytes` ASCII bytes of segments and a comment, ending with a newline. */
function exactFill(bytes: number): string {
  const segment = '#EXTINF:2.000,\nfill.ts\n';
  const segments = segment.repeat(Math.floor((bytes - 2) / segment.length));
  return `${segments}#${'x'.repeat(bytes - segments.length - 2)}\n`;
}

/** Pads `text` (a header comment, a trailing comment) until both range boundaries cut a 4-byte emoji. */
function withCutCharacters(text: string): string {
  const lines = text.split('\n');
  for (let headPad = 0; headPad < 64; headPad++) {
    const shifted = [lines[0], `#${'h'.repeat(headPad)}`, ...lines.slice(1)].join('\n');
    if (!headTailOf(shifted).head.endsWith('\uFFFD')) continue;
    for (let tailPad = 0; tailPad < 64; tailPad++) {
      const candidate = `${shifted}#${'t'.repeat(tailPad)}\n`;
      if (headTailOf(candidate).tail.startsWith('\uFFFD')) return candidate;
    }
  }
  throw new Error('no padding cuts a multibyte character at both boundaries');
}

describe('bounded read contract', () => {
  it('reads the first 16 KiB, then the last 8 KiB of a larger playlist: 24 KiB at most, two GETs', () => {
    expect(PLAYLIST_HEAD_BYTES).toBe(16_384);
    expect(PLAYLIST_TAIL_BYTES).toBe(8192);
    expect(PLAYLIST_HEAD_RANGE).toBe('bytes=0-16383');
    expect(PLAYLIST_TAIL_RANGE).toBe('bytes=-8192');
    expect(boundedReadCost(20_000_000)).toEqual({ gets: 2, bytes: 24 * 1024 });
  });

  it('a 100-segment playlist (8.5 KiB) is whole in the first GET: no second GET, the facts of the full parse', () => {
    const text = buildMediaPlaylist(ffmpegStyleSpec(100));
    const bytes = Buffer.from(text, 'utf8');
    expect(bytes.length).toBeGreaterThan(8 * 1024);
    const head = bytes.subarray(0, PLAYLIST_HEAD_BYTES).toString('utf8');

    expect(playlistTailRange(head, bytes.length)).toBeUndefined();
    expect(readPlaylistFacts({ head, tail: '', totalBytes: bytes.length })).toEqual(
      parsePlaylist(text),
    );
    expect(boundedReadCost(bytes.length)).toEqual({ gets: 1, bytes: bytes.length });
  });

  it('one GET up to exactly 16 KiB; from 16 KiB + 1 byte on, a second GET of the last 8 KiB', () => {
    const ascii = (bytes: number) => '#'.repeat(bytes);

    expect(playlistTailRange(ascii(16_384), 16_384)).toBeUndefined();
    expect(playlistTailRange(ascii(16_384), 16_385)).toEqual({ start: 8193, end: 16_384 });
    expect(playlistTailRange(ascii(16_384), 881_000)).toEqual({ start: 872_808, end: 880_999 });
  });

  it('a first answer that holds the whole object (a server that ignored the Range) needs no second GET', () => {
    const text = buildMediaPlaylist({ ...ffmpegStyleSpec(5000), endList: true });
    const totalBytes = Buffer.byteLength(text);

    expect(playlistTailRange(text, totalBytes)).toBeUndefined();
    expect(readPlaylistFacts({ head: text, tail: '', totalBytes })).toEqual(parsePlaylist(text));
  });

  it('a first answer shorter than an object of at most 16 KiB gets no second GET and is never judged whole', () => {
    const text = buildMediaPlaylist(ffmpegStyleSpec(20));
    const head = text.slice(0, text.length - 40);

    expect(playlistTailRange(head, Buffer.byteLength(text))).toBeUndefined();
    expect(readPlaylistFacts({ head, tail: '', totalBytes: Buffer.byteLength(text) }).kind).toBe(
      'invalid',
    );
  });
});

describe('readPlaylistFacts', () => {
  const fixtures = readdirSync(join(__dirname, '__fixtures__')).filter((name) =>
    name.endsWith('.m3u8'),
  );

  it.each(fixtures)(
    '%s: the same facts as the full parse (the whole file fits in the head)',
    (name) => {
      const bytes = fixtureBytes(name);

      expect(bytes.length).toBeLessThanOrEqual(PLAYLIST_HEAD_BYTES);
      expect(readPlaylistFacts(headTailOf(bytes))).toEqual(parsePlaylist(fixtureText(name)));
    },
  );

  it('decides a 20,000-segment DVR window from 24 KiB with the verdict fields of the full parse', () => {
    const text = buildMediaPlaylist({ ...ffmpegStyleSpec(20_000), endList: true });
    const input = headTailOf(text);

    const bounded = readPlaylistFacts(input);

    expect(input.totalBytes).toBeGreaterThan(1_000_000);
    expect(boundedReadCost(input.totalBytes)).toEqual({ gets: 2, bytes: 24_576 });
    expect(verdictFields(bounded)).toEqual(verdictFields(parsePlaylist(text)));
    expect(bounded).toMatchObject({ kind: 'media', hasEndList: true, mediaSequence: 1000 });
  });

  it('on the bounded path segmentCount is unknown and the last PROGRAM-DATE-TIME comes from the tail', () => {
    const text = buildMediaPlaylist(ffmpegStyleSpec(1000));
    const full = parsePlaylist(text);

    const bounded = readPlaylistFacts(headTailOf(text));

    expect(bounded.kind === 'media' && bounded.segmentCount).toBeUndefined();
    expect(full.kind === 'media' && full.segmentCount).toBe(1000);
    expect(bounded.kind === 'media' && bounded.lastProgramDateTimeMs).toBe(
      full.kind === 'media' && full.lastProgramDateTimeMs,
    );
  });

  it('TARGETDURATION after 16 KiB of junk is invalid, never guessed', () => {
    const text = padded(17_000);

    expect(parsePlaylist(text).kind).toBe('media');
    expect(reasonOf(readPlaylistFacts(headTailOf(text)))).toBe(
      'EXT-X-TARGETDURATION not found in the first 16384 bytes',
    );
  });

  it('ignores the last line of the head, which the range cut (TARGETDURATION:10 seen as "1")', () => {
    const text = buildMediaPlaylist({ ...ffmpegStyleSpec(300), targetDurationS: 10 });
    const lines = text.split('\n');
    const header = lines.slice(0, 1).join('\n') + '\n';
    const rest = lines
      .filter((line) => !line.startsWith('#EXT-X-TARGETDURATION'))
      .slice(1)
      .join('\n');
    const padding =
      '#'.repeat(PLAYLIST_HEAD_BYTES - header.length - '#EXT-X-TARGETDURATION:1'.length - 1) + '\n';
    const cut = `${header}${padding}#EXT-X-TARGETDURATION:10\n${rest}`;
    const input = headTailOf(cut);

    expect(input.head.endsWith('\n#EXT-X-TARGETDURATION:1')).toBe(true);
    expect(reasonOf(readPlaylistFacts(input))).toMatch(/EXT-X-TARGETDURATION not found/);
  });

  it('ignores the first line of the tail, which the range cut (a PART-INF inside a comment)', () => {
    const trap = '##EXT-X-PART-INF:PART-TARGET=0.2\n';
    // The tail starts one byte into the trap line: its first (partial) line reads like a PART-INF.
    const text =
      buildMediaPlaylist(ffmpegStyleSpec(300)) +
      trap +
      exactFill(PLAYLIST_TAIL_BYTES - trap.length + 1);
    const input = headTailOf(text);

    expect(input.tail.startsWith('#EXT-X-PART-INF:PART-TARGET=0.2\n')).toBe(true);
    expect(readPlaylistFacts(input)).toMatchObject({ kind: 'media', hasEndList: false });
    expect(readPlaylistFacts(input)).not.toHaveProperty('partTargetMs');
  });

  it('accepts UTF-8 characters cut by both range boundaries (U+FFFD in the ignored lines)', () => {
    const text = withCutCharacters(
      buildMediaPlaylist({ ...ffmpegStyleSpec(2000), unicodeUris: true }),
    );
    const input = headTailOf(text);

    expect(input.head.endsWith('\uFFFD')).toBe(true);
    expect(input.tail.startsWith('\uFFFD')).toBe(true);
    expect(verdictFields(readPlaylistFacts(input))).toEqual(verdictFields(parsePlaylist(text)));
    expect(readPlaylistFacts(input).kind).toBe('media');
  });

  it('finds ENDLIST in the tail of a large live playlist', () => {
    const text = buildMediaPlaylist({ ...ffmpegStyleSpec(5000), endList: true });

    expect(readPlaylistFacts(headTailOf(text))).toMatchObject({ kind: 'media', hasEndList: true });
  });

  it('reads EXT-X-PLAYLIST-TYPE:VOD from the head of a large playlist', () => {
    const text = buildMediaPlaylist({
      ...ffmpegStyleSpec(5000),
      playlistType: 'VOD',
      endList: true,
    });

    expect(readPlaylistFacts(headTailOf(text))).toMatchObject({ playlistType: 'vod' });
  });

  it('STREAM-INF in the tail of a large media playlist is invalid (mixed master and media)', () => {
    const text =
      buildMediaPlaylist(ffmpegStyleSpec(5000)) + '#EXT-X-STREAM-INF:BANDWIDTH=1\nv.m3u8\n';

    expect(reasonOf(readPlaylistFacts(headTailOf(text)))).toMatch(
      /both Master Playlist and Media Playlist/,
    );
  });

  it('a header longer than the head (no segment in 16 KiB) is invalid', () => {
    const text = buildMediaPlaylist(ffmpegStyleSpec(400)).replace(
      '#EXT-X-MEDIA-SEQUENCE',
      `${'#EXT-X-SESSION-INFO-OF-A-KIND:X=1\n'.repeat(600)}#EXT-X-MEDIA-SEQUENCE`,
    );

    expect(parsePlaylist(text).kind).toBe('media');
    expect(reasonOf(readPlaylistFacts(headTailOf(text)))).toMatch(
      /no media segment in the first 16384 bytes/,
    );
  });

  it('a tail that repeats the head (a server that ignored the suffix range) is invalid', () => {
    const text = buildMediaPlaylist({
      ...ffmpegStyleSpec(2000),
      playlistType: 'VOD',
      endList: true,
    });
    const { head, totalBytes } = headTailOf(text);

    expect(reasonOf(readPlaylistFacts({ head, tail: head.slice(0, 513), totalBytes }))).toMatch(
      /suffix range \(bytes=-8192\) was not honoured/,
    );
  });

  it('an empty tail of a large playlist is invalid (its end, and ENDLIST, were not seen)', () => {
    const { head, totalBytes } = headTailOf(buildMediaPlaylist(ffmpegStyleSpec(2000)));

    expect(reasonOf(readPlaylistFacts({ head, tail: '', totalBytes }))).toMatch(
      /no complete line in the last/,
    );
  });

  it('a head without a newline is invalid', () => {
    expect(
      reasonOf(
        readPlaylistFacts({
          head: 'x'.repeat(PLAYLIST_HEAD_BYTES),
          tail: 'y\nz',
          totalBytes: 20_000,
        }),
      ),
    ).toMatch(/no complete line in the first 16384 bytes/);
  });

  it.each([
    [Number.NaN, /not a byte count/],
    [-1, /not a byte count/],
    [10.5, /not a byte count/],
    [3, /longer than totalBytes/],
  ])('totalBytes %p is invalid', (totalBytes, reason) => {
    expect(reasonOf(readPlaylistFacts({ head: '#EXTM3U\n', tail: '', totalBytes }))).toMatch(
      reason,
    );
  });

  it('a whole playlist with a BOM and non-ASCII characters is parsed in full (bytes > UTF-16 units)', () => {
    const text = buildMediaPlaylist({ ...ffmpegStyleSpec(20), bom: true, unicodeUris: true });
    const input = headTailOf(text);

    expect(input.totalBytes).toBeGreaterThan(input.head.length);
    expect(readPlaylistFacts(input)).toEqual(parsePlaylist(text));
  });

  it('the whole playlist in the head is parsed in full (segmentCount known)', () => {
    const text = buildMediaPlaylist(ffmpegStyleSpec(20));

    expect(readPlaylistFacts(headTailOf(text))).toEqual(parsePlaylist(text));
    expect(readPlaylistFacts(headTailOf(text))).toMatchObject({ segmentCount: 20 });
  });

  it('a large master counts the variants in the head', () => {
    const variant =
      '#EXT-X-STREAM-INF:BANDWIDTH=928000,RESOLUTION=640x360\nhttps://example.com/a.m3u8\n';
    const text = `#EXTM3U\n${variant.repeat(400)}`;

    const bounded = readPlaylistFacts(headTailOf(text));

    expect(bounded.kind).toBe('master');
    expect(bounded.kind === 'master' && bounded.variantCount).toBeLessThan(400);
    expect(parsePlaylist(text)).toEqual({ kind: 'master', variantCount: 400 });
  });
});
