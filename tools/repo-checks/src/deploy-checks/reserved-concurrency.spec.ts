import {
  checkReservedConcurrency,
  MIN_UNRESERVED_CONCURRENCY,
  parseAccountSettings,
  parseCurrentReservation,
  reservationRequests,
} from './reserved-concurrency';

function stack(
  functions: Record<string, { function_name: string; reserved_concurrent_executions?: number }>,
) {
  return JSON.stringify({ resource: { aws_lambda_function: functions, aws_sqs_queue: { q: {} } } });
}

describe('reservationRequests', () => {
  it('lists the functions that reserve concurrency; -1 (none) and unset are left out', () => {
    const text = stack({
      checker: { function_name: 'hsg-stale-checker', reserved_concurrent_executions: 6 },
      unset: { function_name: 'hsg-other' },
      none: { function_name: 'hsg-none', reserved_concurrent_executions: -1 },
    });
    expect(reservationRequests(text)).toEqual({
      kind: 'ok',
      value: [{ functionName: 'hsg-stale-checker', reserved: 6 }],
    });
  });

  it('a stack without functions asks for nothing', () => {
    expect(reservationRequests('{"resource":{}}')).toEqual({ kind: 'ok', value: [] });
  });

  it('turns garbage into a reason, never an exception', () => {
    expect(reservationRequests('not json').kind).toBe('invalid');
    expect(
      reservationRequests('{"resource":{"aws_lambda_function":{"f":{"function_name":3}}}}').kind,
    ).toBe('invalid');
  });
});

describe('parseAccountSettings / parseCurrentReservation', () => {
  it('reads the limit and the unreserved pool', () => {
    expect(
      parseAccountSettings(
        '{"AccountLimit":{"ConcurrentExecutions":1000,"UnreservedConcurrentExecutions":940,"CodeSizeZipped":1},"AccountUsage":{}}',
      ),
    ).toEqual({ kind: 'ok', value: { limit: 1000, unreserved: 940 } });
    expect(parseAccountSettings('{"AccountLimit":{}}').kind).toBe('invalid');
  });

  it('a function that does not exist yet, or has no reservation, holds 0', () => {
    expect(parseCurrentReservation('{}')).toEqual({ kind: 'ok', value: 0 });
    expect(parseCurrentReservation('{"Configuration":{}}')).toEqual({ kind: 'ok', value: 0 });
    expect(parseCurrentReservation('{"Concurrency":{"ReservedConcurrentExecutions":6}}')).toEqual({
      kind: 'ok',
      value: 6,
    });
  });
});

describe('checkReservedConcurrency', () => {
  const request = [{ functionName: 'hsg-stale-checker', reserved: 6 }];

  it(`at least ${MIN_UNRESERVED_CONCURRENCY} must stay unreserved: a new account's limit of 10 cannot reserve 6`, () => {
    const verdict = checkReservedConcurrency(request, { limit: 10, unreserved: 10 }, new Map());
    expect(verdict.ok).toBe(false);
    expect(verdict.message).toContain('account limit is 10');
    expect(verdict.message).toContain('Service Quotas');
  });

  it('exactly the minimum left over is allowed, one less is not', () => {
    const fits = { limit: 106, unreserved: MIN_UNRESERVED_CONCURRENCY + 6 };
    expect(checkReservedConcurrency(request, fits, new Map()).ok).toBe(true);
    const short = { limit: 105, unreserved: MIN_UNRESERVED_CONCURRENCY + 5 };
    expect(checkReservedConcurrency(request, short, new Map()).ok).toBe(false);
  });

  it("the function's own current reservation returns to the pool (a redeploy does not count it twice)", () => {
    const account = { limit: 106, unreserved: MIN_UNRESERVED_CONCURRENCY };
    expect(checkReservedConcurrency(request, account, new Map()).ok).toBe(false);
    expect(checkReservedConcurrency(request, account, new Map([['hsg-stale-checker', 6]])).ok).toBe(
      true,
    );
  });

  it('several functions add up', () => {
    const two = [...request, { functionName: 'hsg-reconciler', reserved: 6 }];
    expect(checkReservedConcurrency(two, { limit: 1000, unreserved: 111 }, new Map()).ok).toBe(
      false,
    );
  });

  it('nothing reserved passes without looking at the account', () => {
    expect(checkReservedConcurrency([], { limit: 0, unreserved: 0 }, new Map()).ok).toBe(true);
  });
});
