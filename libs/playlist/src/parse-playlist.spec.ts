import { fixtureText } from '../test/fixtures';
import { buildMediaPlaylist, ffmpegStyleSpec } from '../test/playlist-generator';
import { parsePlaylist } from './parse-playlist';
import type { MediaPlaylistFacts, ParsedPlaylist } from './types';

function expectMedia(parsed: ParsedPlaylist): MediaPlaylistFacts {
  if (parsed.kind !== 'media')
    throw new Error(`expected a media playlist, got ${JSON.stringify(parsed)}`);
  return parsed;
}

function expectInvalid(parsed: ParsedPlaylist): string {
  if (parsed.kind !== 'invalid') throw new Error(`expected invalid, got ${JSON.stringify(parsed)}`);
  return parsed.reason;
}

describe('parsePlaylist: playlist families', () => {
  it('reads an ffmpeg-style live sliding window with PROGRAM-DATE-TIME', () => {
    const facts = expectMedia(parsePlaylist(fixtureText('ffmpeg-live-sliding-window.m3u8')));

    expect(facts).toEqual({
      kind: 'media',
      playlistType: 'live',
      targetDurationMs: 2000,
      mediaSequence: 137,
      discontinuitySequence: 0,
      segmentCount: 6,
      hasEndList: false,
      iFramesOnly: false,
      lastProgramDateTimeMs: Date.UTC(2026, 10, 20, 10, 0, 10),
    });
  });

  it('reads a MediaLive-style EVENT playlist while the channel runs (no ENDLIST)', () => {
    const facts = expectMedia(parsePlaylist(fixtureText('medialive-event-running.m3u8')));

    expect(facts).toMatchObject({
      playlistType: 'event',
      hasEndList: false,
      targetDurationMs: 6000,
    });
    expect(facts.segmentCount).toBe(5);
  });

  it('reads an EVENT playlist whose channel stopped (ENDLIST)', () => {
    const facts = expectMedia(parsePlaylist(fixtureText('medialive-event-ended.m3u8')));

    expect(facts).toMatchObject({ playlistType: 'event', hasEndList: true });
  });

  it('reads a VOD playlist', () => {
    const facts = expectMedia(parsePlaylist(fixtureText('vod-with-endlist.m3u8')));

    expect(facts).toMatchObject({
      playlistType: 'vod',
      hasEndList: true,
      targetDurationMs: 10_000,
    });
  });

  it('reads ENDLIST appended to a live playlist (ffmpeg on SIGINT)', () => {
    const facts = expectMedia(parsePlaylist(fixtureText('live-endlist-appended.m3u8')));

    expect(facts).toMatchObject({ playlistType: 'live', hasEndList: true, segmentCount: 6 });
  });

  it('reads a master playlist with redundant variants (the same STREAM-INF twice)', () => {
    expect(parsePlaylist(fixtureText('master-redundant-variants.m3u8'))).toEqual({
      kind: 'master',
      variantCount: 2,
    });
  });

  it('reads a live I-frame-only playlist with byte ranges', () => {
    const facts = expectMedia(parsePlaylist(fixtureText('iframe-only-live.m3u8')));

    expect(facts).toMatchObject({ iFramesOnly: true, playlistType: 'live', mediaSequence: 500 });
    expect(facts.segmentCount).toBe(4);
  });

  it('reads LL-HLS: PART-INF, SERVER-CONTROL, parts and a preload hint', () => {
    const facts = expectMedia(parsePlaylist(fixtureText('ll-hls-parts-preload-hint.m3u8')));

    expect(facts).toMatchObject({
      targetDurationMs: 4000,
      partTargetMs: 1004,
      mediaSequence: 266,
      segmentCount: 4,
      hasEndList: false,
      lastProgramDateTimeMs: Date.UTC(2026, 10, 20, 10, 0, 16, 3),
      serverControl: {
        canBlockReload: true,
        partHoldBackMs: 3012,
        canSkipUntilMs: 24_000,
        canSkipDateRanges: false,
      },
    });
  });

  it('tolerates CRLF line endings, a UTF-8 BOM and trailing whitespace', () => {
    const facts = expectMedia(parsePlaylist(fixtureText('crlf-bom-live.m3u8')));

    expect(facts).toMatchObject({ targetDurationMs: 6000, mediaSequence: 12, segmentCount: 3 });
  });

  it('reads tags in any order (TARGETDURATION after the segments)', () => {
    const text =
      '#EXTM3U\n#EXTINF:4,\na.ts\n#EXT-X-MEDIA-SEQUENCE:3\n#EXTINF:4,\nb.ts\n#EXT-X-TARGETDURATION:4\n';

    expect(expectMedia(parsePlaylist(text))).toMatchObject({
      targetDurationMs: 4000,
      mediaSequence: 3,
    });
  });

  it('reads a 20,000-segment DVR window (generated, ≈ 1.6 MB)', () => {
    const text = buildMediaPlaylist(ffmpegStyleSpec(20_000));

    const facts = expectMedia(parsePlaylist(text));

    expect(text.length).toBeGreaterThan(1_000_000);
    expect(facts).toMatchObject({
      segmentCount: 20_000,
      targetDurationMs: 2000,
      mediaSequence: 1000,
    });
  });
});

