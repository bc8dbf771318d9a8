/** Command-line flags of the lab → options. Pure: every problem is reported at once. */
import { parseArgs } from 'node:util';
import { CHROMIUM_PATH_ENV, DEFAULT_CHROMIUM_PATH } from './player/chromium-player';
import { SCENARIO_NAMES, SCENARIOS, type ScenarioName } from './scenarios/scenario-names';
import {
  ALL_STALE_POLICIES,
  LAB_DEFAULTS,
  type EncoderKind,
  type LabOptions,
  type LabTopology,
} from './lab-options';

/** Every {@link LabTopology} (layout.ts documents them). */
const TOPOLOGY_CHOICES = [
  'origin-group',
  'redundant-manifests',
] as const satisfies readonly LabTopology[];

const PLAYER_KINDS = ['none', 'chromium'] as const;
type PlayerKind = (typeof PLAYER_KINDS)[number];

/** Target durations the lab accepts, seconds (whole seconds: EXT-X-TARGETDURATION is an integer). */
const TARGET_DURATION_RANGE = { min: 1, max: 10 } as const;
/** The synthetic encoder's fixtures are 2 s segments: its target duration must be at least that. */
const SYNTHETIC_MIN_TARGET_DURATION_S = 2;

export const LAB_USAGE = `hls-stale-guard local live-origin lab.

Runs on 127.0.0.1 only, nothing to configure: an S3 + SQS server (fauxqs) with one bucket per pipeline,
the S3 → SQS notification and Lambda event-source stand-ins feeding the real stale-checker code, an
EventBridge stand-in running its reconciler, a live encoder per pipeline and rendition, and an edge that
plays CloudFront (origin group A → B on a 403/404/5xx) serving a page with hls.js.

Usage:
  npm start -- [options]

Options:
  --port <n>              edge port; 0 = ephemeral            [default: ${LAB_DEFAULTS.port}, or ephemeral if taken]
  --pipelines <1|2>       redundant pipelines                  [default: ${LAB_DEFAULTS.pipelines}]
  --target-duration <s>   EXT-X-TARGETDURATION, whole seconds   [default: ${LAB_DEFAULTS.targetDurationS}]
                          (${TARGET_DURATION_RANGE.min}–${TARGET_DURATION_RANGE.max}; the synthetic encoder needs >= ${SYNTHETIC_MIN_TARGET_DURATION_S})
  --multiple <m>          the checker's TARGETDURATION multiple, >= 1 [default: ${LAB_DEFAULTS.multiple}]
  --encoder <kind>        synthetic (committed fixtures, no ffmpeg) or ffmpeg (real ffmpeg
                          processes uploading with HTTP PUT)    [default: ${LAB_DEFAULTS.encoder}]
  --topology <kind>       how the master playlist reaches the media playlists [default: ${LAB_DEFAULTS.topology}]
                          origin-group: one URL per rendition through the edge's origin group
                            (A, then B on 403/404/5xx): what infra deploys with CloudFront. Both
                            pipelines must be aligned (same segment names and media sequence).
                          redundant-manifests: every rendition once per pipeline (/a/…, /b/…), as
                            MediaLive writes them; the player fails over itself, and hls.js avoids a
                            failed pipeline for 300 s, so a second failover within 300 s is fatal.
  --all-stale-policy <p>  the checker's ALL_STALE_POLICY when every copy is stale: delete | keep-last
                          [default: the checker's own]
  --no-checker            the control case: nothing deletes stale playlists
  --scenario <name>       run a scripted scenario, print its summary JSON and exit
                          (0 when every check passed, 1 otherwise): ${SCENARIO_NAMES.join(', ')}
  --player <kind>         with --scenario: none, or chromium (hls.js in ${DEFAULT_CHROMIUM_PATH};
                          ${CHROMIUM_PATH_ENV}=<executable> overrides it, e.g. Chrome on macOS) [default: none]
  --out <dir>             with --scenario: also write timeline.json (and screenshot.png) there
  --verbose               print every stale-checker log line (the Lambda's JSON)
  -h, --help              show this help

Keys (in a terminal): a/b crash pipeline A/B (no ENDLIST) · 1–4 crash one rendition · r restore ·
e end the stream (ENDLIST) · q or Ctrl-C quit.

Examples:
  npm start                                   # open the printed URL, press a
  npm start -- --pipelines 1 --target-duration 4
  npm start -- --encoder ffmpeg --port 9000
  npm start -- --no-checker                   # watch the player freeze on a stale 200
  npm start -- --topology redundant-manifests # a, r, then b within 300 s: hls.js gives up
  npm start -- --scenario crash-pipeline
  npm start -- --scenario crash-pipeline --player chromium --out tmp/lab/crash-pipeline

Scenarios:
${SCENARIO_NAMES.map((name) => `  ${name.padEnd(24)} ${SCENARIOS[name].description}`).join('\n')}`;

export interface LabRun {
  options: LabOptions;
  scenario?: ScenarioName;
  player: PlayerKind;
  outDir?: string;
  verbose: boolean;
}

export type ParsedLabArgs =
  { kind: 'run'; run: LabRun } | { kind: 'help' } | { kind: 'usage-error'; problems: string[] };

