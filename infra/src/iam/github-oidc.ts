import type { PolicyStatement } from './policy-document';

/** The GitHub Actions OIDC issuer and the audience `aws-actions/configure-aws-credentials` requests. */
export const GITHUB_OIDC_URL = 'https://token.actions.githubusercontent.com';
export const GITHUB_OIDC_AUDIENCE = 'sts.amazonaws.com';
const CLAIM = 'token.actions.githubusercontent.com';

/**
 * OIDC `sub` claims: pull requests for plan, the protected `production` environment for deploy.
 *
 * @example
 * githubSubjects('acme/repo').plan; // 'repo:acme/repo:pull_request'
 */
export function githubSubjects(repository: string) {
  return {
    plan: `repo:${repository}:pull_request`,
    deploy: `repo:${repository}:environment:production`,
  };
}

/**
 * Trust policy letting one GitHub subject of one repository assume a role.
 * https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services
 *
 * @example
 * policyJson(githubTrustStatements(providerArn, githubSubjects(repository).deploy));
 */
export function githubTrustStatements(providerArn: string, subject: string): PolicyStatement[] {
  return [
    {
      Sid: 'GitHubActionsOidc',
      Effect: 'Allow',
      Principal: { Federated: providerArn },
      Action: ['sts:AssumeRoleWithWebIdentity'],
      Condition: {
        StringEquals: { [`${CLAIM}:aud`]: GITHUB_OIDC_AUDIENCE, [`${CLAIM}:sub`]: subject },
      },
    },
  ];
}
