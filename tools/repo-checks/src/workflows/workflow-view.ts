/**
 * A typed read-only view of a parsed GitHub Actions workflow: only the parts the checks look at. Anything
 * of an unexpected shape becomes an empty value here; actionlint (lint target) reports syntax errors.
 */
import { parse } from 'yaml';

export type YamlRecord = Readonly<Record<string, unknown>>;

export interface StepView {
  /** `job-id › step name` (or `› step #n` when unnamed), for messages. */
  readonly label: string;
  readonly id: string | undefined;
  readonly uses: string | undefined;
  readonly run: string | undefined;
  readonly with: YamlRecord;
  readonly env: YamlRecord;
  readonly workingDirectory: string | undefined;
  readonly if: string | undefined;
}

export interface JobView {
  readonly id: string;
  /** A reusable workflow this job calls (`./.github/workflows/x.yml`), instead of steps. */
  readonly uses: string | undefined;
  readonly name: string | undefined;
  /** `undefined` when the job declares no `permissions`. */
  readonly permissions: unknown;
  readonly environment: string | undefined;
  readonly needs: readonly string[];
  readonly if: string | undefined;
  readonly timeoutMinutes: unknown;
  readonly concurrency: unknown;
  readonly container: string | undefined;
  readonly services: readonly string[];
  readonly outputs: YamlRecord;
  readonly env: YamlRecord;
  readonly steps: readonly StepView[];
}

export interface WorkflowView {
  /** Repository-relative path, e.g. `.github/workflows/ci.yml`. */
  readonly path: string;
  readonly text: string;
  readonly name: string | undefined;
  /** Events as an object, whatever form `on:` was written in (`push`, `[push]`, `{push: …}`). */
  readonly on: Readonly<Record<string, YamlRecord>>;
  readonly permissions: unknown;
  readonly concurrency: unknown;
  readonly env: YamlRecord;
  readonly jobs: readonly JobView[];
}

export type WorkflowParseResult =
  { kind: 'ok'; workflow: WorkflowView } | { kind: 'invalid'; path: string; reason: string };

/**
 * Narrows a YAML value to a mapping (anything else becomes `{}`).
 *
 * @example
 * asRecord({ contents: 'read' }) // { contents: 'read' }; asRecord('write-all') // {}
 */
export function asRecord(value: unknown): YamlRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as YamlRecord)
    : {};
}

function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function asStringList(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function imageOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : asString(asRecord(value)['image']);
}

function toEvents(on: unknown): Record<string, YamlRecord> {
  if (typeof on === 'string') return { [on]: {} };
  if (Array.isArray(on)) return Object.fromEntries(asStringList(on).map((e) => [e, {}]));
  return Object.fromEntries(Object.entries(asRecord(on)).map(([k, v]) => [k, asRecord(v)]));
}

function toStep(jobId: string, raw: unknown, index: number): StepView {
  const step = asRecord(raw);
  const name = asString(step['name']);
  return {
    label: `${jobId} › ${name ?? `step #${index + 1}`}`,
    id: asString(step['id']),
    uses: asString(step['uses']),
    run: asString(step['run']),
    with: asRecord(step['with']),
    env: asRecord(step['env']),
    workingDirectory: asString(step['working-directory']),
    if: asString(step['if']),
  };
}

function toJob(id: string, raw: unknown): JobView {
  const job = asRecord(raw);
  const environment = job['environment'];
  const steps = Array.isArray(job['steps']) ? job['steps'] : [];
  return {
    id,
    uses: asString(job['uses']),
    name: asString(job['name']),
    permissions: job['permissions'],
    environment: asString(environment) ?? asString(asRecord(environment)['name']),
    needs: asStringList(job['needs']),
    if: asString(job['if']),
    timeoutMinutes: job['timeout-minutes'],
    concurrency: job['concurrency'],
    container: imageOf(job['container']),
    services: Object.values(asRecord(job['services']))
      .map(imageOf)
      .filter((image): image is string => image !== undefined),
    outputs: asRecord(job['outputs']),
    env: asRecord(job['env']),
    steps: steps.map((step, index) => toStep(id, step, index)),
  };
}

/**
 * Parses one workflow file; YAML errors become a value, never an exception.
 *
 * @example
 * const result = parseWorkflow('.github/workflows/ci.yml', 'on: push\njobs: {}');
 * if (result.kind === 'ok') result.workflow.on; // { push: {} }
 */
export function parseWorkflow(path: string, text: string): WorkflowParseResult {
  let doc: unknown;
  try {
    // YAML 1.2 (the `yaml` default) keeps `on` a string key; YAML 1.1 would read it as `true`.
    doc = parse(text, { prettyErrors: true, uniqueKeys: true });
  } catch (error) {
    return { kind: 'invalid', path, reason: (error as Error).message };
  }
  const root = asRecord(doc);
  if (!('on' in root) || !('jobs' in root)) {
    return { kind: 'invalid', path, reason: 'a workflow needs `on:` and `jobs:`' };
  }
  return {
    kind: 'ok',
    workflow: {
      path,
      text,
      name: asString(root['name']),
      on: toEvents(root['on']),
      permissions: root['permissions'],
      concurrency: root['concurrency'],
      env: asRecord(root['env']),
      jobs: Object.entries(asRecord(root['jobs'])).map(([id, job]) => toJob(id, job)),
    },
  };
}

/**
 * The action name without its ref.
 *
 * @example
 * actionName('actions/checkout@v5.0.0') // 'actions/checkout'
 */
export function actionName(uses: string | undefined): string | undefined {
  return uses?.split('@')[0];
}

/**
 * The steps of a job that use the given action (any version).
 *
 * @example
 * stepsUsing(job, 'aws-actions/configure-aws-credentials').map((s) => s.with['role-to-assume'])
 */
export function stepsUsing(job: JobView, action: string): StepView[] {
  return job.steps.filter((step) => actionName(step.uses) === action);
}
