/**
 * `npm start`: the local live-origin lab. Flags in `parse-lab-args.ts` (`npm start -- --help`).
 * Everything listens on 127.0.0.1; Ctrl-C (or SIGTERM) stops every process the lab started.
 */
import { controlForKey } from './control';
import { LAB_USAGE, parseLabArgs, type LabRun } from './parse-lab-args';

/** Exit codes: 0 ok (or every scenario check passed), 1 a scenario check failed, 2 usage, 3 startup or runtime error. */
export const EXIT_CODES = { ok: 0, checksFailed: 1, usage: 2, error: 3 } as const;

async function interactive(run: LabRun): Promise<number> {
  const { startLab } = await import('./start-lab');
  const { startTerminalUi, keysAvailable } = await import('./terminal/terminal-ui');
  const { formatBanner, formatEvent, formatTable, KEY_HELP, startupWarnings } =
    await import('./terminal/format');
  const { LIVE_PREFIX } = await import('./layout');
  let log: (line: string) => void = (line) => process.stdout.write(`${line}\n`);
  const lab = await startLab({
    ...run.options,
    writeCheckerLog: run.verbose ? (line) => log(line) : undefined,
  });
  const status = () => lab.status();
  const keys = keysAvailable(process.stdin);
  const { s3 } = lab;
  const banner = formatBanner({
    url: lab.url,
    playbackUrl: lab.playbackUrl,
    summary: `${lab.options.pipelines} pipeline(s) × ${lab.renditions.length} renditions, TARGETDURATION ${lab.options.targetDurationS} s, deadline ${lab.options.multiple} × TD, ${lab.options.encoder} encoder, checker ${lab.options.checker ? 'on' : 'OFF'}`,
    s3Endpoint: s3.endpoint,
    region: s3.region,
    buckets: Object.values(lab.origin.buckets).filter((b): b is string => b !== undefined),
    prefix: LIVE_PREFIX,
    credentials: s3.credentials,
    keys,
  });
  const ui = startTerminalUi({
    stdout: process.stdout,
    stdin: process.stdin,
    table: () => [
      ...banner,
      '',
      ...formatTable(status().playlists),
      ...(keys ? ['', KEY_HELP] : []),
    ],
    onKey: (key) => {
      const control = controlForKey(key, status().playlists);
      if (control === 'quit') return void shutdown('quit');
      if (control)
        lab.control(control).catch((error: unknown) => log(`control failed: ${String(error)}`));
    },
  });
  log = (line) => ui.log(line);
  if (!process.stdout.isTTY) {
    for (const line of banner) log(line);
    if (keys) log(KEY_HELP);
    for (const standIn of status().standIns) log(`  ${standIn.name} → ${standIn.standsFor}`);
  }
  // Warnings from the start (a port clash, an encoder that needed a retry) came before this subscription.
  for (const line of startupWarnings(lab.bus.recent())) log(line);
  const unsubscribe = lab.bus.subscribe((event) => {
    const line = formatEvent(event);
    if (line) log(line);
  });

  let resolveDone: (code: number) => void = () => {};
  const done = new Promise<number>((resolve) => {
    resolveDone = resolve;
  });
  let stopping = false;
  async function shutdown(reason: string): Promise<void> {
    if (stopping) return;
    stopping = true;
    unsubscribe();
    ui.stop();
    process.stdout.write(`stopping (${reason})…\n`);
    await lab.stop();
    process.stdout.write('stopped: fauxqs, stand-ins, encoders and edge are down\n');
    resolveDone(EXIT_CODES.ok);
  }
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  return done;
}

async function scenario(run: LabRun): Promise<number> {
  const { runScenario } = await import('./scenarios/run-scenario');
  const { launchChromiumPlayer } = await import('./player/chromium-player');
  const name = run.scenario;
  if (!name) return EXIT_CODES.usage;
  const controller = new AbortController();
  const abort = (signal: string) => controller.abort(new Error(`interrupted by ${signal}`));
  process.once('SIGINT', () => abort('SIGINT'));
  process.once('SIGTERM', () => abort('SIGTERM'));
  const { summary, files } = await runScenario(name, {
    lab: run.options,
    player: run.player === 'chromium' ? () => launchChromiumPlayer() : undefined,
    outDir: run.outDir,
    log: (line) => process.stderr.write(`${line}\n`),
    signal: controller.signal,
  });
  // With --out the (long) timeline is in timeline.json; without it, it is part of the JSON printed here.
  const printed = run.outDir ? { ...summary, timeline: undefined, files } : summary;
  process.stdout.write(`${JSON.stringify(printed, null, 2)}\n`);
  for (const check of summary.checks) {
    process.stderr.write(`${check.ok ? 'PASS' : 'FAIL'}  ${check.name}: ${check.detail}\n`);
  }
  return summary.ok ? EXIT_CODES.ok : EXIT_CODES.checksFailed;
}

/** The lab's own errors say what to do; anything else gets its stack. */
const EXPLAINED_ERRORS = new Set([
  'EdgeListenError',
  'LabStartError',
  'LocalAwsStartError',
  'EncoderError',
  'FixtureError',
  'PlayerLaunchError',
  'ScenarioError',
]);

function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return EXPLAINED_ERRORS.has(error.name)
    ? `${error.name}: ${error.message}`
    : (error.stack ?? error.message);
}

async function main(): Promise<number> {
  const parsed = parseLabArgs(process.argv.slice(2));
  if (parsed.kind === 'help') {
    process.stdout.write(`${LAB_USAGE}\n`);
    return EXIT_CODES.ok;
  }
  if (parsed.kind === 'usage-error') {
    process.stderr.write(
      `${parsed.problems.map((p) => `error: ${p}`).join('\n')}\n\nRun with --help for usage.\n`,
    );
    return EXIT_CODES.usage;
  }
  return parsed.run.scenario ? scenario(parsed.run) : interactive(parsed.run);
}

main().then(
  (code) => {
    process.exitCode = code;
    // Handles the SDK keeps alive would hold the process open for a while: everything is stopped.
    setTimeout(() => process.exit(code), 200).unref();
  },
  (error: unknown) => {
    process.stderr.write(`lab failed: ${describeFailure(error)}\n`);
    process.exit(EXIT_CODES.error);
  },
);
