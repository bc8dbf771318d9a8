import {
  ALL_STALE_POLICIES,
  CHECKER_ENV,
  DEFAULT_ALL_STALE_POLICY,
  CHECKER_SETTING_BOUNDS,
  DEFAULT_LOG_LEVEL,
  DEFAULT_REGISTRY_TTL_HOURS,
  LOG_LEVELS,
  METRICS_NAMESPACE_PATTERN,
  notificationDelaySeconds,
  SQS_MAX_DELAY_SECONDS,
  ORIGIN_FAILOVER_STATUS_CODES,
} from './index';

/** CloudFront origin groups accept only these failover codes (AWS docs: FailoverCriteria StatusCodes). */
const CLOUDFRONT_ALLOWED_FAILOVER_CODES = [400, 403, 404, 416, 500, 502, 503, 504];

describe('origin failover status codes', () => {
  it('are all codes CloudFront accepts for origin-group failover', () => {
    for (const code of ORIGIN_FAILOVER_STATUS_CODES) {
      expect(CLOUDFRONT_ALLOWED_FAILOVER_CODES).toContain(code);
    }
  });

  it('include 403 and 404 so a deleted playlist on pipeline A is served from pipeline B', () => {
    expect(ORIGIN_FAILOVER_STATUS_CODES).toEqual(expect.arrayContaining([403, 404]));
  });
});

describe('checker environment names', () => {
  it('are unique, upper snake case', () => {
    const names = Object.values(CHECKER_ENV);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[A-Z][A-Z0-9_]*$/);
  });
});

describe('checker setting bounds', () => {
  it.each(Object.entries(CHECKER_SETTING_BOUNDS))(
    '%s has min ≤ max, finite, whole when integer',
    (_name, bound) => {
      expect(Number.isFinite(bound.min) && Number.isFinite(bound.max)).toBe(true);
      expect(bound.min).toBeLessThanOrEqual(bound.max);
      if (bound.integer)
        expect(Number.isInteger(bound.min) && Number.isInteger(bound.max)).toBe(true);
    },
  );

  it('name only checker settings', () => {
    for (const key of Object.keys(CHECKER_SETTING_BOUNDS)) expect(CHECKER_ENV).toHaveProperty(key);
  });

  it('default the registry TTL within its bound', () => {
    const { min, max } = CHECKER_SETTING_BOUNDS.registryTtlHours;
    expect(DEFAULT_REGISTRY_TTL_HOURS).toBeGreaterThanOrEqual(min);
    expect(DEFAULT_REGISTRY_TTL_HOURS).toBeLessThanOrEqual(max);
  });
});

describe('all-stale policies', () => {
  it('are delete (the RFC 8216 rule, the default) and keep-last', () => {
    expect(ALL_STALE_POLICIES).toEqual(['delete', 'keep-last']);
    expect(DEFAULT_ALL_STALE_POLICY).toBe('delete');
  });
});

describe('log levels', () => {
  it('are lower case, lowest first, and include the default', () => {
    expect(LOG_LEVELS).toEqual(['debug', 'info', 'warn', 'error']);
    expect(LOG_LEVELS).toContain(DEFAULT_LOG_LEVEL);
  });
});

describe('metrics namespace pattern', () => {
  it.each(['HlsStaleGuard', 'Custom/Ns', 'a b:c#d_e.f-g', 'x'.repeat(255)])('accepts %s', (ns) => {
    expect(METRICS_NAMESPACE_PATTERN.test(ns)).toBe(true);
  });
  it.each([':hls', 'AWS/Lambda', '', 'x'.repeat(256), 'émetteur'])('rejects %p', (ns) => {
    expect(METRICS_NAMESPACE_PATTERN.test(ns)).toBe(false);
  });
});

describe('notificationDelaySeconds', () => {
  const at = (minTargetDurationSeconds: number | null, batchingWindowSeconds = 1, k = 1.5) =>
    notificationDelaySeconds({
      minTargetDurationSeconds,
      targetDurationMultiple: k,
      batchingWindowSeconds,
    });

  it.each([
    // [min TD, window, delay]: floor(1.5 × TD) − window, so the window ends by the shortest deadline.
    [2, 1, 2],
    [2, 0, 3],
    [6, 1, 8],
    [4, 1, 5],
    [1, 1, 0],
    [1, 0, 1],
    [3, 5, 0],
  ])(
    'holds a notification until one window before the shortest deadline (TD %d s, window %d s)',
    (td, window, delay) => {
      expect(at(td, window)).toBe(delay);
    },
  );

  it('is 0 without a shortest TARGETDURATION', () => {
    expect(at(null)).toBe(0);
  });

  it('never exceeds what SQS accepts', () => {
    expect(at(3_600, 0)).toBe(SQS_MAX_DELAY_SECONDS);
  });

  it('never makes the window end after the shortest deadline', () => {
    for (let td = 1; td <= 60; td += 1) {
      for (let window = 0; window <= 5; window += 1) {
        // A window longer than the deadline is late by itself; the delay never adds to it.
        const delay = at(td, window);
        if (delay > 0) expect(delay + window).toBeLessThanOrEqual(1.5 * td);
      }
    }
  });
});
