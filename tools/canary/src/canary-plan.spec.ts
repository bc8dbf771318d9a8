import {
  decide,
  isPlaylistKey,
  parsePlaylist,
  type StalenessPolicy,
} from '@hls-stale-guard/playlist';
import {
  buildPlaylist,
  CANARY_DEFAULTS,
  makeRunId,
  planCanary,
  playbackUrl,
  type CanaryOptions,
} from './canary-plan';

const options: CanaryOptions = {
  ...CANARY_DEFAULTS,
  domain: 'd111111abcdef8.cloudfront.net',
  bucket: 'hsg-origin-a',
  timeoutS: undefined,
  region: undefined,
};
const RUN_ID = '20261120T100000Z-a1b2c3';
const RFC_POLICY: StalenessPolicy = {
  targetDurationMultiple: 1.5,
  partTargetMultiple: 3,
  graceMs: 0,
};

describe('makeRunId', () => {
  it('is UTC time to the second plus the random part, safe in an S3 key', () => {
    expect(makeRunId(Date.UTC(2026, 10, 20, 10, 0, 0, 999), 'a1b2c3')).toBe(RUN_ID);
  });

  it('sorts by time', () => {
    const earlier = makeRunId(Date.UTC(2026, 0, 1, 9, 59, 59), 'ffffff');
    const later = makeRunId(Date.UTC(2026, 0, 1, 10, 0, 0), '000000');
    expect([later, earlier].sort()).toEqual([earlier, later]);
  });
});

describe('playbackUrl', () => {
  it('serves a bare domain over https at the key path', () => {
    expect(playbackUrl('d1.cloudfront.net', 'a/b.m3u8')).toBe('https://d1.cloudfront.net/a/b.m3u8');
  });

  it('keeps a base URL with scheme and port, without doubling slashes', () => {
    expect(playbackUrl('http://127.0.0.1:8080/', 'a/b.m3u8')).toBe(
      'http://127.0.0.1:8080/a/b.m3u8',
    );
  });

  it('percent-encodes each key segment but keeps the slashes', () => {
    expect(playbackUrl('d1.cloudfront.net', 'my prefix/x+y.m3u8')).toBe(
      'https://d1.cloudfront.net/my%20prefix/x%2By.m3u8',
    );
  });
});

describe('planCanary', () => {
  it('puts both playlists under the prefix, in a folder named by the run id', () => {
    const plan = planCanary(options, RUN_ID);
    expect(plan.liveKey).toBe(`hls-stale-guard-canary/${RUN_ID}/live.m3u8`);
    expect(plan.endedKey).toBe(`hls-stale-guard-canary/${RUN_ID}/ended.m3u8`);
    expect(plan.liveUrl).toBe(`https://d111111abcdef8.cloudfront.net/${plan.liveKey}`);
  });

  it('adds the missing slash to a prefix so the run folder stays inside it', () => {
    expect(planCanary({ ...options, prefix: 'canary' }, RUN_ID).liveKey).toBe(
      `canary/${RUN_ID}/live.m3u8`,
    );
  });

  it('budgets deadline + error TTL + margin: 1.5 × 2 s + 1 s + 60 s', () => {
    const plan = planCanary(options, RUN_ID);
    expect(plan.staleDeadlineMs).toBe(3_000);
    expect(plan.budgetMs).toBe(64_000);
  });

  it('uses --timeout instead of the sum when given', () => {
    expect(planCanary({ ...options, timeoutS: 20 }, RUN_ID).budgetMs).toBe(20_000);
  });

  it('holds the ENDLIST check for at least the stale deadline plus the error TTL', () => {
    const plan = planCanary({ ...options, targetDurationS: 6 }, RUN_ID);
    expect(plan.holdMs).toBeGreaterThanOrEqual(9_000 + 1_000);
  });
});

describe('the canary playlists, judged by the checker library itself', () => {
  const plan = planCanary(options, RUN_ID);

  it('are playlist keys the checker looks at', () => {
    expect(isPlaylistKey(plan.liveKey)).toBe(true);
    expect(isPlaylistKey(plan.endedKey)).toBe(true);
  });

  it('live: a valid media playlist without ENDLIST, carrying the run id', () => {
    const parsed = parsePlaylist(plan.liveBody);
    expect(parsed).toMatchObject({ kind: 'media', hasEndList: false, targetDurationMs: 2_000 });
    expect(plan.liveBody).toContain(RUN_ID);
  });

  it('live: fresh just before multiple × TARGETDURATION, stale just after (RFC 8216 §6.2.1)', () => {
    const playlist = parsePlaylist(plan.liveBody);
    const at = (nowMs: number) =>
      decide({ playlist, lastUpdateMs: 0, nowMs, policy: RFC_POLICY }).kind;
    expect(at(plan.staleDeadlineMs - 1)).toBe('fresh');
    expect(at(plan.staleDeadlineMs + 1)).toBe('stale');
  });

  it('ended: has ENDLIST and is never stale, however old', () => {
    const playlist = parsePlaylist(plan.endedBody);
    expect(playlist).toMatchObject({ kind: 'media', hasEndList: true });
    expect(decide({ playlist, lastUpdateMs: 0, nowMs: 86_400_000, policy: RFC_POLICY }).kind).toBe(
      'not-applicable',
    );
  });

  it('every EXTINF rounds to at most TARGETDURATION (RFC 8216 §4.3.3.1)', () => {
    const body = buildPlaylist({ runId: RUN_ID, targetDurationS: 4, ended: false });
    const durations = [...body.matchAll(/^#EXTINF:([\d.]+),/gm)].map((m) => Number(m[1]));
    expect(durations.length).toBeGreaterThan(0);
    for (const d of durations) expect(Math.round(d)).toBeLessThanOrEqual(4);
  });
});

describe('wouldDeleteMetric (dry-run)', () => {
  it('selects the canary key’s own series with the default segment:1 rule (the run id)', () => {
    const plan = planCanary({ ...options, dryRun: true }, RUN_ID);
    expect(plan.mode).toBe('dry-run');
    expect(plan.wouldDelete).toEqual({
      namespace: 'HlsStaleGuard',
      metricName: 'DryRunWouldDelete',
      dimensions: [
        { name: 'Bucket', value: 'hsg-origin-a' },
        { name: 'Channel', value: RUN_ID },
      ],
    });
  });

  it('uses {Bucket} alone when the checker publishes no Channel (rule none)', () => {
    const plan = planCanary({ ...options, channelRule: 'none', metricsNamespace: 'X' }, RUN_ID);
    expect(plan.wouldDelete.dimensions).toEqual([{ name: 'Bucket', value: 'hsg-origin-a' }]);
    expect(plan.wouldDelete.namespace).toBe('X');
  });

  it('waits for the metric metric-wait seconds beyond the 404 budget', () => {
    const plan = planCanary({ ...options, metricWaitS: 100 }, RUN_ID);
    expect(plan.metricBudgetMs).toBe(plan.budgetMs + 100_000);
    expect(plan.mode).toBe('live');
  });
});
