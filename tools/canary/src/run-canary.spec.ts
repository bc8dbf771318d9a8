import { decide, parsePlaylist } from '@hls-stale-guard/playlist';
import { createFakeFetch, createFakeTime, createMemoryStore, type Responder } from '../test/fakes';
import { CANARY_DEFAULTS, planCanary, type CanaryPlan } from './canary-plan';
import { EXIT_CODES } from './exit-codes';
import { FAIL_REASONS } from './judge-probe';
import type { CanaryEvent } from './ports';
import { runCanary } from './run-canary';

const RUN_ID = '20261120T100000Z-a1b2c3';
const POLICY = { targetDurationMultiple: 1.5, partTargetMultiple: 3, graceMs: 0 };

function makePlan(
  overrides: { timeoutS?: number; marginS?: number; dryRun?: boolean } = {},
): CanaryPlan {
  return planCanary(
    {
      ...CANARY_DEFAULTS,
      dryRun: overrides.dryRun ?? false,
      domain: 'd1.cloudfront.net',
      bucket: 'hsg-origin-a',
      timeoutS: overrides.timeoutS,
      marginS: overrides.marginS ?? 10,
      region: undefined,
    },
    RUN_ID,
  );
}

interface WorldOptions {
  /** How long after the RFC deadline the fake checker deletes; `null`: never. */
  readonly checkerLagMs?: number | null;
  /** The fake checker (wrongly) deletes finished playlists too. */
  readonly deletesEnded?: boolean;
  /** What the CDN answers for a missing key (404 with s3:ListBucket, 403 without). */
  readonly missingStatus?: number;
  /** The CDN answers 404 for the live URL whatever the bucket holds (misrouted path). */
  readonly liveAlways404?: boolean;
  readonly failOn?: Parameters<typeof createMemoryStore>[0];
  readonly flaky?: boolean;
  /** The fake checker runs with DRY_RUN: it counts a would-delete instead of deleting. */
  readonly dryRun?: boolean;
  /** Dry-run: how long a counted would-delete takes to show in the metric; `null`: never. */
  readonly metricDelayMs?: number | null;
}

/** A bucket, a checker that applies the real staleness rule, and a CDN in front of the bucket. */
function world(options: WorldOptions = {}) {
  const time = createFakeTime();
  const store = createMemoryStore(options.failOn);
  const writtenAt = new Map<string, number>();
  const put = store.put.bind(store);
  store.put = async (key, body) => {
    await put(key, body);
    writtenAt.set(key, time.clock.now());
  };
  const lag = options.checkerLagMs === undefined ? 500 : options.checkerLagMs;
  const countedAt = new Map<string, number>();
  const metricDelay = options.metricDelayMs === undefined ? 60_000 : options.metricDelayMs;
  const metricReads: number[] = [];
  const metrics = {
    sum: async () => {
      metricReads.push(time.clock.now());
      if (metricDelay === null) return 0;
      return [...countedAt.values()].filter((at) => at + metricDelay <= time.clock.now()).length;
    },
  };
  const runChecker = (now: number) => {
    if (lag === null) return;
    for (const [key, body] of store.objects) {
      const verdict = decide({
        playlist: parsePlaylist(body),
        lastUpdateMs: writtenAt.get(key) ?? 0,
        nowMs: now - lag,
        policy: POLICY,
      });
      if (options.dryRun && verdict.kind === 'stale') {
        if (!countedAt.has(key)) countedAt.set(key, now);
        continue;
      }
      if (
        verdict.kind === 'stale' ||
        (options.deletesEnded && now - (writtenAt.get(key) ?? 0) > 3_000 + lag)
      )
        store.objects.delete(key);
    }
  };
  let requests = 0;
  const respond: Responder = (url, now) => {
    runChecker(now);
    requests++;
    if (options.flaky && requests % 3 === 0)
      return requests % 2 === 0 ? new Error('fetch failed') : { status: 503 };
    const key = decodeURIComponent(new URL(url).pathname.slice(1));
    if (options.liveAlways404 && key.endsWith('live.m3u8')) return { status: 404 };
    const body = store.objects.get(key);
    return body === undefined ? { status: options.missingStatus ?? 404 } : { status: 200, body };
  };
  const fetch = createFakeFetch(time, respond);
  const events: CanaryEvent[] = [];
  const deps = {
    store,
    fetch,
    clock: time.clock,
    sleep: time.sleep,
    log: (e: CanaryEvent) => events.push(e),
    metrics,
  };
  return { time, store, fetch, events, deps, metricReads };
}

