import { extractCommands, splitSimpleCommands } from './extract-commands';
import { githubGlobToRegExp, unmatchedPatterns } from './github-glob';

describe('splitSimpleCommands', () => {
  it('splits on && || ; | and newlines, joins continuations, drops comments', () => {
    expect(splitSimpleCommands('a 1 && b 2 || c ; d | e\nf \\\n  g # note\n# whole line')).toEqual([
      ['a', '1'],
      ['b', '2'],
      ['c'],
      ['d'],
      ['e'],
      ['f', 'g'],
    ]);
  });

  it('keeps quoted text together, including $(…) and #', () => {
    expect(splitSimpleCommands(`echo "v=$(cat x) # no" 'a;b'`)).toEqual([
      ['echo', 'v=$(cat x) # no', 'a;b'],
    ]);
  });
});

describe('extractCommands', () => {
  it('reads npm scripts, including test/start shorthands, and skips npm ci', () => {
    const refs = extractCommands(
      'npm ci\nnpm run canary -- --domain x\nnpm test\nnpm run-script lint',
    );
    expect(refs.map((r) => (r.kind === 'npm-script' ? r.name : r.kind))).toEqual([
      'canary',
      'test',
      'lint',
    ]);
  });

  it('reads nx run, the p:t and t p shorthands, run-many and affected with both flag styles', () => {
    const refs = extractCommands(
      [
        'npx nx run infra:synth --skip-nx-cache',
        'nx stale-checker:build',
        'nx build stale-checker',
        'npx nx run-many -t lint typecheck -p a b --parallel=2',
        'NX_DAEMON=false npx nx affected --targets=test,integration --exclude=x',
        'npx nx show projects',
        'npm exec -- nx run a:b',
      ].join('\n'),
    );
    expect(
      refs.map((r) =>
        r.kind === 'nx' ? `${r.form} ${r.targets.join(',')} @ ${r.projects.join(',')}` : '',
      ),
    ).toEqual([
      'run synth @ infra',
      'run build @ stale-checker',
      'run build @ stale-checker',
      'run-many lint,typecheck @ a,b',
      'affected test,integration @ ',
      'run b @ a',
    ]);
  });

  it('reads tsx/node entry files, also behind npx --no-install', () => {
    const refs = extractCommands(
      'npx --no-install tsx tools/x/main.ts --a b\nnode scripts/y.mjs\nnode -e "1"',
    );
    expect(refs.map((r) => (r.kind === 'file' ? `${r.runner} ${r.file}` : ''))).toEqual([
      'tsx tools/x/main.ts',
      'node scripts/y.mjs',
    ]);
  });

  it('ignores everything else (terraform, echo, jq)', () => {
    expect(extractCommands('terraform plan -out=tfplan\necho nx run a:b | jq .')).toEqual([]);
  });
});

describe('githubGlobToRegExp', () => {
  it('`*` stops at a slash, `**` does not', () => {
    expect(githubGlobToRegExp('apps/*').test('apps/a.ts')).toBe(true);
    expect(githubGlobToRegExp('apps/*').test('apps/x/a.ts')).toBe(false);
    expect(githubGlobToRegExp('apps/**').test('apps/x/y/a.ts')).toBe(true);
  });

  it('`**/` matches zero or more directories', () => {
    const re = githubGlobToRegExp('**/project.json');
    expect(re.test('project.json')).toBe(true);
    expect(re.test('apps/x/project.json')).toBe(true);
  });

  it('escapes regex characters in literal parts', () => {
    expect(
      githubGlobToRegExp('.github/workflows/plan.yml').test('.github/workflows/planXyml'),
    ).toBe(false);
  });

  it('reports unmatched patterns and never negations', () => {
    expect(unmatchedPatterns(['apps/**', 'nope/**', '!nope/**'], ['apps/a.ts'])).toEqual([
      'nope/**',
    ]);
  });
});
