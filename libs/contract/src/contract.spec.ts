import { CHECKER_ENV, ORIGIN_FAILOVER_STATUS_CODES } from './index';

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