describe('runCanary', () => {
  it('passes when the checker deletes the stale live playlist and keeps the finished one, then cleans up', async () => {
    const w = world();
    const plan = makePlan();

    const outcome = await runCanary(w.deps, plan);

    expect(outcome.exitCode).toBe(EXIT_CODES.passed);
    expect(outcome.verdict).toMatchObject({ kind: 'pass', liveServedFirst: true });
    expect(w.store.objects.size).toBe(0);
    expect([...outcome.cleanup.deleted].sort()).toEqual([plan.endedKey, plan.liveKey].sort());
  });

  it('sees the 404 within one poll interval of the deletion, never before the RFC deadline', async () => {
    const w = world({ checkerLagMs: 500 });
    const plan = makePlan();

    const outcome = await runCanary(w.deps, plan);

    const v = outcome.verdict;
    const gone = v?.kind === 'pass' && 'liveGoneAtMs' in v ? v.liveGoneAtMs : NaN;
    expect(gone).toBeGreaterThanOrEqual(plan.staleDeadlineMs + 500 - plan.intervalMs);
    expect(gone).toBeLessThanOrEqual(plan.staleDeadlineMs + 500 + plan.intervalMs);
  });

  it('keeps checking the ENDLIST playlist for the hold period after the live one is gone', async () => {
    const w = world();
    const plan = makePlan();

    const outcome = await runCanary(w.deps, plan);

    const v = outcome.verdict;
    const gone = v?.kind === 'pass' && 'liveGoneAtMs' in v ? v.liveGoneAtMs : NaN;
    const endedAfter = outcome.observations.filter((o) => o.target === 'ended' && o.atMs >= gone);
    expect(endedAfter.length).toBeGreaterThanOrEqual(Math.floor(plan.holdMs / plan.intervalMs));
    expect(endedAfter[endedAfter.length - 1]?.atMs).toBeGreaterThanOrEqual(
      gone + plan.holdMs - plan.intervalMs,
    );
  });

  it('fails with live-not-removed when the checker never deletes, stops polling at the budget, and cleans up', async () => {
    const w = world({ checkerLagMs: null });
    const plan = makePlan({ timeoutS: 8 });

    const outcome = await runCanary(w.deps, plan);

    expect(outcome.exitCode).toBe(EXIT_CODES.failed);
    expect(outcome.verdict).toMatchObject({ kind: 'fail', reason: FAIL_REASONS.liveNotRemoved });
    expect(Math.max(...outcome.observations.map((o) => o.atMs))).toBeLessThanOrEqual(plan.budgetMs);
    expect(w.store.objects.size).toBe(0);
  });

  it('fails with ended-removed when the checker also deletes finished playlists', async () => {
    const w = world({ deletesEnded: true, checkerLagMs: 2_000 });

    const outcome = await runCanary(w.deps, makePlan());

    expect(outcome.verdict).toMatchObject({ kind: 'fail', reason: FAIL_REASONS.endedRemoved });
    expect(outcome.exitCode).toBe(EXIT_CODES.failed);
  });

  it('explains a 403 for the deleted playlist (no s3:ListBucket for the CDN)', async () => {
    const w = world({ missingStatus: 403 });

    const outcome = await runCanary(w.deps, makePlan({ timeoutS: 8 }));

    expect(outcome.verdict).toMatchObject({ kind: 'fail', reason: FAIL_REASONS.liveForbidden });
  });

  it('fails when the CDN says 404 but the bucket still holds the live playlist', async () => {
    const w = world({ liveAlways404: true, checkerLagMs: null });

    const outcome = await runCanary(w.deps, makePlan());

    expect(outcome.verdict).toMatchObject({ kind: 'fail', reason: FAIL_REASONS.liveStillInOrigin });
    expect(w.store.objects.size).toBe(0);
  });

  it('rides out network errors and 503s', async () => {
    const w = world({ flaky: true });

    const outcome = await runCanary(w.deps, makePlan());

    expect(outcome.observations.some((o) => o.status === null)).toBe(true);
    expect(outcome.observations.some((o) => o.status === 503)).toBe(true);
    expect(outcome.exitCode).toBe(EXIT_CODES.passed);
  });

  it('exits 3 without probing when an upload fails, and deletes what was uploaded', async () => {
    const w = world({ failOn: { op: 'put', key: 'live.m3u8' } });
    const plan = makePlan();

    const outcome = await runCanary(w.deps, plan);

    expect(outcome.exitCode).toBe(EXIT_CODES.setupFailed);
    expect(outcome.setupError).toContain('AccessDenied');
    expect(w.fetch.requests).toEqual([]);
    expect(w.store.objects.has(plan.endedKey)).toBe(false);
  });

  it('exits 4 and names the key when the verdict passed but cleanup failed', async () => {
    const w = world({ failOn: { op: 'remove', key: 'ended.m3u8' } });
    const plan = makePlan();

    const outcome = await runCanary(w.deps, plan);

    expect(outcome.exitCode).toBe(EXIT_CODES.cleanupFailed);
    expect(outcome.cleanup.failed).toEqual([plan.endedKey]);
    expect(w.events).toContainEqual(
      expect.objectContaining({ event: 'cleanup-failed', key: plan.endedKey }),
    );
  });

  it('exits 130 and still cleans up when interrupted', async () => {
    const w = world({ checkerLagMs: null });
    const controller = new AbortController();
    const plan = makePlan();
    let polls = 0;
    const fetch = Object.assign(
      async (url: string, init: { signal: AbortSignal }) => {
        if (++polls === 4) controller.abort();
        return w.fetch(url, init);
      },
      { requests: [] },
    );

    const outcome = await runCanary({ ...w.deps, fetch, signal: controller.signal }, plan);

    expect(outcome.exitCode).toBe(EXIT_CODES.interrupted);
    expect(w.store.objects.size).toBe(0);
    expect(polls).toBeLessThan(6);
  });
});

