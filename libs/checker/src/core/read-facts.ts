import {
  parsePlaylist,
  PLAYLIST_HEAD_BYTES,
  playlistTailRange,
  readPlaylistFacts,
  type ParsedPlaylist,
} from '@hls-stale-guard/playlist';
import type { CheckerDeps } from './checker-deps';

export type FactsResult =
  | { kind: 'facts'; facts: ParsedPlaylist }
  /** The version is no longer there: replaced (If-Match failed) or deleted. */
  | { kind: 'superseded'; reason: 'etag-mismatch' | 'gone' };

/**
 * The facts of one version of a playlist, from the cache or with a bounded read, every GET with
 * `If-Match` so a newer upload is never mistaken for the version being judged. One GET of the first
 * PLAYLIST_HEAD_BYTES (16 KiB): when its `Content-Range` total (or its length, from a server that ignored
 * the Range) shows the object fits, that is the whole playlist. Only a larger one gets a second GET, for
 * its last PLAYLIST_TAIL_BYTES (8 KiB, overlapping the head when the object is under 24 KiB): never more
 * than two GETs and 24 KiB. Explicit ranges (not `bytes=-N`): some S3-compatible servers answer a suffix
 * range with the head.
 */
export async function readFacts(
  deps: Pick<CheckerDeps, 'store' | 'cache'>,
  bucket: string,
  key: string,
  etag: string,
): Promise<FactsResult> {
  const cached = deps.cache.factsFor(bucket, key, etag);
  if (cached) return { kind: 'facts', facts: cached };
  const head = await deps.store.readRange(
    bucket,
    key,
    { start: 0, end: PLAYLIST_HEAD_BYTES - 1 },
    etag,
  );
  if (head.kind !== 'ok') return { kind: 'superseded', reason: head.kind };
  let tail = '';
  const tailRange = playlistTailRange(head.body, head.totalBytes);
  if (tailRange) {
    const read = await deps.store.readRange(bucket, key, tailRange, etag);
    if (read.kind !== 'ok') return { kind: 'superseded', reason: read.kind };
    tail = read.body;
  }
  const facts = readPlaylistFacts({ head: head.body, tail, totalBytes: head.totalBytes });
  deps.cache.rememberFacts(bucket, key, etag, facts);
  return { kind: 'facts', facts };
}

/** The bounded read's first GET sees every byte of a playlist up to this size: no whole read is needed. */
export const BOUNDED_READ_WHOLE_UP_TO_BYTES = PLAYLIST_HEAD_BYTES;

export type WholeFactsResult =
  | { kind: 'facts'; facts: ParsedPlaylist }
  | { kind: 'superseded'; reason: 'etag-mismatch' | 'gone' }
  /** Larger than `maxBytes` (or than announced): not read, never judged from a part. */
  | { kind: 'too-large'; totalBytes: number };

/**
 * The facts of one version from the whole playlist (`If-Match`, at most `maxBytes`), parsed in full with
 * `parsePlaylist`: a tag the head/tail read cannot see (ENDLIST or PLAYLIST-TYPE:VOD in the middle of a
 * playlist over 16 KiB, after the head and before the tail) is found. Used once, before a delete, so its
 * cost is paid only on rare occasions.
 */
export async function readWholeFacts(
  deps: Pick<CheckerDeps, 'store'>,
  bucket: string,
  key: string,
  etag: string,
  sizeBytes: number,
  maxBytes: number,
): Promise<WholeFactsResult> {
  if (sizeBytes > maxBytes) return { kind: 'too-large', totalBytes: sizeBytes };
  const read = await deps.store.readRange(
    bucket,
    key,
    { start: 0, end: Math.max(0, sizeBytes - 1) },
    etag,
  );
  if (read.kind !== 'ok') return { kind: 'superseded', reason: read.kind };
  if (read.totalBytes > maxBytes || Buffer.byteLength(read.body, 'utf-8') < read.totalBytes) {
    // Bigger than the HEAD said (or than allowed): a part is not the whole playlist.
    return { kind: 'too-large', totalBytes: read.totalBytes };
  }
  return { kind: 'facts', facts: parsePlaylist(read.body) };
}
