import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { Testing } from 'cdktf';
import { buildApp } from '../src/app';
import {
  BOOTSTRAP_STATE_KEY,
  DEFAULT_MAIN_STATE_KEY,
  StateBackendConfigError,
  stateBackendsFromEnv,
} from '../src/config/state-backend';
import { BOOTSTRAP_STACK_NAME, MAIN_STACK_NAME } from '../src/naming';
import { FIXTURE_ZIP, single, synthStacks, testConfig, type TerraformJson } from './synth-helpers';

describe('state backend from the environment', () => {
  it('fails with a clear error when TF_STATE_BUCKET is missing', () => {
    for (const env of [{}, { TF_STATE_BUCKET: '  ' }]) {
      expect(() => stateBackendsFromEnv(env, 'us-east-1')).toThrow(StateBackendConfigError);
      expect(() => stateBackendsFromEnv(env, 'us-east-1')).toThrow(/TF_STATE_BUCKET is not set/);
    }
  });

  it('defaults the keys and the region (the stack region)', () => {
    expect(stateBackendsFromEnv({ TF_STATE_BUCKET: 'b' }, 'eu-west-1')).toEqual({
      main: { kind: 's3', bucket: 'b', key: DEFAULT_MAIN_STATE_KEY, region: 'eu-west-1' },
      bootstrap: { kind: 's3', bucket: 'b', key: BOOTSTRAP_STATE_KEY, region: 'eu-west-1' },
    });
    expect(DEFAULT_MAIN_STATE_KEY).toBe('hls-stale-guard/terraform.tfstate');
    expect(BOOTSTRAP_STATE_KEY).toBe('hls-stale-guard/bootstrap.tfstate');
  });

  it('takes TF_STATE_KEY (main stack only) and TF_STATE_REGION', () => {
    const { main, bootstrap } = stateBackendsFromEnv(
      { TF_STATE_BUCKET: 'b', TF_STATE_KEY: 'x/y.tfstate', TF_STATE_REGION: 'eu-central-1' },
      'us-east-1',
    );
    expect(main).toEqual({ kind: 's3', bucket: 'b', key: 'x/y.tfstate', region: 'eu-central-1' });
    expect(bootstrap).toMatchObject({ key: BOOTSTRAP_STATE_KEY, region: 'eu-central-1' });
  });

  it('refuses a main key equal to the bootstrap key', () => {
    expect(() =>
      stateBackendsFromEnv(
        { TF_STATE_BUCKET: 'b', TF_STATE_KEY: BOOTSTRAP_STATE_KEY },
        'us-east-1',
      ),
    ).toThrow(/must differ/);
  });
});

/** Absolute paths of this machine that must never end up in the synthesized JSON. */
const machinePaths = (outdir: string) => [
  outdir,
  process.cwd(),
  resolve(__dirname, '../..'),
  tmpdir(),
  FIXTURE_ZIP,
];
const ABSOLUTE_PATH = /"(?:\/(?:work|home|tmp|Users|var|root|opt|private)\/|[A-Za-z]:\\\\)/;

describe('synthesized to disk (the real app, S3 backends)', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'hsg-infra-full-'));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));
  const backends = stateBackendsFromEnv({ TF_STATE_BUCKET: 'tf-state-bucket' }, 'us-east-1');
  const { app } = buildApp({
    config: testConfig(),
    outdir,
    checkerZipPath: FIXTURE_ZIP,
    stateBucketName: 'tf-state-bucket',
    backends,
  });
  app.synth();
  const stackFile = (name: string) => join(outdir, 'stacks', name, 'cdk.tf.json');
  const read = (name: string) => readFileSync(stackFile(name), 'utf8');

  it('writes both stacks where the workflows look for them', () => {
    expect(existsSync(stackFile(MAIN_STACK_NAME))).toBe(true);
    expect(existsSync(stackFile(BOOTSTRAP_STACK_NAME))).toBe(true);
    expect(MAIN_STACK_NAME).toBe('hls-stale-guard');
    expect(BOOTSTRAP_STACK_NAME).toBe('hls-stale-guard-bootstrap');
  });

  it('configures the S3 backend with use_lockfile and the right keys', () => {
    const main = JSON.parse(read(MAIN_STACK_NAME)) as TerraformJson;
    const bootstrap = JSON.parse(read(BOOTSTRAP_STACK_NAME)) as TerraformJson;
    expect(main.terraform.backend).toEqual({
      s3: {
        bucket: 'tf-state-bucket',
        key: DEFAULT_MAIN_STATE_KEY,
        region: 'us-east-1',
        encrypt: true,
        use_lockfile: true,
      },
    });
    expect(bootstrap.terraform.backend).toMatchObject({
      s3: { key: BOOTSTRAP_STATE_KEY, use_lockfile: true },
    });
  });

  it('pins the AWS provider of @cdktf/provider-aws 21.22.1', () => {
    const main = JSON.parse(read(MAIN_STACK_NAME)) as TerraformJson;
    expect(main.terraform.required_providers).toEqual({
      aws: { source: 'aws', version: '6.25.0' },
    });
  });

  it('contains no absolute path of this machine', () => {
    for (const name of [MAIN_STACK_NAME, BOOTSTRAP_STACK_NAME]) {
      const text = read(name);
      for (const path of machinePaths(outdir)) expect(text).not.toContain(path);
      expect(text).not.toMatch(ABSOLUTE_PATH);
    }
    expect(readFileSync(join(outdir, 'manifest.json'), 'utf8')).not.toMatch(ABSOLUTE_PATH);
  });

  it('references the Lambda zip by a path relative to the stack directory, where the asset is copied', () => {
    const fn = single(JSON.parse(read(MAIN_STACK_NAME)) as TerraformJson, 'aws_lambda_function');
    const filename = String(fn.filename);
    expect(isAbsolute(filename)).toBe(false);
    expect(filename).toMatch(
      /^assets\/stale-checker_bundle\/[0-9A-F]{32}\/lambda-bundle-minimal\.zip$/,
    );
    const copied = join(dirname(stackFile(MAIN_STACK_NAME)), filename);
    expect(readFileSync(copied)).toEqual(readFileSync(FIXTURE_ZIP));
  });

  it('sets source_code_hash to filebase64sha256 of the zip', () => {
    const fn = single(JSON.parse(read(MAIN_STACK_NAME)) as TerraformJson, 'aws_lambda_function');
    const expected = createHash('sha256').update(readFileSync(FIXTURE_ZIP)).digest('base64');
    expect(fn.source_code_hash).toBe(expected);
  });

  it('is byte-identical when synthesized again (stable asset path and hash)', () => {
    const again = mkdtempSync(join(tmpdir(), 'hsg-infra-again-'));
    try {
      buildApp({
        config: testConfig(),
        outdir: again,
        checkerZipPath: FIXTURE_ZIP,
        stateBucketName: 'tf-state-bucket',
        backends,
      }).app.synth();
      expect(readFileSync(join(again, 'stacks', MAIN_STACK_NAME, 'cdk.tf.json'), 'utf8')).toBe(
        read(MAIN_STACK_NAME),
      );
    } finally {
      rmSync(again, { recursive: true, force: true });
    }
  });
});

describe('unit-test synth', () => {
  it('uses a local backend with a relative path', () => {
    const { main, bootstrap } = synthStacks();
    expect(main.tf.terraform.backend).toEqual({ local: { path: 'terraform.tfstate' } });
    expect(bootstrap.tf.terraform.backend).toEqual({ local: { path: 'bootstrap.tfstate' } });
    expect(Testing.synth(main.stack)).not.toMatch(ABSOLUTE_PATH);
  });
});
