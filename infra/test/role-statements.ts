import type { PolicyDocument, PolicyStatement } from '../src/iam/policy-document';
import { resources, type TerraformJson } from './synth-helpers';

/**
 * Every statement a bootstrap role holds: its inline policies and the stack's managed policies attached
 * to it (an attachment of a policy the stack does not define fails: nothing AWS managed is expected).
 *
 * @example
 * allows(roleStatements(bootstrap.tf, 'plan'), 's3:GetObject', arn);
 */
export function roleStatements(
  bootstrap: TerraformJson,
  role: 'plan' | 'deploy',
): PolicyStatement[] {
  const parse = (text: unknown) => (JSON.parse(String(text)) as PolicyDocument).Statement;
  const inline = Object.values(resources(bootstrap, 'aws_iam_role_policy'))
    .filter((p) => p.role === `\${aws_iam_role.${role}-role.id}`)
    .flatMap((p) => parse(p.policy));
  const attached = Object.values(resources(bootstrap, 'aws_iam_role_policy_attachment'))
    .filter((a) => a.role === `\${aws_iam_role.${role}-role.name}`)
    .flatMap((a) => {
      const name = /^\$\{aws_iam_policy\.([A-Za-z0-9_-]+)\.arn\}$/.exec(String(a.policy_arn))?.[1];
      if (!name)
        throw new Error(`attachment of a policy outside the stack: ${String(a.policy_arn)}`);
      return parse(resources(bootstrap, 'aws_iam_policy')[name]!.policy);
    });
  return [...inline, ...attached];
}
