/**
 * GitHub Actions filter patterns (`on.<event>.paths`, `branches`) as regular expressions.
 * https://docs.github.com/en/actions/writing-workflows/workflow-syntax-for-github-actions#filter-pattern-cheat-sheet
 * `*` matches any characters except `/`, `**` any characters, `?` zero or one of the preceding character,
 * `+` one or more of the preceding character, `[...]` a character class; a leading `!` negates.
 * actionlint checks a pattern's syntax, not whether it matches anything, so the repo checks prove every
 * `paths` pattern matches a file themselves.
 */

/**
 * Compiles one filter pattern (without its leading `!`).
 *
 * @example
 * githubGlobToRegExp('apps/**').test('apps/stale-checker/src/handler.ts') // true
 * githubGlobToRegExp('*.md').test('docs/deploy.md') // false: `*` stops at `/`
 */
export function githubGlobToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        i++;
        // `**/` matches zero or more whole directories: `**/x.yml` matches `x.yml` and `a/b/x.yml`.
        if (pattern[i + 1] === '/') {
          i++;
          source += '(?:.*/)?';
        } else {
          source += '.*';
        }
      } else {
        source += '[^/]*';
      }
    } else if (c === '?' || c === '+') {
      source += c;
    } else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end === -1) {
        source += '\\[';
      } else {
        source += `[${pattern.slice(i + 1, end).replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else {
      source += c.replace(/[.^$|(){}\\/]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}

/**
 * Patterns from a `paths` list that match none of the files (negated `!` patterns are not checked: they
 * exclude, so matching nothing is legitimate).
 *
 * @example
 * unmatchedPatterns(['apps/**', 'nope/**'], ['apps/a.ts']) // ['nope/**']
 */
export function unmatchedPatterns(patterns: readonly string[], files: readonly string[]): string[] {
  return patterns.filter((pattern) => {
    if (pattern.startsWith('!')) return false;
    const re = githubGlobToRegExp(pattern);
    return !files.some((file) => re.test(file));
  });
}

/**
 * Whether a change to `file` passes a `paths` filter: GitHub applies the patterns in order, a later
 * pattern overriding an earlier one, so `!` patterns exclude what earlier patterns included.
 *
 * @example
 * pathsFilterIncludes(['infra/**', '!**\/*.md'], 'infra/README.md') // false
 * pathsFilterIncludes(['infra/**', '!**\/*.md'], 'infra/src/app.ts') // true
 */
export function pathsFilterIncludes(patterns: readonly string[], file: string): boolean {
  let included = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    if (githubGlobToRegExp(negated ? pattern.slice(1) : pattern).test(file)) included = !negated;
  }
  return included;
}
