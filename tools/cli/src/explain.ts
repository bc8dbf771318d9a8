/**
 * Error messages that name the cause the user can act on: the flag (not an internal field), the host and
 * port that refused the connection, the valid flags. Pure.
 */

/** The CLI flag behind each field of the staleness policy. */
const POLICY_FLAGS: Readonly<Record<string, string>> = {
  targetDurationMultiple: '--multiple',
  graceMs: '--grace-ms',
};

/** `targetDurationMultiple must be ≥ 1, got 0.5` → `--multiple must be ≥ 1, got 0.5`. */
export function policyProblemToFlag(problem: string): string {
  for (const [field, flag] of Object.entries(POLICY_FLAGS)) {
    if (problem.startsWith(`${field} `)) return `${flag}${problem.slice(field.length)}`;
  }
  return problem;
}

/** A number given to `flag`, or the problem naming the flag and what was given. */
export function parseNumberFlag(
  flag: string,
  text: string | undefined,
): { value?: number; problem?: string } {
  if (text === undefined) return {};
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) {
    return { problem: `${flag} must be a number, got "${text}"` };
  }
  return { value };
}

interface ParseArgsErrorLike {
  code?: unknown;
  message?: unknown;
}

/**
 * The message for an error of `node:util` parseArgs: an unknown flag lists the valid ones; a flag missing
 * its value names it.
 */
export function describeParseArgsError(
  error: ParseArgsErrorLike,
  validFlags: readonly string[],
): string {
  const message = String(error.message ?? '');
  const flag = /'(-{1,2}[^']+)'/.exec(message)?.[1];
  const valid = `valid flags: ${validFlags.join(', ')}`;
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown flag ${flag ?? message}; ${valid}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return flag ? `${flag} needs a value (one that starts with - goes as ${flag}=-…)` : message;
    default:
      return message;
  }
}

const NETWORK_CODES: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found (DNS)',
  ETIMEDOUT: 'timed out',
  EHOSTUNREACH: 'host unreachable',
};

interface NetworkErrorLike {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  address?: unknown;
  hostname?: unknown;
  port?: unknown;
  cause?: unknown;
  errors?: unknown;
}

/** The first error in `error`'s cause chain (and AggregateError members) with a network error code. */
function findNetworkError(error: unknown, depth = 0): NetworkErrorLike | undefined {
  if (depth > 8 || typeof error !== 'object' || error === null) return undefined;
  const e = error as NetworkErrorLike;
  if (typeof e.code === 'string' && e.code in NETWORK_CODES) return e;
  // Some wrappers keep only the text: `connect ECONNREFUSED 127.0.0.1:4566`, `getaddrinfo ENOTFOUND host`.
  const text = typeof e.message === 'string' ? e.message : '';
  const connect = /\b(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH) (\S+):(\d+)/.exec(text);
  if (connect) return { code: connect[1], address: connect[2], port: Number(connect[3]) };
  const lookup = /\b(ENOTFOUND|EAI_AGAIN) (\S+)/.exec(text);
  if (lookup) return { code: lookup[1], hostname: lookup[2] };
  for (const inner of [e.cause, ...(Array.isArray(e.errors) ? e.errors : [])]) {
    const found = findNetworkError(inner, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * Names the cause of a failure: `cannot reach 127.0.0.1:4566 (connection refused, ECONNREFUSED)` for a
 * network error anywhere in the cause chain (host and port from the error, else from the endpoint), else
 * `Name: message` of the error and of its causes.
 */
export function describeCause(error: unknown, endpoint?: string): string {
  const network = findNetworkError(error);
  if (network) {
    const code = String(network.code);
    const url = endpoint ? new URL(endpoint) : undefined;
    const host = String(network.address ?? network.hostname ?? url?.hostname ?? 'the S3 endpoint');
    const port = network.port ?? url?.port ?? '';
    const where = port === '' ? host : `${host}:${String(port)}`;
    const hint = endpoint
      ? `is an S3 server listening at ${endpoint}?`
      : 'check the network and --region';
    return `cannot reach ${where} (${NETWORK_CODES[code]}, ${code}): ${hint}`;
  }
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== undefined; depth += 1) {
    if (current instanceof Error) {
      const text = current.message ? `${current.name}: ${current.message}` : current.name;
      if (!parts.includes(text)) parts.push(text);
      current = current.cause;
    } else {
      parts.push(String(current));
      break;
    }
  }
  return parts.join(' ← ');
}
