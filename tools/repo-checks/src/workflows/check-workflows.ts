/**
 * Rules only this repository has, over its workflows. Pure: (workflows, workspace facts) → problems. Each
 * rule has an id so a test can name the rule it asserts.
 *
 * Generic workflow hygiene is left to the maintained tools, not restated here: actionlint (`lint`, and
 * the `scan` job of ci) checks syntax, expressions, contexts, glob syntax and untrusted input in `run:`;
 * zizmor (`scan` job, default persona, online) checks `uses:` pinned to a commit SHA (`unpinned-uses`)
 * of the action's own repository (`impostor-commit`) and matching its version comment
 * (`ref-version-mismatch`), least-privilege `permissions:` (`excessive-permissions`), checkouts that
 * keep the token (`artipacked`) and template injection (`template-injection`).
 */
import { extractCommands, splitSimpleCommands, type CommandRef } from './extract-commands';
import { unmatchedPatterns } from './github-glob';
import {
  actionName,
  asRecord,
  stepsUsing,
  type JobView,
  type StepView,
  type WorkflowView,
} from './workflow-view';
import { TERRAFORM_VERSION_FILE, type WorkspaceFacts } from './workspace-facts';

export const RULES = {
  idTokenOnlyForAws: 'id-token-only-for-aws',
  credentialJobsDoNotWrite: 'credential-jobs-do-not-write',
  oidcFromVariables: 'oidc-role-and-region-from-variables',
  pinsNameTheirRelease: 'sha-pins-name-their-release',
  credentialJobsInstallNothing: 'credential-jobs-install-nothing',
  environmentJobsOnlyOnMain: 'environment-jobs-only-on-main',
  imagesPinned: 'images-pinned-to-exact-versions',
  jobTimeouts: 'job-timeouts',
  concurrency: 'workflow-concurrency',
  npmScripts: 'npm-scripts-exist',
  nxTargets: 'nx-targets-exist',
  entryFiles: 'entry-files-exist',
  terraformVersionFromFile: 'terraform-version-from-file',
  pathsFiltersMatch: 'paths-filters-match-files',
  noHardCodedAws: 'no-hard-coded-aws-identifiers',
  noSecrets: 'no-secrets-beyond-github-token',
  variablesDocumented: 'variables-documented',
  nodeVersion: 'node-version-matches-engines',
} as const;
export type RuleId = (typeof RULES)[keyof typeof RULES];

export interface Problem {
  readonly rule: RuleId;
  /** Workflow path (or `package.json` for a script a workflow runs). */
  readonly file: string;
  /** Job › step, when the problem is inside one. */
  readonly where?: string;
  readonly message: string;
}

/** A full commit SHA (zizmor's `unpinned-uses` requires one for every action). */
const COMMIT_SHA = /^[0-9a-f]{40}$/;
/** The version comment after a SHA pin (`# v5.0.0`), which Dependabot keeps in step with the SHA. */
const VERSION_COMMENT = /#\s*v?\d+\.\d+\.\d+\S*\s*$/;
/** An image pinned by content digest. */
const IMAGE_DIGEST = /@sha256:[0-9a-f]{64}$/;
/** A container image tag with a full version (`node:20.20.2-bookworm`) or a digest. */
const EXACT_IMAGE = /(?:@sha256:[0-9a-f]{64}$|:[^:/@]*\d+\.\d+\.\d+[^:/@]*$)/;
const WRITE_SCOPES_FORBIDDEN_WITH_CREDENTIALS = [
  'contents',
  'pull-requests',
  'issues',
  'packages',
  'deployments',
  'actions',
  'checks',
  'statuses',
];
const CONFIGURE_AWS = 'aws-actions/configure-aws-credentials';
const SETUP_TERRAFORM = 'hashicorp/setup-terraform';
const SETUP_NODE = 'actions/setup-node';
/** Partition prefix of any AWS ARN: roles, buckets and distributions come from variables or outputs. */
const ARN = /\barn:aws[a-z-]*:/;
/** A 12-digit AWS account ID. */
const ACCOUNT_ID = /(?<![\w.-])\d{12}(?![\w.-])/;
/** A literal AWS region such as `eu-west-1`. */
const REGION =
  /\b(?:us|eu|ap|sa|ca|me|af|il|mx)-(?:gov-)?(?:north|south|east|west|central|northeast|southeast|northwest|southwest)-\d\b/;

type Check = (workflow: WorkflowView, facts: WorkspaceFacts) => Problem[];

