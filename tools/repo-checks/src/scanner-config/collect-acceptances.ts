/**
 * Adapter: synthesizes both infra stacks in memory from the committed default config and reads the risk
 * acceptances their constructs record (`acceptRisk`, infra/src/security/accept-risk.ts). Nothing is
 * written and nothing talks to AWS.
 *
 * infra is loaded at run time through the small interface below rather than imported: a tool must not
 * depend on the infra project at build time (module boundaries), and repo-checks' typecheck must not
 * compile infra's sources. A change to these signatures fails the scanner-config test with a clear error.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { TerraformResource, TerraformStack, type App } from 'cdktf';
import type { IConstruct } from 'constructs';
import type { Acceptance } from './scanner-config';

const INFRA_SRC = resolve(__dirname, '../../../../infra/src');

/** A small zip standing in for the Lambda bundle: the acceptances do not depend on its content. */
const STAND_IN_ZIP = resolve(
  __dirname,
  '../../../../infra/test/fixtures/lambda-bundle-minimal.zip',
);

type LocalBackend = { kind: 'local'; path: string };
interface InfraModules {
  buildApp(options: {
    config: unknown;
    outdir: string;
    checkerZipPath: string;
    stateBucketName: string;
    backends: { main: LocalBackend; bootstrap: LocalBackend };
  }): { app: App };
  loadInfraConfig(env: Record<string, string | undefined>): unknown;
  acceptedRisks(construct: IConstruct): { rules: readonly string[]; reason: string }[];
}

async function loadInfra(): Promise<InfraModules> {
  const [app, config, risk] = await Promise.all([
    import(join(INFRA_SRC, 'app')),
    import(join(INFRA_SRC, 'config/load-infra-config')),
    import(join(INFRA_SRC, 'security/accept-risk')),
  ]);
  const modules = {
    buildApp: app.buildApp,
    loadInfraConfig: config.loadInfraConfig,
    acceptedRisks: risk.acceptedRisks,
  };
  for (const [name, fn] of Object.entries(modules))
    if (typeof fn !== 'function') throw new Error(`infra/src no longer exports ${name}()`);
  return modules as InfraModules;
}

/**
 * Every acceptance of every resource in both stacks, for the default config (`infra/config/default.json`).
 *
 * @example
 * (await collectAcceptances()).filter((a) => a.rule === 'CKV_AWS_68') // the distribution, "WAF is left to …"
 */
export async function collectAcceptances(): Promise<Acceptance[]> {
  const infra = await loadInfra();
  const outdir = mkdtempSync(join(tmpdir(), 'hsg-scanner-config-'));
  try {
    const { app } = infra.buildApp({
      config: infra.loadInfraConfig({}),
      outdir,
      checkerZipPath: STAND_IN_ZIP,
      stateBucketName: 'scanner-config-no-state',
      backends: {
        main: { kind: 'local', path: 'terraform.tfstate' },
        bootstrap: { kind: 'local', path: 'bootstrap.tfstate' },
      },
    });
    return app.node
      .findAll()
      .filter((c): c is TerraformResource => c instanceof TerraformResource)
      .flatMap((resource) => {
        const stack = TerraformStack.of(resource);
        const address = `${resource.terraformResourceType}.${stack.getLogicalId(resource)}`;
        return infra
          .acceptedRisks(resource)
          .flatMap((a) =>
            a.rules.map((rule) => ({ stack: stack.node.id, address, rule, reason: a.reason })),
          );
      });
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
