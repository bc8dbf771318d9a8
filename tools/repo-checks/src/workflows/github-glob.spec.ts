import { pathsFilterIncludes } from './github-glob';

describe('pathsFilterIncludes', () => {
  const filter = ['infra/**', 'docs/**', '!**/*.md', 'docs/keep.md'];

  it('includes what a pattern matches', () => {
    expect(pathsFilterIncludes(filter, 'infra/src/app.ts')).toBe(true);
  });

  it('a later ! pattern excludes what an earlier one included', () => {
    expect(pathsFilterIncludes(filter, 'infra/README.md')).toBe(false);
    expect(pathsFilterIncludes(filter, 'docs/deploy.md')).toBe(false);
  });

  it('a later pattern includes again what a ! pattern excluded', () => {
    expect(pathsFilterIncludes(filter, 'docs/keep.md')).toBe(true);
  });

  it('matches nothing that no pattern names', () => {
    expect(pathsFilterIncludes(filter, 'README.md')).toBe(false);
    expect(pathsFilterIncludes(filter, 'tools/lab/src/main.ts')).toBe(false);
  });
});
