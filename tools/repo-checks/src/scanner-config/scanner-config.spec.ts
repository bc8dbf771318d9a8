import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { collectAcceptances } from './collect-acceptances';
import {
  renderCheckovConfig,
  renderScannerConfigs,
  renderTrivyIgnore,
  scannerOf,
  type Acceptance,
} from './scanner-config';

const ROOT = join(__dirname, '../../../..');

const ACCEPTANCES: Acceptance[] = [
  {
    stack: 'main',
    address: 'aws_s3_bucket.b',
    rule: 'CKV_AWS_145',
    reason: 'public media, SSE-S3',
  },
  {
    stack: 'main',
    address: 'aws_s3_bucket.a',
    rule: 'CKV_AWS_145',
    reason: 'public media, SSE-S3',
  },
  {
    stack: 'main',
    address: 'aws_s3_bucket.a',
    rule: 'CKV_AWS_18',
    reason: 'no log bucket\n  owned',
  },
  { stack: 'main', address: 'aws_s3_bucket.a', rule: 'AVD-AWS-0089', reason: 'no "log" bucket' },
];

describe('the committed scanner configuration', () => {
  let acceptances: Acceptance[];
  beforeAll(async () => {
    acceptances = await collectAcceptances();
  });

  it('is exactly what the constructs accept (regenerate with `npx nx run repo-checks:scanner-config`)', () => {
    for (const [file, text] of Object.entries(renderScannerConfigs(acceptances)))
      expect(`${file}:\n${readFileSync(join(ROOT, file), 'utf8')}`).toBe(`${file}:\n${text}`);
  });

  it('covers acceptances of both scanners in both stacks (the collector sees the constructs)', () => {
    expect(new Set(acceptances.map((a) => scannerOf(a.rule)))).toEqual(
      new Set(['checkov', 'trivy']),
    );
    expect(new Set(acceptances.map((a) => a.stack))).toEqual(
      new Set(['hls-stale-guard', 'hls-stale-guard-bootstrap']),
    );
  });
});

describe('renderCheckovConfig', () => {
  it('skips each accepted checkov rule once, after comments naming every resource and its reason', () => {
    const text = renderCheckovConfig(ACCEPTANCES);
    expect(parse(text)).toEqual({ 'skip-check': ['CKV_AWS_18', 'CKV_AWS_145'] });
    expect(text).toContain(
      '  # main: aws_s3_bucket.a: public media, SSE-S3\n  # main: aws_s3_bucket.b: public media, SSE-S3\n  - CKV_AWS_145',
    );
    expect(text).toContain('# main: aws_s3_bucket.a: no log bucket owned\n');
  });

  it('skips nothing when nothing is accepted', () => {
    expect(parse(renderCheckovConfig([]))).toEqual({ 'skip-check': [] });
  });
});

describe('renderTrivyIgnore', () => {
  it('ignores each accepted trivy rule with the resources and reasons as its statement', () => {
    expect(parse(renderTrivyIgnore(ACCEPTANCES))).toEqual({
      misconfigurations: [
        { id: 'AVD-AWS-0089', statement: 'main: aws_s3_bucket.a: no "log" bucket' },
      ],
    });
  });
});
