/**
 * The dry-run probe: polls both playback URLs like the live probe, and once the live playlist is past
 * its stale deadline also asks CloudWatch whether the checker counted a would-delete for it. The loop
 * only decides when to stop; `judgeDryRun` decides the verdict.
 */
import { METRIC_POLL_INTERVAL_MS, type CanaryPlan } from './canary-plan';
import { judgeDryRun, type DryRunVerdict, type MetricReading } from './judge-dry-run';
import { isGone, judgeEnded, type Observation } from './judge-probe';
import type { WouldDeleteReader } from './ports';
import { observe, type ProbeDeps } from './probe-playback';

export interface DryRunProbeDeps extends ProbeDeps {
  readonly metrics: WouldDeleteReader;
}

export interface DryRunProbeResult {
  readonly verdict: DryRunVerdict;
  readonly observations: readonly Observation[];
  readonly readings: readonly MetricReading[];
}

function message(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * Runs the dry-run probe. `startedAtMs` is the clock reading when both uploads had finished.
 *
 * @example
 * const { verdict } = await probeDryRun({ fetch, clock, sleep, log, metrics }, plan, clock.now());
 */
export async function probeDryRun(
  deps: DryRunProbeDeps,
  plan: CanaryPlan,
  startedAtMs: number,
): Promise<DryRunProbeResult> {
  const observations: Observation[] = [];
  const readings: MetricReading[] = [];
  const elapsed = () => deps.clock.now() - startedAtMs;
  // The first read when the checker can have judged the playlist: after the deadline and the hold.
  const firstReadAtMs = plan.staleDeadlineMs + plan.holdMs;
  let lastReadAtMs: number | undefined;

  while (!deps.signal?.aborted) {
    const atMs = elapsed();
    if (atMs > plan.metricBudgetMs) break;
    const live = await observe(deps, 'live', plan.liveUrl, atMs, plan);
    observations.push(live);
    const ended = await observe(deps, 'ended', plan.endedUrl, atMs, plan);
    observations.push(ended);
    if (isGone(live.status) || judgeEnded([ended])) break; // definitive

    if (
      atMs >= firstReadAtMs &&
      (lastReadAtMs === undefined || atMs - lastReadAtMs >= METRIC_POLL_INTERVAL_MS)
    ) {
      lastReadAtMs = atMs;
      let reading: MetricReading;
      try {
        reading = { atMs, sum: await deps.metrics.sum() };
      } catch (error) {
        reading = { atMs, sum: null, error: message(error) };
      }
      readings.push(reading);
      deps.log({
        event: 'metric',
        atMs,
        sum: reading.sum,
        ...(reading.error ? { error: reading.error } : {}),
      });
      if (reading.sum !== null && reading.sum >= 1) break;
    }

    const wait = atMs + plan.intervalMs - elapsed();
    if (wait > 0) await deps.sleep(wait, deps.signal);
  }
  return {
    verdict: judgeDryRun(observations, readings, plan, {
      interrupted: deps.signal?.aborted === true,
    }),
    observations,
    readings,
  };
}
