import type { ResourceNames } from '../naming';

/** Everything the bootstrap policies need to scope their ARNs to the main stack's resources. */
export interface DeployScope {
  readonly namePrefix: string;
  readonly names: ResourceNames;
  readonly accountId: string;
  readonly region: string;
  /**
   * The origin buckets' names, one per pipeline: the names the main stack gives them
   * (`names.originBucket`), or the existing buckets it attaches to.
   */
  readonly originBucketNames: readonly string[];
  /** The encoders' watched prefixes (without the canary prefix). */
  readonly watchedPrefixes: readonly string[];
  /** Every prefix the checker acts on: the watched prefixes plus the canary prefix. */
  readonly checkedPrefixes: readonly string[];
  readonly canaryPrefix: string;
  readonly permissionsBoundaryArn: string;
  readonly projectTagKey: string;
  readonly stateBucketArn: string;
  readonly stateKey: string;
  readonly accessLogBucket: string | null;
  readonly metricsNamespace: string;
}

/**
 * The ARN patterns of the main stack's resources, in one place for the plan, deploy and boundary
 * policies. Every pattern starts with the name prefix (or the IAM path), so nothing of another
 * workload in the account matches.
 *
 * @example
 * stackArns(scope).queues; // 'arn:aws:sqs:us-east-1:123456789012:hls-stale-guard-*'
 */
export function stackArns(s: DeployScope) {
  const { accountId: a, region: r, namePrefix: p } = s;
  // The exact bucket names: in `<pattern>*/<prefix>*` the first `*` would also span "/", letting the
  // prefix match deeper in any key.
  const originBucketArns = s.originBucketNames.map((name) => `arn:aws:s3:::${name}`);
  const createdBuckets = `arn:aws:s3:::${p}-origin-*`;
  return {
    /** Buckets the stack creates and configures: any pipeline's `<prefix>-origin-*` bucket. */
    createdBuckets,
    /** Exactly the origin buckets in use (created or attached to). */
    originBucketArns,
    /** Bucket-level reads: both of the above. */
    anyOriginBucket: [...new Set([createdBuckets, ...originBucketArns])],
    /** Playlists (`*.m3u8`) under one of `prefixes` in each origin bucket. */
    playlistsUnder: (prefixes: readonly string[]) =>
      originBucketArns.flatMap((bucket) => prefixes.map((prefix) => `${bucket}/${prefix}*.m3u8`)),
    queues: `arn:aws:sqs:${r}:${a}:${p}-*`,
    function: `arn:aws:lambda:${r}:${a}:function:${s.names.function}`,
    /** The GitHub roles themselves (Terraform's aws_iam_session_context reads the caller's role). */
    githubRoles: [s.names.planRole, s.names.deployRole].map((n) => `arn:aws:iam::${a}:role/${n}`),
    functions: `arn:aws:lambda:${r}:${a}:function:${p}-*`,
    eventSourceMappings: `arn:aws:lambda:${r}:${a}:event-source-mapping:*`,
    roles: `arn:aws:iam::${a}:role${s.names.iamPath}*`,
    policies: `arn:aws:iam::${a}:policy${s.names.iamPath}*`,
    encoderPolicy: `arn:aws:iam::${a}:policy${s.names.iamPath}${s.names.encoderPolicy}`,
    logGroups: `arn:aws:logs:${r}:${a}:log-group:/aws/lambda/${p}-*`,
    rules: `arn:aws:events:${r}:${a}:rule/${p}-*`,
    topics: `arn:aws:sns:${r}:${a}:${p}-*`,
    alarms: `arn:aws:cloudwatch:${r}:${a}:alarm:${p}-*`,
    dashboards: `arn:aws:cloudwatch::${a}:dashboard/${p}-*`,
    keys: `arn:aws:kms:${r}:${a}:key/*`,
    tables: `arn:aws:dynamodb:${r}:${a}:table/${p}-*`,
    cloudfront: [
      `arn:aws:cloudfront::${a}:distribution/*`,
      `arn:aws:cloudfront::${a}:cache-policy/*`,
      `arn:aws:cloudfront::${a}:response-headers-policy/*`,
      `arn:aws:cloudfront::${a}:origin-access-control/*`,
    ],
  };
}

/**
 * `s3:ResourceAccount` = this account: an origin bucket name pattern could also match a bucket
 * someone else created in another account; this condition keeps every S3 grant inside the account.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/amazon-s3-policy-keys.html#example-object-resource-account
 */
export const inThisAccount = (s: DeployScope) => ({
  StringEquals: { 's3:ResourceAccount': s.accountId },
});
