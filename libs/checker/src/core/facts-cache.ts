import type { MediaPlaylistFacts, ParsedPlaylist } from '@hls-stale-guard/playlist';

/** Keys remembered per instance (a large origin has a few thousand renditions). */
const FACTS_CACHE_MAX_ENTRIES = 20_000;

/** The first write of a version (ETag) this instance has heard of, for one key. */
export interface KnownVersion {
  etag: string;
  /** S3 time the version was first written: an identical re-upload does not reset it (RFC 8216 §6.2.1). */
  firstWrittenMs: number;
  sequencer?: string;
}

interface Entry {
  /** Facts of the version with `factsEtag`. */
  factsEtag?: string;
  facts?: ParsedPlaylist;
  /** The last live media facts of the key: TARGETDURATION must not change (RFC 8216 §4.3.3.1). */
  liveFacts?: MediaPlaylistFacts;
  /** The newest write seen (by S3 `sequencer`). */
  latest?: KnownVersion;
}

/**
 * Compares S3 event sequencers for the same key: hexadecimal, a larger value is a later event; shorter
 * strings are left-padded with zeros (docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html).
 */
export function compareSequencers(a: string, b: string): number {
  const width = Math.max(a.length, b.length);
  const pa = a.toUpperCase().padStart(width, '0');
  const pb = b.toUpperCase().padStart(width, '0');
  return pa < pb ? -1 : pa > pb ? 1 : 0;
}

/**
 * Per-key memory of an instance: the facts of the last version read (valid for that ETag only), the key's
 * live timing (valid across versions, so most events are postponed with no S3 read), and the newest write
 * seen (so a reordered or duplicated event is recognised). Least recently used keys are evicted first.
 * Everything here is an optimisation: the check at the deadline always asks S3.
 */
export class FactsCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly maxEntries = FACTS_CACHE_MAX_ENTRIES) {}

  /** Facts of exactly this version, if they were read before. */
  factsFor(bucket: string, key: string, etag: string): ParsedPlaylist | undefined {
    const entry = this.touch(bucket, key);
    return entry?.factsEtag === etag ? entry.facts : undefined;
  }

  /** The key's live media facts from any version (for the deadline's timing only). */
  liveFactsFor(bucket: string, key: string): MediaPlaylistFacts | undefined {
    return this.touch(bucket, key)?.liveFacts;
  }

  rememberFacts(bucket: string, key: string, etag: string, facts: ParsedPlaylist): void {
    const entry = this.upsert(bucket, key);
    entry.factsEtag = etag;
    entry.facts = facts;
    if (facts.kind === 'media' && !facts.hasEndList && facts.playlistType !== 'vod') {
      entry.liveFacts = facts;
    }
  }

  /**
   * Records a write and returns when this version was first written, as far as this instance knows
   * (an identical re-upload keeps the earlier time).
   */
  observeWrite(bucket: string, key: string, write: KnownVersion): number {
    const entry = this.upsert(bucket, key);
    const latest = entry.latest;
    if (latest?.etag === write.etag) {
      latest.firstWrittenMs = Math.min(latest.firstWrittenMs, write.firstWrittenMs);
      if (
        write.sequencer &&
        (!latest.sequencer || compareSequencers(write.sequencer, latest.sequencer) > 0)
      ) {
        latest.sequencer = write.sequencer;
      }
      return latest.firstWrittenMs;
    }
    const newer =
      !latest ||
      (write.sequencer && latest.sequencer
        ? compareSequencers(write.sequencer, latest.sequencer) > 0
        : write.firstWrittenMs >= latest.firstWrittenMs);
    if (newer) entry.latest = { ...write };
    return write.firstWrittenMs;
  }

  /** A newer write with another ETag is known: this version is superseded. */
  supersededBy(
    bucket: string,
    key: string,
    etag: string,
    sequencer?: string,
  ): KnownVersion | undefined {
    const latest = this.touch(bucket, key)?.latest;
    if (!latest || latest.etag === etag || !sequencer || !latest.sequencer) return undefined;
    return compareSequencers(latest.sequencer, sequencer) > 0 ? latest : undefined;
  }

  /** When this version was first written, if known and earlier than `fallbackMs`. */
  firstWrittenMs(bucket: string, key: string, etag: string, fallbackMs: number): number {
    const latest = this.touch(bucket, key)?.latest;
    return latest?.etag === etag ? Math.min(latest.firstWrittenMs, fallbackMs) : fallbackMs;
  }

  get size(): number {
    return this.entries.size;
  }

  private upsert(bucket: string, key: string): Entry {
    const entry = this.touch(bucket, key) ?? {};
    const id = cacheKey(bucket, key);
    if (!this.entries.has(id)) {
      this.entries.set(id, entry);
      if (this.entries.size > this.maxEntries) {
        const oldest = this.entries.keys().next().value;
        if (oldest !== undefined) this.entries.delete(oldest);
      }
    }
    return entry;
  }

  private touch(bucket: string, key: string): Entry | undefined {
    const id = cacheKey(bucket, key);
    const entry = this.entries.get(id);
    if (entry) {
      this.entries.delete(id);
      this.entries.set(id, entry);
    }
    return entry;
  }
}

function cacheKey(bucket: string, key: string): string {
  return `${bucket}\u0000${key}`;
}