function problem(rule: RuleId, workflow: WorkflowView, message: string, where?: string): Problem {
  return where === undefined
    ? { rule, file: workflow.path, message }
    : { rule, file: workflow.path, where, message };
}

/**
 * The level of one scope in a job's token: the job's own `permissions:`, else the workflow's, which the
 * job inherits (`write-all` / `read-all` grant every scope). `undefined`: the scope is not granted.
 *
 * @example
 * grant(workflow, job, 'id-token') // 'write' for a job that can mint an OIDC token
 */
function grant(workflow: WorkflowView, job: JobView, scope: string): string | undefined {
  const permissions = job.permissions ?? workflow.permissions;
  if (permissions === 'write-all') return 'write';
  if (permissions === 'read-all') return 'read';
  const level = asRecord(permissions)[scope];
  return level === undefined ? undefined : String(level);
}

/** Jobs whose token can mint an OIDC token (`id-token: write`, their own or inherited). */
function credentialJobs(workflow: WorkflowView): JobView[] {
  return workflow.jobs.filter((job) => grant(workflow, job, 'id-token') === 'write');
}

const idTokenOnlyForAws: Check = (workflow) =>
  credentialJobs(workflow)
    .filter((job) => stepsUsing(job, CONFIGURE_AWS).length === 0)
    .map((job) =>
      problem(
        RULES.idTokenOnlyForAws,
        workflow,
        'id-token: write without an aws-actions/configure-aws-credentials step',
        job.id,
      ),
    );

const credentialJobsDoNotWrite: Check = (workflow) =>
  credentialJobs(workflow).flatMap((job) =>
    WRITE_SCOPES_FORBIDDEN_WITH_CREDENTIALS.filter(
      (scope) => grant(workflow, job, scope) === 'write',
    ).map((scope) =>
      problem(
        RULES.credentialJobsDoNotWrite,
        workflow,
        `a job holding AWS credentials must not also hold ${scope}: write (split the job)`,
        job.id,
      ),
    ),
  );

function isVariableExpression(value: unknown, pattern: RegExp): boolean {
  return typeof value === 'string' && pattern.test(value);
}

const oidcFromVariables: Check = (workflow) =>
  workflow.jobs.flatMap((job) =>
    stepsUsing(job, CONFIGURE_AWS).flatMap((step) => {
      const found: Problem[] = [];
      const input = step.with;
      if (!isVariableExpression(input['role-to-assume'], /^\$\{\{\s*vars\.[A-Z0-9_]+\s*\}\}$/))
        found.push(
          problem(
            RULES.oidcFromVariables,
            workflow,
            'role-to-assume must be `${{ vars.<NAME> }}` (a repository/environment variable)',
            step.label,
          ),
        );
      if (!isVariableExpression(input['aws-region'], /^\$\{\{\s*vars\.AWS_REGION\s*\}\}$/))
        found.push(
          problem(
            RULES.oidcFromVariables,
            workflow,
            'aws-region must be `${{ vars.AWS_REGION }}`',
            step.label,
          ),
        );
      for (const key of ['aws-access-key-id', 'aws-secret-access-key', 'aws-session-token'])
        if (key in input)
          found.push(
            problem(
              RULES.oidcFromVariables,
              workflow,
              `${key}: long-lived keys are not allowed, use OIDC`,
              step.label,
            ),
          );
      if (grant(workflow, job, 'id-token') !== 'write')
        found.push(
          problem(
            RULES.oidcFromVariables,
            workflow,
            'OIDC needs `id-token: write` on this job',
            step.label,
          ),
        );
      return found;
    }),
  );

