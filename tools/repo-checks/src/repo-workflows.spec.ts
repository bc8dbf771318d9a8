/**
 * The repository's own workflows against the repository's own workspace: the rules of
 * `check-workflows.ts` (one test per rule) and what each workflow must do (the CI/CD issue).
 * A failure names the file, the job/step and the fix.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CHECKER_ZIP_PATH } from '@hls-stale-guard/contract';
import { parse } from 'yaml';
import { planCommentMarker } from './plan-summary/render-plan-markdown';
import { checkWorkflows, formatProblems, RULES, variablesUsed } from './workflows/check-workflows';
import { extractCommands, type CommandRef } from './workflows/extract-commands';
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

describe('the workflows', () => {
  it('are ci.yml, plan.yml and deploy.yml, and all parse', () => {
    expect(
      parsed.map((r) => (r.kind === 'ok' ? r.workflow.path : `${r.path}: ${r.reason}`)),
    ).toEqual([
      '.github/workflows/ci.yml',
      '.github/workflows/deploy.yml',
      '.github/workflows/plan.yml',
    ]);
  });

  it.each(Object.values(RULES))('follow rule %s', (rule) => {
    expect(formatProblems(problems.filter((p) => p.rule === rule))).toBe('');
  });
});

describe('ci.yml', () => {
  const ci = workflow('ci.yml');
  const verify = job(ci, 'verify');

  it('runs on pull requests and on pushes to main', () => {
    expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push']);
    expect(ci.on['push']?.['branches']).toEqual(['main']);
  });

  it('checks out the full history for nx affected', () => {
    expect(stepsUsing(verify, 'actions/checkout')[0]?.with['fetch-depth']).toBe(0);
  });

  it('uses Node 20 like the dev machines, with the npm cache, then npm ci', () => {
    const node = stepsUsing(verify, 'actions/setup-node')[0];
    expect(node?.with).toMatchObject({ 'node-version': 20, cache: 'npm' });
    expect(indexOfRun(verify, /^npm ci$/m)).toBeGreaterThan(
      indexOfUses(verify, 'actions/setup-node'),
    );
  });

  it('restores the Nx cache (.nx/cache) before running Nx', () => {
    const cache = stepsUsing(verify, 'actions/cache')[0];
    expect(cache?.with['path']).toBe('.nx/cache');
    expect(indexOfUses(verify, 'actions/cache')).toBeLessThan(indexOfRun(verify, /nx affected/));
  });

  it('sets the affected base/head with nrwl/nx-set-shas, then runs lint typecheck test integration build', () => {
    expect(indexOfUses(verify, 'nrwl/nx-set-shas')).toBeLessThan(indexOfRun(verify, /nx affected/));
    expect(permissions(verify)['actions']).toBe('read');
    const affected = commands(verify).find(
      ({ ref }) => ref.kind === 'nx' && ref.form === 'affected',
    );
    expect(affected?.ref.kind === 'nx' && [...affected.ref.targets].sort()).toEqual([
      'build',
      'integration',
      'lint',
      'test',
      'typecheck',
    ]);
  });

  it('synthesizes the infra stacks', () => {
    const synth = commands(verify).find(
      ({ ref }) =>
        ref.kind === 'nx' && ref.projects.includes('infra') && ref.targets.includes('synth'),
    );
    expect(synth).toBeDefined();
    expect(synth?.step.env['TF_STATE_BUCKET']).toEqual(
      expect.stringContaining('vars.TF_STATE_BUCKET'),
    );
  });

  it('uploads the stale-checker zip (the path the contract names) and cdktf.out', () => {
    const paths = stepsUsing(verify, 'actions/upload-artifact').map((s) => s.with['path']);
    expect(paths).toEqual(expect.arrayContaining([CHECKER_ZIP_PATH, 'infra/cdktf.out']));
  });

  it('runs the code that goes into the Lambda on Node 24 too (runtime nodejs24.x), bypassing the cache', () => {
    const runtime = job(ci, 'lambda-runtime');
    expect(stepsUsing(runtime, 'actions/setup-node')[0]?.with['node-version']).toBe(24);
    const run = commands(runtime).find(({ ref }) => ref.kind === 'nx');
    expect(run?.ref.kind === 'nx' && run.ref.projects).toContain('stale-checker');
    expect(run?.ref.text).toContain('--skip-nx-cache');
  });
});

describe('plan.yml', () => {
  const plan = workflow('plan.yml');
  const planJob = job(plan, 'plan');
  const commentJob = job(plan, 'comment');
  const stack = String(plan.env['STACK']);

  it('runs on pull requests that touch apps/, libs/ or infra/ (and nothing else)', () => {
    expect(Object.keys(plan.on)).toEqual(['pull_request']);
    expect(plan.on['pull_request']?.['paths']).toEqual(
      expect.arrayContaining(['apps/**', 'libs/**', 'infra/**']),
    );
  });

  it('skips fork pull requests, which get no OIDC token', () => {
    expect(planJob.if).toContain(
      'github.event.pull_request.head.repo.full_name == github.repository',
    );
  });

  it('assumes the plan role via OIDC with id-token: write and contents: read, and nothing else', () => {
    expect(permissions(planJob)).toEqual({ contents: 'read', 'id-token': 'write' });
    const aws = stepsUsing(planJob, 'aws-actions/configure-aws-credentials');
    expect(aws.map((s) => s.with['role-to-assume'])).toEqual(['${{ vars.AWS_PLAN_ROLE_ARN }}']);
  });

  it('has no environment, so the OIDC subject is repo:OWNER/NAME:pull_request (the plan role trust)', () => {
    expect(planJob.environment).toBeUndefined();
  });

  it('lets only the comment job write to the pull request, and that job has no AWS access', () => {
    expect(permissions(commentJob)).toEqual({ 'pull-requests': 'write' });
    expect(commentJob.needs).toEqual(['plan']);
    expect(stepsUsing(commentJob, 'aws-actions/configure-aws-credentials')).toEqual([]);
  });

  it('runs terraform init → validate → plan -out in the synthesized stack directory, after synth', () => {
    const order = [
      indexOfRun(planJob, /nx run infra:synth/),
      indexOfUses(planJob, 'aws-actions/configure-aws-credentials'),
      indexOfRun(planJob, /terraform init/),
      indexOfRun(planJob, /terraform validate/),
      indexOfRun(planJob, /terraform plan .*-out=tfplan/),
      indexOfRun(planJob, /terraform -chdir=\S+ show -json tfplan/),
    ];
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(plan.env['STACK_DIR']).toBe(`infra/cdktf.out/stacks/${stack}`);
    expect(planJob.steps[order[2] as number]?.workingDirectory).toBe('${{ env.STACK_DIR }}');
  });

  it('renders the summary with the tested tool into the job summary', () => {
    const summary = planJob.steps.find((s) =>
      /plan-summary\/main\.ts[\s\\]+--plan-json/.test(s.run ?? ''),
    );
    expect(summary?.run).toContain('>> "$GITHUB_STEP_SUMMARY"');
  });

  it('uploads the plan file as an artifact', () => {
    const paths = stepsUsing(planJob, 'actions/upload-artifact').map((s) => s.with['path']);
    expect(paths).toContain('${{ env.STACK_DIR }}/tfplan');
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
  const deployJob = job(deploy, 'deploy');

  it('runs on pushes to main (and by hand), never on pull requests', () => {
    expect(Object.keys(deploy.on).sort()).toEqual(['push', 'workflow_dispatch']);
    expect(deploy.on['push']?.['branches']).toEqual(['main']);
  });

  it('never runs two deployments at once and never cancels one (one static group)', () => {
    expect(deploy.concurrency).toEqual({ group: 'deploy-production', 'cancel-in-progress': false });
  });

  it('deploys in the protected production environment with the deploy role', () => {
    expect(deployJob.environment).toBe('production');
    expect(permissions(deployJob)).toEqual({ contents: 'read', 'id-token': 'write' });
    const aws = stepsUsing(deployJob, 'aws-actions/configure-aws-credentials');
    expect(aws.map((s) => s.with['role-to-assume'])).toEqual(['${{ vars.AWS_DEPLOY_ROLE_ARN }}']);
  });

  it('builds and synthesizes from source, applies exactly the saved plan, then runs the canary', () => {
    const order = [
      indexOfRun(deployJob, /nx run infra:synth --skip-nx-cache/),
      indexOfRun(deployJob, /terraform plan .*-out=tfplan/),
      indexOfRun(deployJob, /terraform apply .* tfplan$/m),
      indexOfRun(deployJob, /terraform output -raw playback_domain/),
      indexOfRun(deployJob, /npm run canary/),
    ];
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('points the canary at the deployed domain, primary bucket and canary prefix', () => {
    const canary = deployJob.steps.find((s) => s.run?.includes('npm run canary'));
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
});

describe('variables', () => {
  it('are exactly the documented set: nothing hard-coded, nothing undocumented', () => {
    const used = new Set(workflows.flatMap(variablesUsed));
    expect([...used].sort()).toEqual([
      'AWS_DEPLOY_ROLE_ARN',
      'AWS_PLAN_ROLE_ARN',
      'AWS_REGION',
      'HSG_INFRA_CONFIG',
      'TF_STATE_BUCKET',
      'TF_STATE_KEY',
    ]);
  });
});

describe('dependabot.yml', () => {
  it('keeps the pinned action versions current', () => {
    const config = parse(readFileSync(join(ROOT, '.github/dependabot.yml'), 'utf8')) as {
      updates: { 'package-ecosystem': string }[];
    };
    expect(config.updates.map((u) => u['package-ecosystem'])).toContain('github-actions');
  });
});
