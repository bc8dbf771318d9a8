import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The deployable bundle must stay small: cold start grows with it. Measured 636 KB (621 KiB) with the four
 * SDK clients it needs (S3, SQS, CloudWatch, and DynamoDB for the playlist registry, which added ≈ 47 KB).
 */
export const MAX_BUNDLE_BYTES = 650 * 1024;

const root = join(__dirname, '..', '..', '..');
const project = JSON.parse(readFileSync(join(__dirname, '..', 'project.json'), 'utf-8'));
const options = project.targets.bundle.options;

describe('stale-checker bundle (same esbuild options as the bundle target)', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'stale-checker-bundle-'));
  const outfile = join(outdir, 'index.js');
  beforeAll(async () => {
    await build({
      entryPoints: [join(root, options.main)],
      outfile,
      bundle: true,
      minify: options.minify,
      platform: 'node',
      format: 'cjs',
      tsconfig: join(root, options.tsConfig),
      target: options.esbuildOptions.target,
      mainFields: options.esbuildOptions.mainFields,
      legalComments: options.esbuildOptions.legalComments,
      logLevel: 'silent',
    });
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it(`is at most ${MAX_BUNDLE_BYTES / 1024} KB minified`, () => {
    const size = statSync(outfile).size;
    process.stdout.write(`stale-checker bundle: ${size} B\n`);
    expect(size).toBeLessThanOrEqual(MAX_BUNDLE_BYTES);
  });

  it('loads in a fresh Node process and exports the handler', () => {
    const out = execFileSync(
      process.execPath,
      ['-e', `console.log(typeof require(${JSON.stringify(outfile)}).handler)`],
      {
        env: {
          PATH: process.env['PATH'],
          WATCHED_BUCKETS: 'origin-a',
          QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/1/q',
          REGISTRY_TABLE: 'hls-stale-guard-playlist-registry',
          AWS_REGION: 'us-east-1',
        },
        encoding: 'utf-8',
      },
    );
    expect(out.trim()).toBe('function');
  });

  it('fails at cold start with one error listing every configuration problem', () => {
    let stderr = '';
    try {
      execFileSync(process.execPath, ['-e', `require(${JSON.stringify(outfile)})`], {
        env: { PATH: process.env['PATH'], DRY_RUN: 'perhaps', AWS_REGION: 'us-east-1' },
        encoding: 'utf-8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (error) {
      stderr = String((error as { stderr?: string }).stderr);
    }
    expect(stderr).toContain('ConfigError');
    for (const fragment of [
      'WATCHED_BUCKETS is required',
      'QUEUE_URL is required',
      'REGISTRY_TABLE is required',
      'DRY_RUN',
    ])
      expect(stderr).toContain(fragment);
  });
});