/** The lines that hold `uses: <uses>`, for their trailing comments. */
function usesLines(workflow: WorkflowView, uses: string): string[] {
  const re = new RegExp(`uses:\\s*['"]?${escapeRegExp(uses)}['"]?(\\s|$)`);
  return workflow.text.split('\n').filter((line) => re.test(line));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * Every SHA-pinned `uses:` names its release (`@<sha> # v5.0.0`), as docs/deploy.md asks: Dependabot
 * updates both, and a reviewer sees which release a pull request moves to. zizmor's
 * `ref-version-mismatch` flags a comment that names another release, but a missing one only in its
 * pedantic persona, which ci does not run.
 */
const pinsNameTheirRelease: Check = (workflow) =>
  workflow.jobs.flatMap((job) =>
    job.steps
      .filter((step) => COMMIT_SHA.test(step.uses?.split('@')[1] ?? ''))
      .filter((step) => {
        const lines = usesLines(workflow, step.uses as string);
        return lines.length === 0 || !lines.every((line) => VERSION_COMMENT.test(line));
      })
      .map((step) =>
        problem(
          RULES.pinsNameTheirRelease,
          workflow,
          `${step.uses}: every use needs the release it is, as \`# vX.Y.Z\` after the SHA (Dependabot updates both)`,
          step.label,
        ),
      ),
  );

/**
 * Package managers and runners that fetch or execute third-party packages. A job that can mint an OIDC
 * token runs none of them: an install script or a compromised package would run next to the token.
 */
const INSTALLERS: Readonly<Record<string, (args: readonly string[]) => boolean>> = {
  npm: () => true,
  npx: () => true,
  yarn: () => true,
  pnpm: () => true,
  bun: () => true,
  tsx: () => true,
  pip: (a) => a[0] === 'install',
  pip3: (a) => a[0] === 'install',
  pipx: () => true,
  uv: () => true,
  uvx: () => true,
  'apt-get': (a) => a.includes('install'),
  apt: (a) => a.includes('install'),
  gem: (a) => a[0] === 'install',
  go: (a) => a[0] === 'install' || a[0] === 'run',
  cargo: (a) => a[0] === 'install',
  brew: (a) => a[0] === 'install',
};

/** `sudo`, `env X=1` and assignments before the command word. */
function commandStart(words: readonly string[]): string[] {
  let i = 0;
  while (
    i < words.length &&
    (words[i] === 'sudo' ||
      words[i] === 'env' ||
      /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i] as string))
  )
    i++;
  return words.slice(i);
}

const credentialJobsInstallNothing: Check = (workflow) =>
  credentialJobs(workflow).flatMap((job) =>
    job.steps.flatMap((step) =>
      splitSimpleCommands(step.run ?? '')
        .map(commandStart)
        .filter(([bin, ...args]) => bin !== undefined && INSTALLERS[bin]?.(args) === true)
        .map((words) =>
          problem(
            RULES.credentialJobsInstallNothing,
            workflow,
            `\`${words.join(' ')}\` in a job with id-token: write: install and build in a job without it, hand over an artifact`,
            step.label,
          ),
        ),
    ),
  );

/** The `if:` that keeps a job to the main branch, whatever triggered the run. */
const MAIN_REF_CONDITION = /github\.ref\s*==\s*'refs\/heads\/main'/;

const environmentJobsOnlyOnMain: Check = (workflow) =>
  workflow.jobs
    .filter((job) => job.environment !== undefined)
    .filter((job) => !MAIN_REF_CONDITION.test(job.if ?? ''))
    .map((job) =>
      problem(
        RULES.environmentJobsOnlyOnMain,
        workflow,
        `deploys to environment ${job.environment}: add \`github.ref == 'refs/heads/main'\` to the job's if: (environment branch rules are repository settings, not code)`,
        job.id,
      ),
    );

/**
 * Containers and services run an exact release or digest, `docker://` actions a digest. zizmor's
 * `unpinned-images` and `unpinned-uses` flag only a missing or `latest` tag outside their pedantic persona.
 */
const imagesPinned: Check = (workflow) =>
  workflow.jobs.flatMap((job) => [
    ...[job.container, ...job.services]
      .filter((image): image is string => image !== undefined)
      .filter((image) => !EXACT_IMAGE.test(image))
      .map((image) =>
        problem(
          RULES.imagesPinned,
          workflow,
          `image ${image} is not pinned to an exact version or digest`,
          job.id,
        ),
      ),
    ...job.steps
      .filter((step) => step.uses?.startsWith('docker://') && !IMAGE_DIGEST.test(step.uses))
      .map((step) =>
        problem(
          RULES.imagesPinned,
          workflow,
          `${step.uses} is not pinned to an image digest (@sha256:…)`,
          step.label,
        ),
      ),
  ]);

/** zizmor's `timeout-minutes` audit is pedantic-only. */
const jobTimeouts: Check = (workflow) =>
  workflow.jobs
    // A job that calls a reusable workflow cannot set a timeout; the called workflow's jobs do.
    .filter((job) => job.uses === undefined && typeof job.timeoutMinutes !== 'number')
    .map((job) =>
      problem(RULES.jobTimeouts, workflow, 'set `timeout-minutes` (the default is 360)', job.id),
    );