function readNumber(
  raw: string | undefined,
  flag: string,
  rule: { min: number; max?: number; integer?: boolean },
  problems: string[],
): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (
    raw.trim() === '' ||
    !Number.isFinite(value) ||
    value < rule.min ||
    (rule.max !== undefined && value > rule.max) ||
    (rule.integer && !Number.isInteger(value))
  ) {
    const range = rule.max === undefined ? `>= ${rule.min}` : `from ${rule.min} to ${rule.max}`;
    problems.push(
      `${flag} must be ${rule.integer ? 'a whole number' : 'a number'} ${range} (got "${raw}")`,
    );
    return undefined;
  }
  return value;
}

function readChoice<T extends string>(
  raw: string | undefined,
  flag: string,
  choices: readonly T[],
  problems: string[],
): T | undefined {
  if (raw === undefined) return undefined;
  const choice = choices.find((c) => c === raw);
  if (!choice) problems.push(`${flag} must be one of ${choices.join(', ')} (got "${raw}")`);
  return choice;
}

/**
 * Parses the lab's flags with `node:util` `parseArgs` (strict: unknown flags are errors).
 *
 * @example
 * parseLabArgs(['--pipelines', '1', '--no-checker']);
 * // { kind: 'run', run: { options: { ...LAB_DEFAULTS, pipelines: 1, checker: false }, ... } }
 */
export function parseLabArgs(argv: readonly string[]): ParsedLabArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        pipelines: { type: 'string' },
        'target-duration': { type: 'string' },
        multiple: { type: 'string' },
        encoder: { type: 'string' },
        'no-checker': { type: 'boolean' },
        topology: { type: 'string' },
        'all-stale-policy': { type: 'string' },
        scenario: { type: 'string' },
        player: { type: 'string' },
        out: { type: 'string' },
        verbose: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    return { kind: 'usage-error', problems: [(error as Error).message] };
  }
  if (values['help']) return { kind: 'help' };
  const text = (name: string) => {
    const value = values[name];
    return typeof value === 'string' ? value : undefined;
  };

  const problems: string[] = [];
  const port = readNumber(text('port'), '--port', { min: 0, max: 65_535, integer: true }, problems);
  const pipelines = readChoice(text('pipelines'), '--pipelines', ['1', '2'] as const, problems);
  const targetDurationS = readNumber(
    text('target-duration'),
    '--target-duration',
    { ...TARGET_DURATION_RANGE, integer: true },
    problems,
  );
  const multiple = readNumber(text('multiple'), '--multiple', { min: 1 }, problems);
  const encoder: EncoderKind | undefined = readChoice(
    text('encoder'),
    '--encoder',
    ['synthetic', 'ffmpeg'] as const,
    problems,
  );
  const topology = readChoice(text('topology'), '--topology', TOPOLOGY_CHOICES, problems);
  const allStalePolicy = readChoice(
    text('all-stale-policy'),
    '--all-stale-policy',
    ALL_STALE_POLICIES,
    problems,
  );
  const scenario = readChoice(text('scenario'), '--scenario', SCENARIO_NAMES, problems);
  const player = readChoice(text('player'), '--player', PLAYER_KINDS, problems);
  const outDir = text('out');
  const noChecker = values['no-checker'] === true;

  const effectiveEncoder = encoder ?? LAB_DEFAULTS.encoder;
  const effectiveTarget = targetDurationS ?? LAB_DEFAULTS.targetDurationS;
  if (effectiveEncoder === 'synthetic' && effectiveTarget < SYNTHETIC_MIN_TARGET_DURATION_S) {
    problems.push(
      `--target-duration ${effectiveTarget}: the synthetic encoder's segments last ${SYNTHETIC_MIN_TARGET_DURATION_S} s (use >= ${SYNTHETIC_MIN_TARGET_DURATION_S}, or --encoder ffmpeg)`,
    );
  }
  if (!scenario && (player !== undefined || outDir !== undefined)) {
    problems.push('--player and --out go with --scenario');
  }
  const fixed = scenario ? SCENARIOS[scenario].fixed : undefined;
  if (fixed && pipelines !== undefined && Number(pipelines) !== fixed.pipelines) {
    problems.push(`--scenario ${scenario} runs with --pipelines ${fixed.pipelines}`);
  }
  if (fixed && noChecker && fixed.checker) {
    problems.push(`--scenario ${scenario} needs the checker (drop --no-checker)`);
  }
  if (fixed?.topology && topology !== undefined && topology !== fixed.topology) {
    problems.push(`--scenario ${scenario} runs with --topology ${fixed.topology}`);
  }
  if (problems.length > 0) return { kind: 'usage-error', problems };

  const options: LabOptions = {
    ...LAB_DEFAULTS,
    // Scenarios (tests, benchmarks) use an ephemeral port unless told otherwise.
    port: port ?? (scenario ? 0 : LAB_DEFAULTS.port),
    portFallback: port === undefined,
    pipelines: fixed?.pipelines ?? (pipelines === '1' ? 1 : LAB_DEFAULTS.pipelines),
    targetDurationS: effectiveTarget,
    multiple: multiple ?? LAB_DEFAULTS.multiple,
    encoder: effectiveEncoder,
    checker: fixed?.checker ?? !noChecker,
    topology: fixed?.topology ?? topology ?? LAB_DEFAULTS.topology,
    ...(allStalePolicy ? { allStalePolicy } : {}),
  };
  return {
    kind: 'run',
    run: {
      options,
      scenario,
      player: player ?? 'none',
      outDir,
      verbose: values['verbose'] === true,
    },
  };
}
