/**
 * Resource names of both stacks in one place: the main stack creates resources with these names and
 * the bootstrap stack's deploy role is scoped to exactly these name patterns.
 */

/** Stack names the CI workflows rely on (`infra/cdktf.out/stacks/<name>/cdk.tf.json`). */
export const MAIN_STACK_NAME = 'hls-stale-guard';
export const BOOTSTRAP_STACK_NAME = 'hls-stale-guard-bootstrap';

/** Tag put on every resource (provider default_tags); the deploy role's KMS rights are conditioned on it. */
export const PROJECT_TAG_KEY = 'hls-stale-guard:name-prefix';

/**
 * Names derived from the configured prefix.
 *
 * @example
 * resourceNames('hls-stale-guard').function; // 'hls-stale-guard-stale-checker'
 */
export function resourceNames(namePrefix: string) {
  return {
    /** IAM path of every role and policy the main stack creates (the deploy role may only touch these). */
    iamPath: `/${namePrefix}/`,
    /** Permissions boundary every main-stack role must carry (created by the bootstrap stack). */
    permissionsBoundary: `${namePrefix}-workload-boundary`,
    function: `${namePrefix}-stale-checker`,
    functionRole: `${namePrefix}-stale-checker`,
    encoderPolicy: `${namePrefix}-encoder-put`,
    logGroup: `/aws/lambda/${namePrefix}-stale-checker`,
    queue: `${namePrefix}-playlist-events`,
    deadLetterQueue: `${namePrefix}-playlist-events-dlq`,
    reconcileDeadLetterQueue: `${namePrefix}-reconcile-dlq`,
    reconcileRule: `${namePrefix}-reconcile`,
    registryTable: `${namePrefix}-playlist-registry`,
    alarmTopic: `${namePrefix}-alarms`,
    dashboard: `${namePrefix}-dashboard`,
    planRole: `${namePrefix}-github-plan`,
    deployRole: `${namePrefix}-github-deploy`,
    /** Customer managed policy both GitHub roles carry: the refresh reads of the main stack. */
    terraformReadPolicy: `${namePrefix}-terraform-read`,
    /** `<prefix>-origin-<pipeline>-<account>-<region>`: globally unique, starts with the prefix. */
    originBucket: (pipeline: string, accountId: string, region: string) =>
      `${namePrefix}-origin-${pipeline}-${accountId}-${region}`,
  };
}
export type ResourceNames = ReturnType<typeof resourceNames>;
