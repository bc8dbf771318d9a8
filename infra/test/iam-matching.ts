import type { PolicyStatement } from '../src/iam/policy-document';

/** IAM wildcard match (`*` any run of characters); actions compare case-insensitively. */
export function iamMatches(pattern: string, value: string, ignoreCase = false): boolean {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, ignoreCase ? 'i' : '').test(value);
}

/** Whether an Allow statement grants `action` on `resource` (conditions are not evaluated). */
export function allows(statements: readonly PolicyStatement[], action: string, resource: string) {
  return statements.some(
    (s) =>
      s.Effect === 'Allow' &&
      (s.Action ?? []).some((a) => iamMatches(a, action, true)) &&
      (s.Resource ?? []).some((r) => iamMatches(r, resource)),
  );
}

/** Whether a Deny statement (without NotResource) matches `action` on `resource`. */
export function denies(statements: readonly PolicyStatement[], action: string, resource: string) {
  return statements.some(
    (s) =>
      s.Effect === 'Deny' &&
      (s.Action ?? []).some((a) => iamMatches(a, action, true)) &&
      ((s.Resource ?? []).some((r) => iamMatches(r, resource)) ||
        (s.NotResource !== undefined && !s.NotResource.some((r) => iamMatches(r, resource)))),
  );
}
