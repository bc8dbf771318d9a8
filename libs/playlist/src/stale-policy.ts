import { CHECKER_SETTING_BOUNDS } from '@hls-stale-guard/contract';
import type { StalenessPolicy } from './types';

/**
 * The RFC 8216 §6.2.1 deadline as written: a new version within 1.5 × TARGETDURATION; for LL-HLS three
 * part targets (a new part is due within one PART-TARGET; three absorb S3 event and upload jitter); no
 * grace.
 */
export const DEFAULT_STALENESS_POLICY: Readonly<StalenessPolicy> = Object.freeze({
  targetDurationMultiple: 1.5,
  partTargetMultiple: 3,
  graceMs: 0,
});

/**
 * A staleness policy that cannot be used. `problems` lists every problem found, not just the first.
 *
 * @example
 * ```ts
 * try {
 *   validatePolicy({ targetDurationMultiple: 0.5, graceMs: '0' });
 * } catch (error) {
 *   if (error instanceof StalenessPolicyError) console.error(error.problems);
 *   // ['targetDurationMultiple must be ≥ 1, got 0.5', 'graceMs must be a number, got string']
 * }
 * ```
 */
export class StalenessPolicyError extends Error {
  override readonly name = 'StalenessPolicyError';
  readonly problems: string[];

  constructor(problems: readonly string[], options?: ErrorOptions) {
    super(`invalid staleness policy: ${problems.join('; ')}`, options);
    this.problems = [...problems];
  }
}

/**
 * The range of each policy value: the checker's setting bounds (below 1 × the interval RFC 8216 §6.2.1
 * allows, a healthy playlist would be deleted; above the maximum, a deadline could overflow to Infinity).
 */
const POLICY_BOUNDS: Readonly<Record<keyof StalenessPolicy, { min: number; max: number }>> = {
  targetDurationMultiple: CHECKER_SETTING_BOUNDS.targetDurationMultiple,
  partTargetMultiple: CHECKER_SETTING_BOUNDS.partTargetMultiple,
  graceMs: CHECKER_SETTING_BOUNDS.graceMs,
};
const POLICY_KEYS = Object.keys(POLICY_BOUNDS) as (keyof StalenessPolicy)[];

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** The problems of one policy value, `undefined` when it is fine. */
function valueProblem(key: keyof StalenessPolicy, value: unknown): string | undefined {
  if (typeof value !== 'number') return `${key} must be a number, got ${describe(value)}`;
  if (Number.isNaN(value)) return `${key} must not be NaN`;
  if (!Number.isFinite(value)) return `${key} must be finite, got ${value}`;
  const { min, max } = POLICY_BOUNDS[key];
  if (value < min) return `${key} must be ≥ ${min}, got ${value}`;
  if (value > max) return `${key} must be ≤ ${max}, got ${value}`;
  return undefined;
}

/**
 * Checks a complete policy without allocating when it is fine; used by {@link decide} on every call so
 * that a policy that never went through {@link validatePolicy} cannot bring a deadline forward.
 *
 * @throws StalenessPolicyError
 */
export function assertValidPolicy(policy: StalenessPolicy): void {
  const problems: string[] = [];
  for (const key of POLICY_KEYS) {
    const problem = valueProblem(key, (policy as Partial<StalenessPolicy> | undefined)?.[key]);
    if (problem !== undefined) problems.push(problem);
  }
  if (problems.length > 0) throw new StalenessPolicyError(problems);
}

/**
 * Validates a policy from configuration and fills defaults from {@link DEFAULT_STALENESS_POLICY}. Throws
 * one {@link StalenessPolicyError} listing every problem: unknown keys, non-numbers (strings included),
 * NaN, infinities, multiples below 1, a negative grace.
 *
 * @example
 * ```ts
 * validatePolicy(undefined); // { targetDurationMultiple: 1.5, partTargetMultiple: 3, graceMs: 0 }
 * validatePolicy({ graceMs: 500 }); // { targetDurationMultiple: 1.5, partTargetMultiple: 3, graceMs: 500 }
 * ```
 * @throws StalenessPolicyError
 */
export function validatePolicy(input: Partial<StalenessPolicy> | unknown): StalenessPolicy {
  if (input === undefined) return { ...DEFAULT_STALENESS_POLICY };
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new StalenessPolicyError([`policy must be an object, got ${describe(input)}`]);
  }
  const record = input as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of Object.keys(record)) {
    if (!(POLICY_KEYS as string[]).includes(key))
      problems.push(`unknown key ${JSON.stringify(key)}`);
  }
  const policy: StalenessPolicy = { ...DEFAULT_STALENESS_POLICY };
  for (const key of POLICY_KEYS) {
    const value = record[key];
    if (value === undefined) continue;
    const problem = valueProblem(key, value);
    if (problem === undefined) policy[key] = value as number;
    else problems.push(problem);
  }
  if (problems.length > 0) throw new StalenessPolicyError(problems);
  return policy;
}
