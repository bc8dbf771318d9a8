import { inThisAccount, stackArns, type DeployScope } from './deploy-scope';
import type { PolicyStatement } from './policy-document';

/**
 * The policy encoder roles (e.g. a MediaLive role) attach: PutObject under the watched prefixes of
 * every origin bucket, in this account. It lives in the bootstrap stack, not the main one, because roles
 * outside the stack attach it: the deploy role must not be able to widen it.
 *
 * @example
 * new IamPolicy(this, 'encoder-policy', { name, path, policy: policyJson(encoderPolicyStatements(scope)) });
 */
export function encoderPolicyStatements(s: DeployScope): PolicyStatement[] {
  return [
    {
      Sid: 'WriteMediaUnderWatchedPrefixes',
      Effect: 'Allow',
      Action: ['s3:PutObject'],
      Resource: stackArns(s).originBucketArns.flatMap((bucket) =>
        s.watchedPrefixes.map((prefix) => `${bucket}/${prefix}*`),
      ),
      Condition: inThisAccount(s),
    },
  ];
}
