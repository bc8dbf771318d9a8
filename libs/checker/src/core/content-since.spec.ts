import fc from 'fast-check';
import { contentSince } from './content-since';
import type { StoredVersion, VersionHistory } from './ports';

const S = Date.parse('2026-11-26T10:00:00.000Z');
const judged = { etag: '"x"', writtenAtMs: S + 300 };
const current = { etag: '"x"', lastModifiedMs: S + 3000 };
const v = (id: string, etag: string | undefined, secondsAfterS: number): StoredVersion => ({
  versionId: id,
  etag,
  lastModifiedMs: S + secondsAfterS * 1000,
  deleteMarker: etag === undefined,
});
const history = (versions: StoredVersion[], truncated = false): VersionHistory => ({
  kind: 'history',
  versions,
  truncated,
});

describe('contentSince: since when the current content has been there, from the version history', () => {
  it('is unchanged when only identical versions were written since the judged write (a stuck encoder)', () => {
    const result = contentSince(
      judged,
      current,
      history([v('v4', '"x"', 3), v('v3', '"x"', 1), v('v2', '"x"', 0), v('v1', '"w"', -2)]),
    );
    expect(result).toEqual({ kind: 'unchanged', sinceMs: judged.writtenAtMs });
  });

  it('is changed by a different version since, and dates the content from the first identical one certainly after it', () => {
    const result = contentSince(
      judged,
      current,
      history([v('v4', '"x"', 3), v('v3', '"x"', 2), v('v2', '"y"', 1), v('v1', '"x"', 0)]),
    );
    expect(result).toEqual({ kind: 'changed', sinceMs: S + 2999 });
  });

  it('is changed by a delete marker since', () => {
    expect(
      contentSince(
        judged,
        current,
        history([v('v3', '"x"', 3), v('v2', undefined, 1), v('v1', '"x"', 0)]),
      ),
    ).toEqual({ kind: 'changed', sinceMs: S + 3999 });
  });

  it('counts a different version within the judged write’s own second as possibly after it', () => {
    expect(
      contentSince(
        judged,
        current,
        history([v('v3', '"x"', 3), v('v2', '"y"', 0), v('v1', '"x"', 0)]),
      ),
    ).toEqual({ kind: 'changed', sinceMs: S + 3999 });
  });

  it('takes the restart as late as its whole second allows when it shares the different version’s second', () => {
    expect(
      contentSince(
        judged,
        current,
        history([v('v3', '"x"', 3), v('v2', '"y"', 3), v('v1', '"x"', 0)]),
      ),
    ).toEqual({ kind: 'changed', sinceMs: S + 3999 });
  });

  it('is unchanged from a truncated history that still reaches before the judged write', () => {
    expect(
      contentSince(
        judged,
        current,
        history([v('v3', '"x"', 3), v('v2', '"x"', 1), v('v1', '"w"', -1)], true),
      ),
    ).toEqual({ kind: 'unchanged', sinceMs: judged.writtenAtMs });
  });

  it.each<[string, VersionHistory]>([
    ['an unreadable history', { kind: 'cannot-tell', reason: 'AccessDenied' }],
    ['no versions (a server without ListObjectVersions)', history([])],
    ['a single version', history([v('v9', '"x"', 3)])],
    [
      'a "null" version (unversioned or suspended)',
      history([v('null', '"x"', 3), v('v1', '"x"', 0)]),
    ],
    [
      'a history truncated before the judged write',
      history([v('v5', '"x"', 3), v('v4', '"x"', 2)], true),
    ],
  ])('cannot tell from %s: the current version’s LastModified + 999 ms', (_name, h) => {
    expect(contentSince(judged, current, h)).toMatchObject({
      kind: 'cannot-tell',
      sinceMs: S + 3999,
    });
  });
});

describe('contentSince never dates the content earlier than it became current (property)', () => {
  it('for any write/delete history, any judged write of the current content and any truncation', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            gapMs: fc.integer({ min: 1, max: 2500 }),
            etag: fc.constantFrom('"x"', '"y"', undefined),
          }),
          { minLength: 1, maxLength: 12 },
        ),
        fc.nat(),
        fc.integer({ min: 1, max: 14 }),
        (steps, pick, pageSize) => {
          let t = S;
          const writes = steps.map((step, i) => ({
            ...step,
            atMs: (t += step.gapMs),
            id: `v${i}`,
          }));
          const last = writes.at(-1)!;
          fc.pre(last.etag !== undefined);
          // The truth: the current content has been there since the first write of its last run.
          let runStart = writes.length - 1;
          while (runStart > 0 && writes[runStart - 1]!.etag === last.etag) runStart -= 1;
          const trueSinceMs = writes[runStart]!.atMs;
          const sameContent = writes.filter((w) => w.etag === last.etag);
          const judgedWrite = sameContent[pick % sameContent.length]!;
          const newestFirst = [...writes].reverse().map((w) => v(w.id, w.etag, 0));
          newestFirst.forEach((entry, i) => {
            entry.lastModifiedMs = Math.floor(writes[writes.length - 1 - i]!.atMs / 1000) * 1000;
          });
          const result = contentSince(
            { etag: last.etag!, writtenAtMs: judgedWrite.atMs },
            { etag: last.etag!, lastModifiedMs: Math.floor(last.atMs / 1000) * 1000 },
            history(newestFirst.slice(0, pageSize), newestFirst.length > pageSize),
          );
          expect(result.sinceMs).toBeGreaterThanOrEqual(trueSinceMs);
        },
      ),
      { numRuns: 5000 },
    );
  });
});
