/**
 * Polls the playback URLs of one canary run until the live playlist is gone and the finished one has been
 * held long enough, or the budget runs out. The loop only decides when to stop; `judgeProbe` decides the
 * verdict from what was observed.
 */
import type { CanaryPlan } from './canary-plan';
import { GONE_STATUSES, judgeProbe, type Observation, type ProbeVerdict } from './judge-probe';
import type { CanaryEvent, Clock, FetchLike, Sleep } from './ports';

export interface ProbeDeps {
  readonly fetch: FetchLike;
  readonly clock: Clock;
  readonly sleep: Sleep;
  readonly log: (event: CanaryEvent) => void;
  readonly signal?: AbortSignal;
}

export interface ProbeResult {
  readonly verdict: ProbeVerdict;
  readonly observations: readonly Observation[];
}

export async function observe(
  deps: ProbeDeps,
  target: 'live' | 'ended',
  url: string,
  atMs: number,
  plan: Pick<CanaryPlan, 'runId' | 'requestTimeoutMs'>,
): Promise<Observation> {
  const signals = [
    AbortSignal.timeout(plan.requestTimeoutMs),
    ...(deps.signal ? [deps.signal] : []),
  ];
  let observation: Observation;
  try {
    // A redirect is not "served": the playback domain must answer the playlist itself.
    const response = await deps.fetch(url, {
      signal: AbortSignal.any(signals),
      redirect: 'manual',
    });
    const body = await response.text();
    observation =
      response.status === 200
        ? { target, atMs, status: 200, bodyMatches: body.includes(plan.runId) }
        : { target, atMs, status: response.status };
  } catch (error) {
    const cause = (error as Error & { cause?: Error }).cause;
    observation = {
      target,
      atMs,
      status: null,
      error: cause?.message ?? (error as Error).message,
    };
  }
  deps.log({
    event: 'observed',
    target,
    atMs,
    status: observation.status,
    ...(observation.error ? { error: observation.error } : {}),
  });
  return observation;
}

/**
 * Runs the probe. `startedAtMs` is the clock reading when both uploads had finished: the checker's
 * deadline counts from the object's Last-Modified, which is no later than that.
 *
 * @example
 * const { verdict } = await probePlayback({ fetch, clock, sleep, log }, plan, clock.now());
 * if (verdict.kind === 'fail') console.error(verdict.detail);
 */
export async function probePlayback(
  deps: ProbeDeps,
  plan: CanaryPlan,
  startedAtMs: number,
): Promise<ProbeResult> {
  const observations: Observation[] = [];
  const elapsed = () => deps.clock.now() - startedAtMs;
  let goneAtMs: number | undefined;

  while (!deps.signal?.aborted) {
    const atMs = elapsed();
    if (goneAtMs === undefined) {
      if (atMs > plan.budgetMs) break;
      const live = await observe(deps, 'live', plan.liveUrl, atMs, plan);
      observations.push(live);
      if (live.status !== null && (GONE_STATUSES as readonly number[]).includes(live.status))
        goneAtMs = atMs;
    } else if (atMs > goneAtMs + plan.holdMs) {
      break;
    }
    const ended = await observe(deps, 'ended', plan.endedUrl, atMs, plan);
    observations.push(ended);
    if (ended.status !== 200 && ended.status !== null && ended.status < 500) break; // definitive
    if (ended.status === 200 && ended.bodyMatches === false) break;

    const nextAt = atMs + plan.intervalMs;
    const wait = nextAt - elapsed();
    if (wait > 0) await deps.sleep(wait, deps.signal);
  }
  return {
    verdict: judgeProbe(observations, plan, { interrupted: deps.signal?.aborted === true }),
    observations,
  };
}
