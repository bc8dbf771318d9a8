import type { DeployScope } from '../src/iam/deploy-scope';
import { encoderPolicyStatements } from '../src/iam/encoder-policy';
import { deployPolicyStatements } from '../src/iam/github-role-policies';
import { terraformReadStatements } from '../src/iam/terraform-read-policy';
import { workloadBoundaryStatements } from '../src/iam/workload-boundary';
import { resourceNames } from '../src/naming';
import { allows } from './iam-matching';

/** A scope whose origin buckets are existing ones with names outside the `<prefix>-origin-*` pattern. */
const ATTACHED: DeployScope = {
  namePrefix: 'hls-stale-guard',
  names: resourceNames('hls-stale-guard'),
  accountId: '123456789012',
  region: 'eu-west-1',
  originBucketNames: ['acme-live-a', 'acme-live-b'],
  watchedPrefixes: ['live/'],
  checkedPrefixes: ['live/', 'hls-stale-guard-canary/'],
  canaryPrefix: 'hls-stale-guard-canary/',
  permissionsBoundaryArn: 'arn:aws:iam::123456789012:policy/hls-stale-guard-workload-boundary',
  projectTagKey: 'hls-stale-guard:name-prefix',
  stateBucketArn: 'arn:aws:s3:::acme-tfstate',
  stateKey: 'hls-stale-guard/terraform.tfstate',
  accessLogBucket: null,
  metricsNamespace: 'HlsStaleGuard',
};

describe('bootstrap policies follow the origin bucket names they are given', () => {
  it.each(['acme-live-a', 'acme-live-b'])(
    'grants encoders, the checker, the canary and the refresh on %s',
    (bucket) => {
      const arn = `arn:aws:s3:::${bucket}`;
      expect(
        allows(encoderPolicyStatements(ATTACHED), 's3:PutObject', `${arn}/live/ch1/1.ts`),
      ).toBe(true);
      const boundary = workloadBoundaryStatements(ATTACHED);
      expect(allows(boundary, 's3:DeleteObject', `${arn}/live/ch1/720p.m3u8`)).toBe(true);
      expect(allows(boundary, 's3:ListBucket', arn)).toBe(true);
      const deploy = deployPolicyStatements(ATTACHED);
      expect(allows(deploy, 's3:PutObject', `${arn}/hls-stale-guard-canary/r/live.m3u8`)).toBe(
        true,
      );
      expect(allows(deploy, 's3:PutBucketNotification', arn)).toBe(true);
      expect(allows(terraformReadStatements(ATTACHED), 's3:GetBucketNotification', arn)).toBe(true);
    },
  );

  it('changes nothing else on an attached bucket (no policy, lifecycle, deletion)', () => {
    const deploy = deployPolicyStatements(ATTACHED);
    for (const action of [
      's3:PutBucketPolicy',
      's3:PutLifecycleConfiguration',
      's3:DeleteBucket',
      's3:PutBucketVersioning',
    ]) {
      expect({ action, ok: allows(deploy, action, 'arn:aws:s3:::acme-live-a') }).toEqual({
        action,
        ok: false,
      });
    }
  });

  it('grants nothing on a bucket that is not one of them', () => {
    const other = 'arn:aws:s3:::acme-archive';
    expect(allows(encoderPolicyStatements(ATTACHED), 's3:PutObject', `${other}/live/x.ts`)).toBe(
      false,
    );
    expect(
      allows(workloadBoundaryStatements(ATTACHED), 's3:DeleteObject', `${other}/live/x.m3u8`),
    ).toBe(false);
    expect(allows(deployPolicyStatements(ATTACHED), 's3:PutBucketNotification', other)).toBe(false);
  });
});