/** A workflow only other workflows call runs inside their concurrency group. */
function onlyCalled(workflow: WorkflowView): boolean {
  const events = Object.keys(workflow.on);
  return events.length === 1 && events[0] === 'workflow_call';
}

/** zizmor's `concurrency-limits` audit is pedantic-only. */
const concurrency: Check = (workflow) =>
  !onlyCalled(workflow) &&
  workflow.concurrency === undefined &&
  workflow.jobs.some((job) => job.concurrency === undefined)
    ? [problem(RULES.concurrency, workflow, 'declare a `concurrency:` group')]
    : [];

function isRunnable(target: {
  executor?: string;
  command?: string;
  options?: { command?: string; commands?: unknown };
}) {
  return (
    target.executor !== undefined ||
    target.command !== undefined ||
    target.options?.command !== undefined ||
    target.options?.commands !== undefined
  );
}

/** Problems with one command reference, from a workflow step or an npm script a workflow runs. */
function checkCommand(
  ref: CommandRef,
  facts: WorkspaceFacts,
  workingDirectory: string | undefined,
  report: (rule: RuleId, message: string) => void,
  seenScripts: Set<string>,
): void {
  if (ref.kind === 'npm-script') {
    const body = facts.rootScripts[ref.name];
    if (body === undefined) {
      report(
        RULES.npmScripts,
        `\`${ref.text}\`: root package.json has no script "${ref.name}": add it there, or change the workflow (scripts: ${Object.keys(facts.rootScripts).join(', ') || 'none'})`,
      );
      return;
    }
    if (seenScripts.has(ref.name)) return;
    seenScripts.add(ref.name);
    for (const inner of extractCommands(body))
      checkCommand(inner, facts, undefined, report, seenScripts);
    return;
  }
  if (ref.kind === 'file') {
    if (ref.file.includes('${{') || ref.file.includes('$')) return;
    const file = joinPosix(workingDirectory, ref.file);
    const built = ref.runner === 'node' && facts.buildOutputs.includes(file);
    if (!facts.files.includes(file) && !built)
      report(
        RULES.entryFiles,
        `\`${ref.text}\`: ${file} does not exist${ref.runner === 'node' ? ' and no Nx target lists it in outputs' : ''}`,
      );
    return;
  }
  const projectNames = ref.projects.length > 0 ? ref.projects : Object.keys(facts.projects);
  for (const name of ref.projects) {
    if (name === '')
      report(RULES.nxTargets, `\`${ref.text}\`: name the project (CI has no current project)`);
    else if (facts.projects[name] === undefined)
      report(
        RULES.nxTargets,
        `\`${ref.text}\`: no Nx project "${name}" (projects: ${Object.keys(facts.projects).sort().join(', ')})`,
      );
  }
  if (ref.targets.length === 0) report(RULES.nxTargets, `\`${ref.text}\`: no target given`);
  for (const target of ref.targets) {
    const owners = projectNames.filter(
      (name) => facts.projects[name]?.targets[target] !== undefined,
    );
    const known = projectNames.filter((name) => facts.projects[name] !== undefined);
    if (owners.length === 0 && known.length > 0) {
      report(
        RULES.nxTargets,
        `\`${ref.text}\`: target "${target}" is not declared by ${ref.projects.length > 0 ? known.join(', ') : 'any project'}`,
      );
      continue;
    }
    for (const name of owners) {
      const config = facts.projects[name]?.targets[target] ?? {};
      if (!isRunnable(config) && !isRunnable(facts.targetDefaults[target] ?? {}))
        report(
          RULES.nxTargets,
          `\`${ref.text}\`: ${name}:${target} has no executor or command, and nx.json targetDefaults has no "${target}"`,
        );
    }
  }
}

function joinPosix(dir: string | undefined, file: string): string {
  const parts = [...(dir && !file.startsWith('/') ? dir.split('/') : []), ...file.split('/')];
  const out: string[] = [];
  for (const part of parts) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return out.join('/');
}

/**
 * Files a workflow step bundles with `esbuild … --outfile=<file>`: build outputs like a target's.
 *
 * @example
 * bundledFiles(workflow) // ['dist/deploy-kit/bin/preflight.cjs']
 */
