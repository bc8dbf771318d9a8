/**
 * Turns the committed 12 s loop into an endless live stream. Pure.
 *
 * Segment `n` of a stream whose segments last `k` fixture segments is the concatenation of fixture segments
 * `n·k … n·k + k − 1` (modulo the loop), each with its timestamps moved forward by the number of whole loops
 * before it. Timestamps stay continuous across the wrap, and segment `n` has the same bytes on both pipelines
 * (epoch-locked redundant pipelines), so a player can switch between them at any segment boundary.
 */
import { MPEG_TS_CLOCK_HZ, shiftTimestamps } from './mpegts-timestamps';

export interface LoopSource {
  /** The loop's segments in order. */
  segmentBytes: readonly Uint8Array[];
  /** Duration of one fixture segment, seconds. */
  segmentDurationS: number;
}

export class SyntheticMediaError extends Error {
  override name = 'SyntheticMediaError';
}

/** How many fixture segments make one published segment, for a target duration (EXTINF ≤ TARGETDURATION). */
export function fixturesPerSegment(
  targetDurationS: number,
  fixtureSegmentDurationS: number,
): number {
  const count = Math.floor(targetDurationS / fixtureSegmentDurationS);
  if (count < 1) {
    throw new SyntheticMediaError(
      `the synthetic encoder's segments last ${fixtureSegmentDurationS} s: the target duration must be at least that (got ${targetDurationS} s)`,
    );
  }
  return count;
}

/**
 * The bytes of live segment `sequence`.
 *
 * @example
 * const bytes = syntheticSegment(rendition, 42, 1); // fixture 0 of loop 7, shifted by 7 × 12 s
 */
export function syntheticSegment(source: LoopSource, sequence: number, perSegment: number): Buffer {
  const loopLength = source.segmentBytes.length;
  const loopTicks = loopLength * source.segmentDurationS * MPEG_TS_CLOCK_HZ;
  const parts: Buffer[] = [];
  for (let j = 0; j < perSegment; j += 1) {
    const fixtureIndex = sequence * perSegment + j;
    const bytes = source.segmentBytes[fixtureIndex % loopLength];
    if (!bytes) throw new SyntheticMediaError(`no fixture segment ${fixtureIndex % loopLength}`);
    parts.push(shiftTimestamps(bytes, Math.floor(fixtureIndex / loopLength) * loopTicks));
  }
  return Buffer.concat(parts);
}