describe('runCanary in dry-run (the checker deletes nothing)', () => {
  it('passes when the stale live playlist stays served and its would-delete shows in the metric, then cleans up', async () => {
    const w = world({ dryRun: true, metricDelayMs: 60_000 });
    const plan = makePlan({ dryRun: true });

    const outcome = await runCanary(w.deps, plan);

    expect(outcome.verdict).toMatchObject({ kind: 'pass', wouldDeleteCount: 1 });
    expect(outcome.exitCode).toBe(EXIT_CODES.passed);
    const v = outcome.verdict;
    const seenAt = v?.kind === 'pass' && 'wouldDeleteSeenAtMs' in v ? v.wouldDeleteSeenAtMs : NaN;
    expect(seenAt).toBeGreaterThanOrEqual(plan.staleDeadlineMs + 60_000);
    expect(w.store.objects.size).toBe(0);
  });

  it('reads the metric only after the deadline, at most every 15 s (GetMetricData is billed per call)', async () => {
    const w = world({ dryRun: true, metricDelayMs: 120_000 });
    const plan = makePlan({ dryRun: true });

    await runCanary(w.deps, plan);

    expect(w.metricReads.length).toBeGreaterThan(1);
    const start = w.metricReads[0] as number;
    expect(start).toBeGreaterThan(0);
    for (let i = 1; i < w.metricReads.length; i++)
      expect(
        (w.metricReads[i] as number) - (w.metricReads[i - 1] as number),
      ).toBeGreaterThanOrEqual(15_000);
  });

  it('fails with dry-run-deleted when the checker deletes although DRY_RUN is on', async () => {
    const w = world({ dryRun: false });
    const plan = makePlan({ dryRun: true });

    const outcome = await runCanary(w.deps, plan);

    expect(outcome.verdict).toMatchObject({ kind: 'fail', reason: FAIL_REASONS.dryRunDeleted });
    expect(outcome.exitCode).toBe(EXIT_CODES.failed);
    expect(w.store.objects.size).toBe(0);
  });

  it('fails with would-delete-not-counted when the metric never moves within the budget', async () => {
    const w = world({ dryRun: true, metricDelayMs: null });
    const plan = makePlan({ dryRun: true });

    const outcome = await runCanary(w.deps, plan);

    expect(outcome.verdict).toMatchObject({
      kind: 'fail',
      reason: FAIL_REASONS.wouldDeleteNotCounted,
    });
    expect(w.store.objects.size).toBe(0);
  });

  it('refuses to run a dry-run plan without a metrics reader', async () => {
    const w = world({ dryRun: true });
    const { metrics: _metrics, ...deps } = w.deps;

    await expect(runCanary(deps, makePlan({ dryRun: true }))).rejects.toThrow(/metrics reader/);
    expect(w.store.objects.size).toBe(0);
  });
});
