import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing, type TerraformStack } from 'cdktf';
import { buildApp } from '../src/app';
import { parseInfraConfig, type InfraConfig } from '../src/config/infra-config';
import type { PolicyDocument } from '../src/iam/policy-document';

/** A tiny deterministic zip standing in for `nx build stale-checker` output. */
export const FIXTURE_ZIP = join(__dirname, 'fixtures', 'lambda-bundle-minimal.zip');

export const TEST_STATE_BUCKET = 'test-state-bucket';

/** A valid config: the defaults plus `overrides`. */
export function testConfig(overrides: Record<string, unknown> = {}): InfraConfig {
  return parseInfraConfig(overrides, 'test');
}

/** Terraform JSON of a stack as a plain object. */
export interface TerraformJson {
  resource: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  output: Record<string, { value: unknown; description?: string }>;
  terraform: Record<string, unknown>;
  provider: Record<string, unknown>;
}

/** One synthesized stack: the `Testing.synth` string (for the cdktf matchers) and the parsed JSON. */
export interface SynthesizedStack {
  readonly stack: TerraformStack;
  /** For `expect(json).toHaveResourceWithProperties(...)`; `//` comments stripped. */
  readonly json: string;
  /** Parsed, with the `//` comments (risk acceptances) kept. */
  readonly tf: TerraformJson;
}

function synthesize(stack: TerraformStack): SynthesizedStack {
  const json = Testing.synth(stack);
  const tf = JSON.parse(JSON.stringify(stack.toTerraform())) as TerraformJson;
  return { stack, json, tf };
}

const outdirs: string[] = [];
afterAll(() => {
  for (const dir of outdirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A cdktf testing app whose (unused) output directory is removed after the test file. */
export function testApp() {
  const outdir = mkdtempSync(join(tmpdir(), 'hsg-infra-test-'));
  outdirs.push(outdir);
  return Testing.app({ outdir });
}

const synthesized = new Map<string, { main: SynthesizedStack; bootstrap: SynthesizedStack }>();

/**
 * Both stacks for a config, with local (relative-path) backends as in every unit test. Memoized per
 * test file by config (tests only read the result).
 */
export function synthStacks(overrides: Record<string, unknown> = {}) {
  const key = JSON.stringify(overrides);
  const cached = synthesized.get(key);
  if (cached) return cached;
  const app = testApp();
  const { main, bootstrap } = buildApp(
    {
      config: testConfig(overrides),
      outdir: app.outdir,
      checkerZipPath: FIXTURE_ZIP,
      stateBucketName: TEST_STATE_BUCKET,
      backends: {
        main: { kind: 'local', path: 'terraform.tfstate' },
        bootstrap: { kind: 'local', path: 'bootstrap.tfstate' },
      },
    },
    app,
  );
  const result = { main: synthesize(main), bootstrap: synthesize(bootstrap) };
  synthesized.set(key, result);
  return result;
}

/** The resources of one type, by Terraform name. */
export function resources(
  tf: TerraformJson,
  type: string,
): Record<string, Record<string, unknown>> {
  return tf.resource[type] ?? {};
}

/** The only resource of a type (fails the test if there is not exactly one). */
export function single(tf: TerraformJson, type: string): Record<string, unknown> {
  const all = Object.values(resources(tf, type));
  if (all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
  return all[0] as Record<string, unknown>;
}

/** Every policy document of a stack, with where it came from. */
export function policyDocuments(tf: TerraformJson): { where: string; document: PolicyDocument }[] {
  const sources: [string, string][] = [
    ['aws_iam_role_policy', 'policy'],
    ['aws_iam_policy', 'policy'],
    ['aws_iam_role', 'assume_role_policy'],
    ['aws_s3_bucket_policy', 'policy'],
    ['aws_sqs_queue_policy', 'policy'],
    ['aws_sns_topic_policy', 'policy'],
    ['aws_kms_key', 'policy'],
  ];
  return sources.flatMap(([type, attribute]) =>
    Object.entries(resources(tf, type)).map(([name, resource]) => ({
      where: `${type}.${name}`,
      document: JSON.parse(String(resource[attribute])) as PolicyDocument,
    })),
  );
}

/** The statement with a Sid in a stack's policies (fails if not exactly one). */
export function statement(tf: TerraformJson, where: RegExp, sid: string) {
  const found = policyDocuments(tf)
    .filter((p) => where.test(p.where))
    .flatMap((p) => p.document.Statement.filter((s) => s.Sid === sid));
  if (found.length !== 1)
    throw new Error(`expected one statement ${sid} in ${where}, found ${found.length}`);
  return found[0]!;
}
