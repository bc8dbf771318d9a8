/** `Dry_Run`, `dry-run`, `DRYRUN` → `DRYRUN`: the name with case, `_` and `-` ignored. */
function normalise(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/**
 * One problem per variable of `env` that is not one of `known` but normalises to one of them (case,
 * `_` and `-` ignored): a misspelt setting that would otherwise be silently ignored, leaving the
 * default in force. Pure.
 *
 * @example
 * misspeltEnvNames({ dry_run: 'true' }, ['DRY_RUN']);
 * // ['dry_run: unknown variable; did you mean DRY_RUN? (names are case-sensitive)']
 */
export function misspeltEnvNames(
  env: Readonly<Record<string, string | undefined>>,
  known: readonly string[],
): string[] {
  const byNormalised = new Map(known.map((name) => [normalise(name), name]));
  const problems: string[] = [];
  for (const name of Object.keys(env)) {
    const intended = byNormalised.get(normalise(name));
    if (intended !== undefined && intended !== name) {
      problems.push(
        `${name}: unknown variable; did you mean ${intended}? (names are case-sensitive)`,
      );
    }
  }
  return problems;
}