function bundledFiles(workflow: WorkflowView): string[] {
  return workflow.jobs.flatMap((job) =>
    job.steps.flatMap((step) =>
      splitSimpleCommands(step.run ?? '')
        .filter((words) => words.includes('esbuild'))
        .flatMap((words) =>
          words.flatMap((w, i) =>
            w.startsWith('--outfile=')
              ? [w.slice('--outfile='.length)]
              : w === '--outfile' && words[i + 1] !== undefined
                ? [words[i + 1] as string]
                : [],
          ),
        ),
    ),
  );
}

const commandsExist: Check = (workflow, facts) =>
  workflow.jobs.flatMap((job) =>
    job.steps.flatMap((step) => {
      if (step.run === undefined) return [];
      const found: Problem[] = [];
      const seen = new Set<string>();
      for (const ref of extractCommands(step.run))
        checkCommand(
          ref,
          facts,
          step.workingDirectory,
          (rule, message) => found.push(problem(rule, workflow, message, step.label)),
          seen,
        );
      return found;
    }),
  );

function runsTerraform(step: StepView): boolean {
  return (
    step.run !== undefined &&
    splitSimpleCommands(step.run).some(
      (words) => words.includes('terraform') && words[0] === 'terraform',
    )
  );
}

const terraformVersionFromFile: Check = (workflow, facts) => {
  const found: Problem[] = [];
  const jobsWithTerraform = workflow.jobs.filter((job) => job.steps.some(runsTerraform));
  if (jobsWithTerraform.length > 0 && !/^\d+\.\d+\.\d+\s*$/.test(facts.terraformVersion ?? ''))
    found.push(
      problem(
        RULES.terraformVersionFromFile,
        workflow,
        `${TERRAFORM_VERSION_FILE} must exist and hold one exact version (found ${JSON.stringify(facts.terraformVersion ?? null)})`,
      ),
    );
  for (const job of jobsWithTerraform) {
    const firstTerraform = job.steps.findIndex(runsTerraform);
    const setupIndex = job.steps.findIndex((s) => actionName(s.uses) === SETUP_TERRAFORM);
    const setup = job.steps[setupIndex];
    if (setup === undefined || setupIndex > firstTerraform) {
      found.push(
        problem(
          RULES.terraformVersionFromFile,
          workflow,
          `runs terraform without ${SETUP_TERRAFORM} first`,
          job.id,
        ),
      );
      continue;
    }
    const version = String(setup.with['terraform_version'] ?? '');
    const ref = /^\$\{\{\s*steps\.([\w-]+)\.outputs\.[\w-]+\s*\}\}$/.exec(version);
    const reader = ref ? job.steps.slice(0, setupIndex).find((s) => s.id === ref[1]) : undefined;
    if (!reader?.run?.includes(TERRAFORM_VERSION_FILE))
      found.push(
        problem(
          RULES.terraformVersionFromFile,
          workflow,
          `terraform_version must be the output of an earlier step that reads ${TERRAFORM_VERSION_FILE} (found ${JSON.stringify(version)})`,
          setup.label,
        ),
      );
    if (setup.with['terraform_wrapper'] !== false)
      found.push(
        problem(
          RULES.terraformVersionFromFile,
          workflow,
          'set `terraform_wrapper: false`: the wrapper adds lines to stdout and breaks `terraform show -json` / `output -raw`',
          setup.label,
        ),
      );
  }
  return found;
};

const pathsFiltersMatch: Check = (workflow, facts) =>
  Object.entries(workflow.on).flatMap(([event, config]) =>
    (['paths', 'paths-ignore'] as const).flatMap((key) => {
      const patterns = config[key];
      if (!Array.isArray(patterns)) return [];
      return unmatchedPatterns(
        patterns.filter((p): p is string => typeof p === 'string'),
        facts.files,
      ).map((pattern) =>
        problem(
          RULES.pathsFiltersMatch,
          workflow,
          `on.${event}.${key} pattern "${pattern}" matches no file in the repository`,
        ),
      );
    }),
  );

