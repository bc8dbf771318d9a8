/**
 * Turns a Terraform JSON plan into the numbers and lines a reviewer needs, most dangerous first.
 * Counts follow Terraform's own "Plan: X to add, Y to change, Z to destroy": a replacement counts once
 * as an add and once as a destroy; imports and forgets are counted separately; data sources are not.
 */
import type { ResourceChange, TerraformPlan } from './terraform-plan';

/**
 * Resource types whose destruction loses something a redeploy cannot bring back: a bucket holds the media
 * and the live playlists, the queue holds every pending staleness deadline, and the distribution owns the
 * playback domain players are configured with.
 */
const CRITICAL_RESOURCE_TYPES = [
  'aws_s3_bucket',
  'aws_sqs_queue',
  'aws_cloudfront_distribution',
] as const;

export const CHANGE_ACTIONS = {
  create: 'create',
  update: 'update',
  replace: 'replace',
  delete: 'delete',
  import: 'import',
  forget: 'forget',
  move: 'move',
  unknown: 'unknown',
} as const;
export type ChangeAction = (typeof CHANGE_ACTIONS)[keyof typeof CHANGE_ACTIONS];

export interface ChangeLine {
  readonly address: string;
  readonly type: string;
  readonly action: ChangeAction;
  /** For replacements: `delete-then-create` (downtime) or `create-then-delete`. */
  readonly order?: 'delete-then-create' | 'create-then-delete';
  /** Terraform's `action_reason`, e.g. `replace_because_cannot_update`. */
  readonly reason?: string;
  /** Attributes that force the replacement, dotted: `bucket`, `tags.Name`. */
  readonly replacePaths?: readonly string[];
  /** For moves: the old address. */
  readonly from?: string;
  /** The raw `change.actions` when Terraform used one this tool does not know. */
  readonly rawActions?: readonly string[];
}

interface PlanCounts {
  readonly add: number;
  readonly change: number;
  readonly destroy: number;
  readonly import: number;
  readonly forget: number;
}

export interface PlanSummary {
  readonly terraformVersion: string | undefined;
  readonly counts: PlanCounts;
  /** Deletes and replacements of {@link CRITICAL_RESOURCE_TYPES}. */
  readonly critical: readonly ChangeLine[];
  /** Every managed-resource change (no-ops and data-source reads left out), critical ones first. */
  readonly changes: readonly ChangeLine[];
  readonly outputChanges: readonly { readonly name: string; readonly action: string }[];
  readonly errored: boolean;
  /**
   * The stack's `alarm_destination_warning` output: non-empty when no alarm reaches anyone (no e-mail and
   * no existing topic configured).
   */
  readonly alarmDestinationWarning: string | undefined;
}

/** The main stack's output that says no alarm reaches anyone (see infra/src/constructs/alarms.ts). */
const ALARM_DESTINATION_WARNING_OUTPUT = 'alarm_destination_warning';

function key(actions: readonly string[]): string {
  return actions.join(',');
}

function classify(rc: ResourceChange): ChangeLine | null {
  const actions = rc.change.actions;
  const base = {
    address: rc.address,
    type: rc.type,
    ...(rc.action_reason ? { reason: rc.action_reason } : {}),
  };
  const importing = rc.change.importing !== undefined;
  switch (key(actions)) {
    case 'no-op':
      if (importing) return { ...base, action: CHANGE_ACTIONS.import };
      if (rc.previous_address && rc.previous_address !== rc.address)
        return { ...base, action: CHANGE_ACTIONS.move, from: rc.previous_address };
      return null;
    case 'read':
      return null;
    case 'create':
      return { ...base, action: CHANGE_ACTIONS.create };
    case 'update':
      return { ...base, action: CHANGE_ACTIONS.update };
    case 'delete':
      return { ...base, action: CHANGE_ACTIONS.delete };
    case 'forget':
      return { ...base, action: CHANGE_ACTIONS.forget };
    case 'delete,create':
    case 'create,delete':
      return {
        ...base,
        action: CHANGE_ACTIONS.replace,
        order: actions[0] === 'delete' ? 'delete-then-create' : 'create-then-delete',
        replacePaths: (rc.change.replace_paths ?? []).map((path) => path.join('.')),
      };
    default:
      return { ...base, action: CHANGE_ACTIONS.unknown, rawActions: actions };
  }
}

/**
 * Is this change a destroy or replacement of a bucket, queue or distribution?
 *
 * @example
 * isCritical({ address: 'aws_sqs_queue.q', type: 'aws_sqs_queue', action: 'delete' }) // true
 */
function isCritical(line: ChangeLine): boolean {
  return (
    (line.action === CHANGE_ACTIONS.delete || line.action === CHANGE_ACTIONS.replace) &&
    (CRITICAL_RESOURCE_TYPES as readonly string[]).includes(line.type)
  );
}

const ORDER: Readonly<Record<ChangeAction, number>> = {
  unknown: 0,
  delete: 1,
  replace: 2,
  forget: 3,
  update: 4,
  create: 5,
  import: 6,
  move: 7,
};

/**
 * Summarises a parsed plan.
 *
 * @example
 * const s = summarizePlan(plan);
 * `${s.counts.add} to add, ${s.counts.change} to change, ${s.counts.destroy} to destroy`;
 * s.critical.map((c) => c.address); // ['aws_s3_bucket.origin_a']
 */
export function summarizePlan(plan: TerraformPlan): PlanSummary {
  const lines = (plan.resource_changes ?? [])
    .filter((rc) => rc.mode === 'managed')
    .map(classify)
    .filter((line): line is ChangeLine => line !== null);
  const count = (...actions: ChangeAction[]) =>
    lines.filter((l) => actions.includes(l.action)).length;
  // An import that also updates or replaces counts as both (Terraform: "1 to import, 1 to change").
  const importsWithChanges = (plan.resource_changes ?? []).filter(
    (rc) =>
      rc.mode === 'managed' &&
      rc.change.importing !== undefined &&
      key(rc.change.actions) !== 'no-op',
  ).length;
  const critical = lines.filter(isCritical);
  const changes = [...lines].sort(
    (a, b) =>
      Number(isCritical(b)) - Number(isCritical(a)) ||
      ORDER[a.action] - ORDER[b.action] ||
      a.address.localeCompare(b.address),
  );
  return {
    terraformVersion: plan.terraform_version,
    counts: {
      add: count(CHANGE_ACTIONS.create, CHANGE_ACTIONS.replace),
      change: count(CHANGE_ACTIONS.update),
      destroy: count(CHANGE_ACTIONS.delete, CHANGE_ACTIONS.replace),
      import: count(CHANGE_ACTIONS.import) + importsWithChanges,
      forget: count(CHANGE_ACTIONS.forget),
    },
    critical,
    changes,
    outputChanges: Object.entries(plan.output_changes ?? {})
      .filter(([, change]) => key(change.actions) !== 'no-op')
      .map(([name, change]) => ({
        name,
        action: key(change.actions) === 'delete,create' ? 'replace' : key(change.actions),
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    errored: plan.errored === true,
    alarmDestinationWarning: nonEmptyString(
      plan.planned_values?.outputs?.[ALARM_DESTINATION_WARNING_OUTPUT]?.value,
    ),
  };
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}
