import { livePlaylistText } from '../harness/playlist-text';
import type { RawS3Putter } from '../harness/raw-s3-putter';
import { seededRandom } from '../stats/seeded-random';
import type { UploadRecord } from './analyse-detection';
import { nextGapMs, type EncoderPlanOptions, type PlannedPlaylist } from './encoder-plan';

/** What one simulated encoder rendition did. */
export interface PlaylistRun {
  plan: PlannedPlaylist;
  uploads: UploadRecord[];
  failedPuts: number;
  /** Stopped by its plan (not by the end of the run). */
  stopped: boolean;
}

/** Segments in the sliding window (ffmpeg's `-hls_list_size 6`). */
const WINDOW_SEGMENTS = 6;

/**
 * Live encoders: every planned playlist is uploaded on its own cadence (≈ TARGETDURATION, with jitter and
 * occasional late uploads inside the deadline) until its encoder stops or the run ends. Each upload is a
 * new version (the window slides by one segment), so every PUT has a new ETag.
 */
export class EncoderFleet {
  readonly runs: PlaylistRun[];
  private ending = false;
  private loops: Promise<void>[] = [];
  private wake: () => void = () => {};
  private readonly ended = new Promise<void>((resolve) => {
    this.wake = resolve;
  });

  constructor(
    private readonly putter: RawS3Putter,
    plans: readonly PlannedPlaylist[],
    private readonly gaps: Pick<
      EncoderPlanOptions,
      'targetDurationS' | 'normalGap' | 'lateProbability' | 'lateGap' | 'seed'
    >,
    /** Called once when a playlist's encoder stops by plan, after its last upload returned. */
    private readonly onStopped: (run: PlaylistRun) => void,
  ) {
    this.runs = plans.map((plan) => ({ plan, uploads: [], failedPuts: 0, stopped: false }));
  }

  start(startMs: number): void {
    this.loops = this.runs.map((run, index) => this.loop(run, startMs, index));
  }

  /** Ends every encoder after its current upload and waits for them. */
  async end(): Promise<void> {
    this.ending = true;
    this.wake();
    await Promise.all(this.loops);
  }

  private async sleepUnlessEnded(ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, Math.max(0, ms));
      }),
      this.ended,
    ]);
    clearTimeout(timer);
  }

  private async loop(run: PlaylistRun, startMs: number, index: number): Promise<void> {
    const random = seededRandom(this.gaps.seed * 7919 + index);
    const { plan } = run;
    let sequence = 1000;
    let late = false;
    await this.sleepUnlessEnded(startMs + plan.startOffsetMs - Date.now());
    while (!this.ending) {
      if (plan.stopAtMs !== undefined && Date.now() >= startMs + plan.stopAtMs) {
        run.stopped = true;
        this.onStopped(run);
        return;
      }
      const body = livePlaylistText({
        name: plan.name,
        targetDurationS: plan.targetDurationS,
        mediaSequence: sequence,
        segments: WINDOW_SEGMENTS,
        firstSegmentMs: startMs + sequence * plan.targetDurationS * 1000,
      });
      const startedMs = Date.now();
      try {
        const answer = await this.putter.put(plan.bucket, plan.key, body);
        if (answer.status === 200 && answer.etag) {
          run.uploads.push({ etag: answer.etag, startedMs, completedMs: Date.now(), late });
        } else {
          run.failedPuts += 1;
        }
      } catch {
        run.failedPuts += 1;
      }
      sequence += 1;
      const gap = nextGapMs(random, this.gaps);
      late = gap.late;
      await this.sleepUnlessEnded(gap.gapMs);
    }
  }
}
