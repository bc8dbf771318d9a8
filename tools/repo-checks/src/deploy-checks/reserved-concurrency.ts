/**
 * Reserved-concurrency quota check, run before `terraform apply`: Lambda refuses a reservation that would
 * leave the account with less than {@link MIN_UNRESERVED_CONCURRENCY} unreserved concurrency, and a
 * refused `PutFunctionConcurrency` half-way through an apply leaves a partly changed stack. Pure: the
 * caller reads the synthesized stack, `aws lambda get-account-settings` and `aws lambda get-function`.
 */
import { z } from 'zod';

/**
 * Lambda keeps at least 100 concurrent executions unreserved for functions without a reservation.
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html
 */
export const MIN_UNRESERVED_CONCURRENCY = 100;

/** A function of the synthesized stack that asks for reserved concurrency. */
export interface ReservationRequest {
  readonly functionName: string;
  readonly reserved: number;
}

const stackSchema = z.object({
  resource: z
    .object({
      aws_lambda_function: z
        .record(
          z.string(),
          z.object({
            function_name: z.string(),
            reserved_concurrent_executions: z.number().int().optional(),
          }),
        )
        .optional(),
    })
    .optional(),
});

const accountSettingsSchema = z.object({
  AccountLimit: z.object({
    ConcurrentExecutions: z.number().int(),
    UnreservedConcurrentExecutions: z.number().int(),
  }),
});

const getFunctionSchema = z.object({
  Concurrency: z.object({ ReservedConcurrentExecutions: z.number().int() }).optional(),
});

export type Parsed<T> = { kind: 'ok'; value: T } | { kind: 'invalid'; reason: string };

function parseJson<T>(text: string, schema: z.ZodType<T>, what: string): Parsed<T> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { kind: 'invalid', reason: `${what} is not JSON: ${(error as Error).message}` };
  }
  const result = schema.safeParse(raw);
  return result.success
    ? { kind: 'ok', value: result.data }
    : {
        kind: 'invalid',
        reason: `${what}: ${result.error.issues[0]?.message ?? 'unexpected shape'}`,
      };
}

/**
 * The functions of a synthesized stack (`cdk.tf.json`) that set `reserved_concurrent_executions`.
 * Terraform's `-1` means "no reservation" and is left out.
 *
 * @example
 * reservationRequests(stackJsonText) // { kind: 'ok', value: [{ functionName: 'hsg-stale-checker', reserved: 6 }] }
 */
export function reservationRequests(stackJson: string): Parsed<ReservationRequest[]> {
  const parsed = parseJson(stackJson, stackSchema, 'the synthesized stack');
  if (parsed.kind === 'invalid') return parsed;
  const functions = Object.values(parsed.value.resource?.aws_lambda_function ?? {});
  return {
    kind: 'ok',
    value: functions.flatMap((f) =>
      f.reserved_concurrent_executions !== undefined && f.reserved_concurrent_executions >= 0
        ? [{ functionName: f.function_name, reserved: f.reserved_concurrent_executions }]
        : [],
    ),
  };
}

/** What the account has now (`aws lambda get-account-settings`). */
export interface AccountConcurrency {
  readonly limit: number;
  readonly unreserved: number;
}

/**
 * @example
 * parseAccountSettings('{"AccountLimit":{"ConcurrentExecutions":1000,"UnreservedConcurrentExecutions":1000}}')
 * // { kind: 'ok', value: { limit: 1000, unreserved: 1000 } }
 */
export function parseAccountSettings(text: string): Parsed<AccountConcurrency> {
  const parsed = parseJson(text, accountSettingsSchema, 'get-account-settings output');
  return parsed.kind === 'invalid'
    ? parsed
    : {
        kind: 'ok',
        value: {
          limit: parsed.value.AccountLimit.ConcurrentExecutions,
          unreserved: parsed.value.AccountLimit.UnreservedConcurrentExecutions,
        },
      };
}

/**
 * The reservation a deployed function holds today (`aws lambda get-function`); `{}` (a function that does
 * not exist yet) and a function without a reservation both hold 0.
 *
 * @example
 * parseCurrentReservation('{"Concurrency":{"ReservedConcurrentExecutions":6}}') // { kind: 'ok', value: 6 }
 */
export function parseCurrentReservation(text: string): Parsed<number> {
  const parsed = parseJson(text, getFunctionSchema, 'get-function output');
  return parsed.kind === 'invalid'
    ? parsed
    : { kind: 'ok', value: parsed.value.Concurrency?.ReservedConcurrentExecutions ?? 0 };
}

export type QuotaVerdict =
  | { readonly ok: true; readonly message: string }
  | { readonly ok: false; readonly message: string };

/**
 * May these reservations be applied? The functions' current reservations come back to the unreserved pool
 * when Terraform changes them, so they count as available; what must remain is
 * {@link MIN_UNRESERVED_CONCURRENCY}.
 *
 * @example
 * checkReservedConcurrency([{ functionName: 'f', reserved: 6 }], { limit: 10, unreserved: 10 }, new Map())
 * // { ok: false, message: 'f asks for 6 reserved … the account limit is 10 …' }
 */
export function checkReservedConcurrency(
  requests: readonly ReservationRequest[],
  account: AccountConcurrency,
  currentReservations: ReadonlyMap<string, number>,
): QuotaVerdict {
  if (requests.length === 0)
    return { ok: true, message: 'no function of the stack reserves concurrency' };
  const requested = requests.reduce((sum, r) => sum + r.reserved, 0);
  const released = requests.reduce(
    (sum, r) => sum + (currentReservations.get(r.functionName) ?? 0),
    0,
  );
  const available = account.unreserved + released;
  const left = available - requested;
  const what = requests.map((r) => `${r.functionName} asks for ${r.reserved}`).join(', ');
  if (left >= MIN_UNRESERVED_CONCURRENCY)
    return {
      ok: true,
      message: `${what} reserved concurrency; ${left} of the account's ${account.limit} stay unreserved (at least ${MIN_UNRESERVED_CONCURRENCY} must)`,
    };
  return {
    ok: false,
    message:
      `${what} reserved concurrency, but the account limit is ${account.limit} with ${account.unreserved} unreserved` +
      `${released > 0 ? ` (+${released} this stack already holds)` : ''}: only ${left} would stay unreserved and Lambda ` +
      `requires ${MIN_UNRESERVED_CONCURRENCY}. Request a higher "Concurrent executions" quota in Service Quotas, ` +
      `or lower reservedConcurrency in the infra config (null for none).`,
  };
}
