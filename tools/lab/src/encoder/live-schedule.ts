/**
 * The lab's wall-clock media timeline, shared by both pipelines (like MediaLive's epoch-locked pipelines):
 * segment `n` covers [epoch + n·d, epoch + (n+1)·d) and is published when it is complete. Pure.
 */

export interface LiveSchedule {
  /** Wall-clock start of segment 0, ms. */
  epochMs: number;
  segmentDurationMs: number;
  /** Segments listed in a live playlist (a sliding window). */
  windowSize: number;
}

/** Segments in the sliding window, like ffmpeg's `-hls_list_size 6`. */
const DEFAULT_WINDOW_SIZE = 6;

/**
 * A schedule whose first window is already complete at `nowMs`, so a player can start at once.
 *
 * @example
 * const schedule = scheduleStartingAt(Date.now(), 2_000);
 * lastCompleteSegment(schedule, Date.now()); // 5
 */
export function scheduleStartingAt(
  nowMs: number,
  segmentDurationMs: number,
  windowSize = DEFAULT_WINDOW_SIZE,
): LiveSchedule {
  return { epochMs: nowMs - windowSize * segmentDurationMs, segmentDurationMs, windowSize };
}

/** The newest segment complete at `nowMs`, or -1 before the first one. */
export function lastCompleteSegment(schedule: LiveSchedule, nowMs: number): number {
  return Math.floor((nowMs - schedule.epochMs) / schedule.segmentDurationMs) - 1;
}

export function segmentStartMs(schedule: LiveSchedule, sequence: number): number {
  return schedule.epochMs + sequence * schedule.segmentDurationMs;
}

/** When segment `sequence` is complete and can be published. */
export function segmentEndMs(schedule: LiveSchedule, sequence: number): number {
  return segmentStartMs(schedule, sequence + 1);
}

/** The media sequence numbers of the window that ends with `lastSequence`. */
export function windowEndingAt(schedule: LiveSchedule, lastSequence: number): number[] {
  const first = Math.max(0, lastSequence - schedule.windowSize + 1);
  return Array.from({ length: Math.max(0, lastSequence - first + 1) }, (_, i) => first + i);
}
