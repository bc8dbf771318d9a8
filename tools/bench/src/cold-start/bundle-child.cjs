// Runs in a fresh Node process, like a Lambda instance's init phase: loads the stale-checker bundle,
// optionally invokes its handler with the SQS events of a JSON file, and prints one line
// `BENCH_RESULT {json}` with the timings (everything else on stdout is the handler's own log lines).
// Plain CommonJS on purpose: no TypeScript loader in the process being measured.
const { performance } = require('node:perf_hooks');
const { readFileSync } = require('node:fs');

async function main() {
  const [bundlePath, eventsPath] = process.argv.slice(2);
  // performance.now() counts from the process's time origin: this is Node's own bootstrap time.
  const bootMs = performance.now();
  const { handler } = require(bundlePath);
  const initMs = performance.now() - bootMs;
  const invocations = [];
  const events = eventsPath ? JSON.parse(readFileSync(eventsPath, 'utf-8')) : [];
  for (const event of events) {
    const deadline = Date.now() + 60_000;
    const context = {
      awsRequestId: `bench-${invocations.length}`,
      functionName: 'stale-checker',
      getRemainingTimeInMillis: () => deadline - Date.now(),
    };
    const started = performance.now();
    const response = await handler(event, context);
    invocations.push({ ms: performance.now() - started, response });
  }
  const node = process.version;
  // The resident set's high-water mark (KiB on Linux): what the function's memory size must hold.
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(
    `BENCH_RESULT ${JSON.stringify({ node, bootMs, initMs, invocations, maxRssMb })}\n`,
  );
}

main().catch((error) => {
  process.stderr.write(`${(error && error.stack) || error}\n`);
  process.exitCode = 1;
});
