/**
 * CLI: renders `terraform show -json` output as markdown for the plan comment and the job summary.
 *
 *   tsx tools/repo-checks/src/plan-summary/main.ts --plan-json plan.json --stack hls-stale-guard \
 *     --out summary.md [--sha <commit>] [--run-url <url>]
 *   tsx tools/repo-checks/src/plan-summary/main.ts --failed "terraform plan failed" --stack … --out …
 *
 * Exit codes: 0 written; 1 the input is missing or not a Terraform JSON plan; 2 usage error.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  renderPlanFailedMarkdown,
  renderPlanMarkdown,
  type RenderContext,
} from './render-plan-markdown';
import { summarizePlan } from './summarize-plan';
import { parseTerraformPlan } from './terraform-plan';

const USAGE = `Usage:
  plan-summary --plan-json <file> --stack <name> --out <file> [--sha <commit>] [--run-url <url>]
  plan-summary --failed <reason> --stack <name> --out <file> [--sha <commit>] [--run-url <url>]

Reads the output of \`terraform show -json <planfile>\` and writes the markdown summary
(counts, destroyed/replaced buckets, queues and distributions first, then every change).

Exit codes: 0 written, 1 input missing or not a Terraform JSON plan, 2 usage error.`;

function main(argv: string[]): number {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        'plan-json': { type: 'string' },
        failed: { type: 'string' },
        stack: { type: 'string' },
        out: { type: 'string' },
        sha: { type: 'string' },
        'run-url': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values['help']) {
    console.log(USAGE);
    return 0;
  }
  const stack = values['stack'];
  const out = values['out'];
  const planJson = values['plan-json'];
  const failed = values['failed'];
  const missing = [
    typeof stack !== 'string' ? '--stack' : undefined,
    typeof out !== 'string' ? '--out' : undefined,
    typeof planJson !== 'string' && typeof failed !== 'string'
      ? '--plan-json or --failed'
      : undefined,
  ].filter((m): m is string => m !== undefined);
  if (missing.length > 0 || typeof stack !== 'string' || typeof out !== 'string') {
    console.error(`missing ${missing.join(', ')}\n\n${USAGE}`);
    return 2;
  }
  const context: RenderContext = {
    stack,
    ...(typeof values['sha'] === 'string' ? { sha: values['sha'] } : {}),
    ...(typeof values['run-url'] === 'string' ? { runUrl: values['run-url'] } : {}),
  };
  if (typeof failed === 'string') {
    writeFileSync(out, renderPlanFailedMarkdown(context, failed));
    return 0;
  }
  let text: string;
  try {
    text = readFileSync(planJson as string, 'utf8');
  } catch (error) {
    console.error(`cannot read ${planJson}: ${(error as Error).message}`);
    return 1;
  }
  const parsed = parseTerraformPlan(text);
  if (parsed.kind === 'invalid') {
    console.error(`${planJson}: ${parsed.reason}`);
    return 1;
  }
  const summary = summarizePlan(parsed.plan);
  writeFileSync(out, renderPlanMarkdown(summary, context));
  console.log(
    `plan ${stack}: ${summary.counts.add} to add, ${summary.counts.change} to change, ${summary.counts.destroy} to destroy; ${summary.critical.length} critical`,
  );
  return 0;
}

process.exitCode = main(process.argv.slice(2));
