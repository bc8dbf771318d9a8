/**
 * CLI: the reserved-concurrency quota check of the deploy workflow, bundled to
 * `dist/deploy-kit/bin/reserved-concurrency.cjs` so the credentialed job runs it without `npm ci`.
 *
 *   node reserved-concurrency.cjs --stack cdk.tf.json --list-functions
 *   node reserved-concurrency.cjs --stack cdk.tf.json --account-settings account.json \
 *     [--current <name>=<get-function output file>]…
 *
 * Exit codes: 0 the reservations fit (or there are none); 1 they do not fit, or an input is unreadable;
 * 2 usage error.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  checkReservedConcurrency,
  parseAccountSettings,
  parseCurrentReservation,
  reservationRequests,
} from './reserved-concurrency';

const USAGE = `Usage:
  reserved-concurrency --stack <cdk.tf.json> --list-functions
  reserved-concurrency --stack <cdk.tf.json> --account-settings <file> [--current <name>=<file>]…

--list-functions prints the functions that reserve concurrency, one a line.
--account-settings is the output of \`aws lambda get-account-settings\`; --current the output of
\`aws lambda get-function\` for a deployed function (\`{}\` when it does not exist yet).

Exit codes: 0 fits (or nothing reserved), 1 does not fit or unreadable input, 2 usage error.`;

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    console.error(`cannot read ${path}: ${(error as Error).message}`);
    return undefined;
  }
}

function main(argv: string[]): number {
  let values: {
    stack?: string;
    'account-settings'?: string;
    current?: string[];
    'list-functions'?: boolean;
    help?: boolean;
  };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        stack: { type: 'string' },
        'account-settings': { type: 'string' },
        current: { type: 'string', multiple: true },
        'list-functions': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (values.stack === undefined || (!values['list-functions'] && !values['account-settings'])) {
    console.error(`missing --stack and --list-functions or --account-settings\n\n${USAGE}`);
    return 2;
  }
  const stackText = read(values.stack);
  if (stackText === undefined) return 1;
  const requests = reservationRequests(stackText);
  if (requests.kind === 'invalid') {
    console.error(`${values.stack}: ${requests.reason}`);
    return 1;
  }
  if (values['list-functions']) {
    for (const r of requests.value) console.log(r.functionName);
    return 0;
  }
  const accountText = read(values['account-settings'] as string);
  if (accountText === undefined) return 1;
  const account = parseAccountSettings(accountText);
  if (account.kind === 'invalid') {
    console.error(account.reason);
    return 1;
  }
  const current = new Map<string, number>();
  for (const spec of values.current ?? []) {
    const eq = spec.indexOf('=');
    if (eq <= 0) {
      console.error(`--current ${spec}: expected <function name>=<file>\n\n${USAGE}`);
      return 2;
    }
    const text = read(spec.slice(eq + 1));
    if (text === undefined) return 1;
    const reservation = parseCurrentReservation(text);
    if (reservation.kind === 'invalid') {
      console.error(reservation.reason);
      return 1;
    }
    current.set(spec.slice(0, eq), reservation.value);
  }
  const verdict = checkReservedConcurrency(requests.value, account.value, current);
  if (verdict.ok) {
    console.log(verdict.message);
    return 0;
  }
  console.error(verdict.message);
  if (process.env['GITHUB_ACTIONS'] === 'true')
    console.log(`::error title=Reserved concurrency exceeds the account quota::${verdict.message}`);
  return 1;
}

process.exitCode = main(process.argv.slice(2));
