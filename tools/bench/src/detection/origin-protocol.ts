import type { DetectionMode } from '../harness/bench-pipeline';
import type { PollResult } from '../harness/not-found-poller';
import type { RequestCounts } from '../harness/request-counter';
import type { EncoderPlanOptions } from './encoder-plan';
import type { PlaylistRun } from './encoder-fleet';

/** Parent → origin process: what to run against which servers. */
export interface OriginStart {
  type: 'start';
  mode: DetectionMode;
  /** fauxqs (S3 + SQS). */
  endpoint: string;
  queueUrl: string;
  plan: EncoderPlanOptions;
  multiple: number;
  runMs: number;
  giveUpAfterDeadlineMs: number;
  pollIntervalMs: number;
  pollConcurrency: number;
  /** Both sides snapshot their request counts this long after the start: the steady-state window. */
  warmupMs: number;
  /**
   * …and again this long after the start, where the steady window ends and the encoder stops begin (so
   * that the stops are measured apart from the uploads); `undefined`: the window runs to the end.
   */
  steadyEndMs?: number;
}

/** Origin → parent: the encoders start at `startMs` (epoch ms). */
interface OriginStarted {
  type: 'started';
  startMs: number;
}

/** Origin process → parent: everything the encoders, the notifications and the poller saw. */
export interface OriginDone {
  type: 'done';
  runs: PlaylistRun[];
  /** `bucket/key` → the first 404 of each stopped playlist. */
  polls: [string, PollResult][];
  pollStats: { polls: number; meanIntervalMs: number | undefined; errors: number };
  /** The S3 notifications' SendMessage requests: the whole run, at the end of the warm-up and of the steady window. */
  requests: RequestCounts;
  requestsAtWarmup: RequestCounts;
  requestsAtSteadyEnd?: RequestCounts;
  load: { cpuS: number; eventLoopDelayP99Ms: number };
}

interface OriginFailed {
  type: 'failed';
  error: string;
}

export type OriginMessage = OriginStarted | OriginDone | OriginFailed;