describe('parsePlaylist: invalid input is a value that quotes the offending line', () => {
  it.each([
    ['targetduration-missing.m3u8', /^EXT-X-TARGETDURATION missing/],
    ['targetduration-zero.m3u8', /not a positive decimal-integer.*"#EXT-X-TARGETDURATION:0"/],
    ['targetduration-negative.m3u8', /not a positive decimal-integer.*"#EXT-X-TARGETDURATION:-6"/],
    [
      'targetduration-non-numeric.m3u8',
      /not a positive decimal-integer.*"#EXT-X-TARGETDURATION:six"/,
    ],
    [
      'targetduration-fractional.m3u8',
      /not a positive decimal-integer.*"#EXT-X-TARGETDURATION:6.5"/,
    ],
    ['targetduration-changed.m3u8', /appears twice with different values.*:6".*:2"/],
    ['html-error-page.m3u8', /^first line is not #EXTM3U .*: "<!DOCTYPE html>"$/],
    ['extm3u-not-first-line.m3u8', /^first line is not #EXTM3U .*"# generated by encoder v1.2"$/],
    ['empty.m3u8', /^empty playlist/],
    [
      'master-and-media-mixed.m3u8',
      /both Master Playlist and Media Playlist tags.*"#EXT-X-STREAM-INF:.*"#EXT-X-TARGETDURATION:6"/,
    ],
    ['playlist-type-unknown.m3u8', /neither EVENT nor VOD.*"#EXT-X-PLAYLIST-TYPE:LIVE"/],
    ['ll-hls-part-target-zero.m3u8', /no positive PART-TARGET.*"#EXT-X-PART-INF:PART-TARGET=0"/],
    ['malformed-key-attribute-list.m3u8', /^m3u8-parser failed on this playlist \(TypeError/],
  ])('%s is invalid', (fixture, reason) => {
    expect(expectInvalid(parsePlaylist(fixtureText(fixture)))).toMatch(reason);
  });

  it('binary garbage is invalid, its first line escaped and truncated', () => {
    const reason = expectInvalid(parsePlaylist(fixtureText('binary-garbage.m3u8')));

    expect(reason).toMatch(/^first line is not #EXTM3U/);
    expect(reason).toMatch(/\\u0000|\\ufffd|\uFFFD/i);
    expect(reason.length).toBeLessThan(200);
  });

  it('a 10 KB first line is quoted truncated to 80 characters', () => {
    const reason = expectInvalid(parsePlaylist(`${'x'.repeat(10_000)}\n#EXT-X-TARGETDURATION:6\n`));

    expect(reason).toContain(`"${'x'.repeat(80)}…"`);
    expect(reason.length).toBeLessThan(160);
  });

  it('a blank line before #EXTM3U is invalid (EXTM3U must be the first line)', () => {
    expect(expectInvalid(parsePlaylist('\n#EXTM3U\n#EXT-X-TARGETDURATION:6\n'))).toMatch(
      /first line/,
    );
  });

  it('old Mac CR-only line endings are one line, hence invalid (RFC 8216 §4.1: LF or CRLF)', () => {
    expect(
      expectInvalid(parsePlaylist('#EXTM3U\r#EXT-X-TARGETDURATION:6\r#EXTINF:6,\ra.ts\r')),
    ).toMatch(/first line/);
  });

  it('a tag m3u8-parser reads differently from the scanner (CR inside a line) is invalid', () => {
    // m3u8-parser removes the first CR inside a tag line and then sees TARGETDURATION:2.
    const text = '#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXT-X-TARGET\rDURATION:2\n#EXTINF:6,\na.ts\n';

    expect(expectInvalid(parsePlaylist(text))).toMatch(
      /disagree on targetDurationMs \(2000 vs 6000\)/,
    );
  });

  it('a malformed SERVER-CONTROL is invalid', () => {
    const text = '#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=MAYBE\n';

    expect(expectInvalid(parsePlaylist(text))).toMatch(
      /EXT-X-SERVER-CONTROL is not a valid attribute-list/,
    );
  });

  it('a non-numeric MEDIA-SEQUENCE is invalid', () => {
    const text = '#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXT-X-MEDIA-SEQUENCE:abc\n';

    expect(expectInvalid(parsePlaylist(text))).toMatch(
      /EXT-X-MEDIA-SEQUENCE is not a decimal-integer/,
    );
  });

  it('a non-string input is invalid rather than a crash', () => {
    expect(expectInvalid(parsePlaylist(undefined as unknown as string))).toMatch(/not a string/);
  });
});

describe('parsePlaylist: the line-level details', () => {
  it('an ENDLIST with trailing text still counts (prefix match, like m3u8-parser: the safe side)', () => {
    const text = '#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXTINF:6,\na.ts\n#EXT-X-ENDLIST-ish\n';

    expect(expectMedia(parsePlaylist(text)).hasEndList).toBe(true);
  });

  it('lowercase tags are comments (tags are case-sensitive, RFC 8216 §4.1)', () => {
    const text = '#EXTM3U\n#EXT-X-TARGETDURATION:6\n#ext-x-endlist\n';

    expect(expectMedia(parsePlaylist(text)).hasEndList).toBe(false);
  });

  it('a master playlist with only I-frame variants and renditions is a master', () => {
    const text =
      '#EXTM3U\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",NAME="en",URI="en.m3u8"\n#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=1,URI="i.m3u8"\n';

    expect(parsePlaylist(text)).toEqual({ kind: 'master', variantCount: 0 });
  });

  it('PART-TARGET is rounded up to whole ms (a longer deadline is the safe side)', () => {
    const text =
      '#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-PART-INF:PART-TARGET=0.33334\n#EXTINF:2,\na.mp4\n';

    expect(expectMedia(parsePlaylist(text)).partTargetMs).toBe(334);
  });

  it('a PROGRAM-DATE-TIME without a time zone is ignored, not guessed', () => {
    const text =
      '#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-PROGRAM-DATE-TIME:2026-11-20T10:00:00\n#EXTINF:2,\na.ts\n';

    expect(expectMedia(parsePlaylist(text)).lastProgramDateTimeMs).toBeUndefined();
  });
});
