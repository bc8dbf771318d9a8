/**
 * Tiny typed field validators for the stack configuration. (zod worked, but inferring its type for a
 * 34-field schema cost ~5 s of the 10 s typecheck budget; these rules infer in milliseconds.) A rule
 * turns an unknown JSON value into a typed value or a problem sentence, and knows its default.
 */

/** The outcome of one field. */
type FieldResult<T> = { ok: true; value: T } | { ok: false; problem: string };

/** A field: its default (used when the JSON leaves the field out) and how to parse it. */
export interface FieldRule<T> {
  readonly defaultValue: T;
  parse(value: unknown): FieldResult<T>;
}

/** The value type of a rule. */
export type RuleValue<R> = R extends FieldRule<infer T> ? T : never;

const ok = <T>(value: T): FieldResult<T> => ({ ok: true, value });
const fail = <T>(problem: string): FieldResult<T> => ({ ok: false, problem });
const show = (value: unknown) => JSON.stringify(value) ?? String(value);

/**
 * A number in [min, max]; `integer` rejects fractions.
 *
 * @example
 * numberRule({ min: 1, max: 900, integer: true }, 60).parse(61.5); // { ok: false, … }
 */
export function numberRule(
  limits: { min: number; max: number; integer?: boolean },
  defaultValue: number,
): FieldRule<number> {
  return {
    defaultValue,
    parse(value) {
      if (typeof value !== 'number' || !Number.isFinite(value))
        return fail(`must be a number, got ${show(value)}`);
      if (limits.integer && !Number.isInteger(value))
        return fail(`must be an integer, got ${value}`);
      if (value < limits.min || value > limits.max) {
        return fail(`must be ${limits.min}–${limits.max}, got ${value}`);
      }
      return ok(value);
    },
  };
}

/**
 * A number within a checker setting's contract bound (`CHECKER_SETTING_BOUNDS`): infra accepts exactly
 * what the runtime accepts, so a synthesized configuration cannot fail the function at init.
 *
 * @example
 * boundRule(CHECKER_SETTING_BOUNDS.graceMs, 0).parse(-1); // { ok: false, … }
 */
export function boundRule(
  bound: { readonly min: number; readonly max: number; readonly integer: boolean },
  defaultValue: number,
): FieldRule<number> {
  return numberRule({ min: bound.min, max: bound.max, integer: bound.integer }, defaultValue);
}

/**
 * A string that is `none` or `segment:<n>` with n within `indexBound` (the metrics channel rule).
 *
 * @example
 * channelRuleRule({ min: 0, max: 32 }, 'segment:1').parse('segment:40'); // { ok: false, … }
 */
export function channelRuleRule(
  indexBound: { readonly min: number; readonly max: number },
  defaultValue: string,
): FieldRule<string> {
  const message = `must be "segment:<n>" (${indexBound.min} ≤ n ≤ ${indexBound.max}) or "none"`;
  return {
    defaultValue,
    parse(value) {
      if (value === 'none') return ok(value);
      const match = typeof value === 'string' ? /^segment:(\d{1,3})$/.exec(value) : null;
      const index = match?.[1] === undefined ? Number.NaN : Number(match[1]);
      return index >= indexBound.min && index <= indexBound.max
        ? ok(value as string)
        : fail(`${message}, got ${show(value)}`);
    },
  };
}

/**
 * A boolean.
 *
 * @example
 * booleanRule(false).parse('yes'); // { ok: false, … }
 */
export function booleanRule(defaultValue: boolean): FieldRule<boolean> {
  return {
    defaultValue,
    parse: (value) =>
      typeof value === 'boolean' ? ok(value) : fail(`must be true or false, got ${show(value)}`),
  };
}

/**
 * A string matching `pattern`; `message` says what is expected.
 *
 * @example
 * stringRule(/^[a-z]+$/, 'must be lower-case letters', 'abc').parse('ABC'); // { ok: false, … }
 */
export function stringRule<T extends string = string>(
  pattern: RegExp,
  message: string,
  defaultValue: T,
): FieldRule<T> {
  return {
    defaultValue,
    parse(value) {
      if (typeof value !== 'string') return fail(`${message}, got ${show(value)}`);
      return pattern.test(value) ? ok(value as T) : fail(`${message}, got ${show(value)}`);
    },
  };
}

/**
 * One of a fixed set of values.
 *
 * @example
 * oneOfRule([1, 3, 5] as const, 3).parse(4); // { ok: false, problem: 'must be one of 1, 3, 5, got 4' }
 */
export function oneOfRule<const T extends string | number>(
  values: readonly T[],
  defaultValue: T,
): FieldRule<T> {
  return {
    defaultValue,
    parse: (value) =>
      values.includes(value as T)
        ? ok(value as T)
        : fail(`must be one of ${values.join(', ')}, got ${show(value)}`),
  };
}

/**
 * `null` or a value of `rule` (whose default is ignored: the field defaults to `null`).
 *
 * @example
 * nullableRule(stringRule(/^\S+$/, 'must be a word', '')).defaultValue; // null
 */
export function nullableRule<T>(
  rule: FieldRule<T>,
  defaultValue: T | null = null,
): FieldRule<T | null> {
  return {
    defaultValue,
    parse: (value) => (value === null ? ok(null) : rule.parse(value)),
  };
}

/**
 * A list of `item`s with a length range; `unique` rejects duplicates.
 *
 * @example
 * listRule(stringRule(/^a$/, 'must be "a"', 'a'), { min: 1, max: 2 }, ['a']).parse([]); // { ok: false, … }
 */
export function listRule<T>(
  item: FieldRule<T>,
  limits: { min: number; max: number; unique?: boolean; lengthMessage?: string },
  defaultValue: T[],
): FieldRule<T[]> {
  return {
    defaultValue,
    parse(value) {
      if (!Array.isArray(value)) return fail(`must be a list, got ${show(value)}`);
      if (value.length < limits.min || value.length > limits.max) {
        return fail(
          limits.lengthMessage ??
            `must have ${limits.min}–${limits.max} entries, got ${value.length}`,
        );
      }
      const items: T[] = [];
      for (const [index, entry] of value.entries()) {
        const result = item.parse(entry);
        if (!result.ok) return fail(`[${index}] ${result.problem}`);
        items.push(result.value);
      }
      if (limits.unique && new Set(items).size !== items.length)
        return fail('must not contain duplicates');
      return ok(items);
    },
  };
}
