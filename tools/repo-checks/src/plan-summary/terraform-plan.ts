/**
 * The subset of Terraform's JSON plan (`terraform show -json plan.out`) the summary reads.
 * Format: https://developer.hashicorp.com/terraform/internals/json-format#plan-representation
 */
import { z } from 'zod';

const ResourceChangeSchema = z.object({
  address: z.string(),
  previous_address: z.string().optional(),
  mode: z.string(),
  type: z.string(),
  name: z.string(),
  /** Set for deposed objects (create_before_destroy leftovers). */
  deposed: z.string().optional(),
  action_reason: z.string().optional(),
  change: z.object({
    /** `["no-op"]`, `["create"]`, `["read"]`, `["update"]`, `["delete","create"]`, `["create","delete"]`, `["delete"]`, `["forget"]`. */
    actions: z.array(z.string()).min(1),
    /** Attribute paths that force replacement, e.g. `[["bucket"]]`. */
    replace_paths: z.array(z.array(z.union([z.string(), z.number()]))).optional(),
    /** Present when the resource is being imported (Terraform ≥ 1.5 `import` blocks). */
    importing: z.record(z.string(), z.unknown()).optional(),
  }),
});

const OutputChangeSchema = z.object({ actions: z.array(z.string()).min(1) });

/** `planned_values.outputs`: the values Terraform knows at plan time (constants such as the stack's warnings). */
const PlannedOutputSchema = z.object({ value: z.unknown().optional() });

const TerraformPlanSchema = z.object({
  format_version: z.string(),
  planned_values: z
    .object({ outputs: z.record(z.string(), PlannedOutputSchema).optional() })
    .optional(),
  terraform_version: z.string().optional(),
  resource_changes: z.array(ResourceChangeSchema).optional(),
  output_changes: z.record(z.string(), OutputChangeSchema).optional(),
  errored: z.boolean().optional(),
});

export type TerraformPlan = z.infer<typeof TerraformPlanSchema>;
export type ResourceChange = z.infer<typeof ResourceChangeSchema>;

export type PlanParseResult =
  { kind: 'ok'; plan: TerraformPlan } | { kind: 'invalid'; reason: string };

/**
 * Parses the text of `terraform show -json`; anything else becomes a value with the reason.
 *
 * @example
 * parseTerraformPlan('{"format_version":"1.2","resource_changes":[]}').kind // 'ok'
 * parseTerraformPlan('Error: no plan').kind // 'invalid'
 */
export function parseTerraformPlan(text: string): PlanParseResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { kind: 'invalid', reason: `not JSON: ${(error as Error).message}` };
  }
  const result = TerraformPlanSchema.safeParse(json);
  if (!result.success) {
    const issues = result.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    return { kind: 'invalid', reason: `not a Terraform JSON plan: ${issues.join('; ')}` };
  }
  return { kind: 'ok', plan: result.data };
}