const noHardCodedAws: Check = (workflow) =>
  workflow.text.split('\n').flatMap((line, i) => {
    const code = line.replace(/(^|\s)#.*$/, '');
    const found: Problem[] = [];
    if (ARN.test(code))
      found.push(problem(RULES.noHardCodedAws, workflow, `line ${i + 1}: hard-coded ARN`));
    if (ACCOUNT_ID.test(code))
      found.push(
        problem(RULES.noHardCodedAws, workflow, `line ${i + 1}: looks like an AWS account ID`),
      );
    if (REGION.test(code))
      found.push(
        problem(
          RULES.noHardCodedAws,
          workflow,
          `line ${i + 1}: hard-coded region (use vars.AWS_REGION)`,
        ),
      );
    return found;
  });

const noSecrets: Check = (workflow) =>
  [...workflow.text.matchAll(/\bsecrets\.([A-Za-z0-9_]+)/g)]
    .map((m) => m[1] as string)
    .filter((name) => name !== 'GITHUB_TOKEN')
    .map((name) =>
      problem(
        RULES.noSecrets,
        workflow,
        `secrets.${name}: the workflows use OIDC and variables, not stored secrets`,
      ),
    );

/**
 * Every `vars.NAME` a workflow reads.
 *
 * @example
 * variablesUsed(workflow) // ['AWS_REGION', 'AWS_PLAN_ROLE_ARN', 'TF_STATE_BUCKET']
 */
function variablesUsed(workflow: WorkflowView): string[] {
  return [
    ...new Set([...workflow.text.matchAll(/\bvars\.([A-Za-z0-9_]+)/g)].map((m) => m[1] as string)),
  ];
}

const variablesDocumented: Check = (workflow, facts) =>
  variablesUsed(workflow)
    .filter((name) => !(facts.deployDoc ?? '').includes(`\`${name}\``))
    .map((name) =>
      problem(
        RULES.variablesDocumented,
        workflow,
        `vars.${name} is not documented in docs/deploy.md (as \`${name}\`)`,
      ),
    );

function enginesMinimumMajor(engines: string | undefined): number | undefined {
  const m = /^\s*>=\s*(\d+)(?:\.\d+){0,2}\s*$/.exec(engines ?? '');
  return m ? Number(m[1]) : undefined;
}

const nodeVersion: Check = (workflow, facts) =>
  workflow.jobs.flatMap((job: JobView) =>
    stepsUsing(job, SETUP_NODE).flatMap((step) => {
      const minimum = enginesMinimumMajor(facts.nodeEngines);
      const version = step.with['node-version'];
      const file = step.with['node-version-file'];
      if (typeof file === 'string')
        return facts.files.includes(file)
          ? []
          : [
              problem(
                RULES.nodeVersion,
                workflow,
                `node-version-file ${file} does not exist`,
                step.label,
              ),
            ];
      const major = Number(String(version ?? '').split('.')[0]);
      if (minimum === undefined)
        return [
          problem(
            RULES.nodeVersion,
            workflow,
            `cannot read engines.node "${facts.nodeEngines ?? ''}" (expected ">=N")`,
            step.label,
          ),
        ];
      return Number.isInteger(major) && major >= minimum
        ? []
        : [
            problem(
              RULES.nodeVersion,
              workflow,
              `node-version ${JSON.stringify(version ?? null)} does not satisfy engines.node "${facts.nodeEngines ?? ''}"`,
              step.label,
            ),
          ];
    }),
  );

const CHECKS: readonly Check[] = [
  idTokenOnlyForAws,
  credentialJobsDoNotWrite,
  oidcFromVariables,
  pinsNameTheirRelease,
  credentialJobsInstallNothing,
  environmentJobsOnlyOnMain,
  imagesPinned,
  jobTimeouts,
  concurrency,
  commandsExist,
  terraformVersionFromFile,
  pathsFiltersMatch,
  noHardCodedAws,
  noSecrets,
  variablesDocumented,
  nodeVersion,
];

/**
 * Runs every rule over every workflow.
 *
 * @example
 * const problems = checkWorkflows([workflow], facts);
 * problems.filter((p) => p.rule === RULES.npmScripts); // `npm run x` without script x
 */
export function checkWorkflows(
  workflows: readonly WorkflowView[],
  facts: WorkspaceFacts,
): Problem[] {
  // A file one workflow bundles (a reusable build workflow) may be run by another.
  const withBundles: WorkspaceFacts = {
    ...facts,
    buildOutputs: [...facts.buildOutputs, ...workflows.flatMap(bundledFiles)],
  };
  return workflows.flatMap((workflow) => CHECKS.flatMap((check) => check(workflow, withBundles)));
}

/**
 * One line per problem, for test failure messages.
 *
 * @example
 * formatProblems(problems) // '.github/workflows/ci.yml [verify › Install]: … (npm-scripts-exist)'
 */
export function formatProblems(problems: readonly Problem[]): string {
  return problems
    .map((p) => `${p.file}${p.where ? ` [${p.where}]` : ''}: ${p.message} (${p.rule})`)
    .join('\n');
}
