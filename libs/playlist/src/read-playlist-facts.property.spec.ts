import fc from 'fast-check';
import { generatedPlaylistArb, hlsLikeTextArb } from '../test/arbitraries';
import { numRuns } from '../test/fast-check-runs';
import { headTailOf } from './bounded-read';
import { reasonToKeep } from '../test/oracles';
import { decide } from './is-stale';
import { parsePlaylist } from './parse-playlist';
import {
  PLAYLIST_HEAD_BYTES,
  PLAYLIST_TAIL_BYTES,
  playlistTailRange,
  readPlaylistFacts,
} from './read-playlist-facts';
import { DEFAULT_STALENESS_POLICY } from './stale-policy';
import type { ParsedPlaylist, Verdict } from './types';

const KINDS = ['media', 'master', 'invalid'];

function verdictFields(parsed: ParsedPlaylist) {
  if (parsed.kind !== 'media') return { kind: parsed.kind };
  const { kind, playlistType, targetDurationMs, partTargetMs, hasEndList } = parsed;
  return { kind, playlistType, targetDurationMs, partTargetMs, hasEndList };
}

/** A verdict without the free-text detail (a master's detail counts variants, the head may see fewer). */
function comparable(verdict: Verdict) {
  return verdict.kind === 'not-applicable'
    ? { kind: verdict.kind, reason: verdict.reason }
    : verdict;
}

describe('readPlaylistFacts properties', () => {
  it('agrees with the full parse on generated playlists of 1–20,000 segments', () => {
    fc.assert(
      fc.property(
        generatedPlaylistArb,
        fc.integer({ min: 0, max: 4_000_000_000_000 }),
        fc.integer({ min: -1000, max: 200_000 }),
        (generated, lastUpdateMs, nowOffsetMs) => {
          const full = parsePlaylist(generated.text);
          const bounded = readPlaylistFacts(headTailOf(generated.text));

          // The generator writes valid playlists: a vacuous "both invalid" would prove nothing.
          expect(full.kind).toBe(generated.kind);
          expect(verdictFields(bounded)).toEqual(verdictFields(full));
          if (full.kind === 'media' && bounded.kind === 'media' && generated.kind === 'media') {
            expect(bounded.mediaSequence).toBe(full.mediaSequence);
            expect(bounded.discontinuitySequence).toBe(full.discontinuitySequence);
            expect(bounded.iFramesOnly).toBe(full.iFramesOnly);
            expect(bounded.serverControl).toEqual(full.serverControl);
            if (generated.spec.programDateTime === 'every') {
              expect(bounded.lastProgramDateTimeMs).toBe(full.lastProgramDateTimeMs);
            }
          }
          const input = {
            lastUpdateMs,
            nowMs: lastUpdateMs + nowOffsetMs,
            policy: DEFAULT_STALENESS_POLICY,
          };
          expect(comparable(decide({ ...input, playlist: bounded }))).toEqual(
            comparable(decide({ ...input, playlist: full })),
          );
        },
      ),
      { numRuns: numRuns(100) },
    );
  });

  it('one GET up to 16 KiB (the whole object: the facts of the full parse), two of at most 24 KiB beyond', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          generatedPlaylistArb.map((generated) => Buffer.from(generated.text, 'utf8')),
          fc.uint8Array({ maxLength: 40_000 }).map((bytes) => Buffer.from(bytes)),
        ),
        (bytes) => {
          const head = bytes.subarray(0, PLAYLIST_HEAD_BYTES).toString('utf8');
          const range = playlistTailRange(head, bytes.length);
          if (bytes.length <= 16_384) {
            expect(range).toBeUndefined();
            expect(readPlaylistFacts({ head, tail: '', totalBytes: bytes.length })).toEqual(
              parsePlaylist(bytes.toString('utf8')),
            );
          } else {
            expect(range).toEqual({ start: bytes.length - 8192, end: bytes.length - 1 });
            expect(PLAYLIST_HEAD_BYTES + PLAYLIST_TAIL_BYTES).toBe(24 * 1024);
          }
        },
      ),
      { numRuns: numRuns(200) },
    );
  });

  it('never throws on arbitrary head, tail and totalBytes', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 3000 }),
        fc.string({ unit: 'binary', maxLength: 3000 }),
        fc.oneof(fc.nat({ max: 10_000_000 }), fc.double(), fc.integer({ min: -10, max: 0 })),
        (head, tail, totalBytes) => {
          expect(KINDS).toContain(readPlaylistFacts({ head, tail, totalBytes }).kind);
        },
      ),
      { numRuns: numRuns(500) },
    );
  });

  it('never throws on arbitrary byte sequences cut into head and tail', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 20_000 }), (bytes) => {
        expect(KINDS).toContain(readPlaylistFacts(headTailOf(bytes)).kind);
      }),
      { numRuns: numRuns(200) },
    );
  });

  it('never stale when the lines it reads show ENDLIST, VOD, STREAM-INF or a bad first line', () => {
    fc.assert(
      fc.property(
        hlsLikeTextArb,
        hlsLikeTextArb,
        fc.integer({ min: PLAYLIST_HEAD_BYTES + 1, max: 10_000_000 }),
        fc.integer({ min: 0, max: 4_000_000_000_000 }),
        fc.nat({ max: 1_000_000 }),
        (head, tail, extraBytes, lastUpdateMs, sinceMs) => {
          const totalBytes = Buffer.byteLength(head) + Buffer.byteLength(tail) + extraBytes;
          const parsed = readPlaylistFacts({ head, tail, totalBytes });
          // The contract: the head's last line and the tail's first line are cut, hence not read.
          const headLines = head.split('\n').slice(0, -1);
          const readLines = [...headLines, ...tail.split('\n').slice(1)];
          const verdict = decide({
            playlist: parsed,
            lastUpdateMs,
            nowMs: lastUpdateMs + sinceMs,
            policy: DEFAULT_STALENESS_POLICY,
          });
          if (reasonToKeep(readLines, headLines[0]) !== undefined)
            expect(verdict.kind).not.toBe('stale');
        },
      ),
      { numRuns: numRuns(1000) },
    );
  });
});
