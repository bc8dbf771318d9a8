import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  GITHUB_COMMENT_MAX_CHARS,
  planCommentMarker,
  renderPlanFailedMarkdown,
  renderPlanMarkdown,
} from './render-plan-markdown';
import { summarizePlan } from './summarize-plan';
import { parseTerraformPlan, type TerraformPlan } from './terraform-plan';

const FIXTURES = join(__dirname, '..', '__fixtures__', 'plans');
const context = {
  stack: 'hls-stale-guard',
  sha: '0123456789abcdef0123',
  runUrl: 'https://github.com/o/r/actions/runs/1',
};

function fixtureText(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

function fixture(name: string): TerraformPlan {
  const parsed = parseTerraformPlan(fixtureText(name));
  if (parsed.kind !== 'ok') throw new Error(`${name}: ${parsed.reason}`);
  return parsed.plan;
}

describe('parseTerraformPlan', () => {
  it('accepts the output of terraform show -json', () => {
    expect(parseTerraformPlan(fixtureText('create-initial-stack.json')).kind).toBe('ok');
  });

  it('rejects text that is not JSON, quoting the parser error', () => {
    const result = parseTerraformPlan('Error: Failed to load plugin schemas');
    expect(result).toEqual({ kind: 'invalid', reason: expect.stringMatching(/^not JSON: /) });
  });

  it('rejects JSON that is not a plan, naming the offending field', () => {
    const result = parseTerraformPlan(fixtureText('not-a-plan.json'));
    expect(result.kind).toBe('invalid');
    expect(result.kind === 'invalid' && result.reason).toMatch(
      /resource_changes\.0\.(mode|type|name)/,
    );
  });
});

describe('summarizePlan counts like terraform ("Plan: X to add, Y to change, Z to destroy")', () => {
  it('counts creates as adds and ignores data-source reads', () => {
    const s = summarizePlan(fixture('create-initial-stack.json'));
    expect(s.counts).toEqual({ add: 5, change: 0, destroy: 0, import: 0, forget: 0 });
  });

  it('counts a replacement once as an add and once as a destroy', () => {
    const s = summarizePlan(fixture('replace-origin-bucket.json'));
    expect(s.counts).toEqual({ add: 2, change: 2, destroy: 2, import: 0, forget: 0 });
  });

  it('counts imports (with or without changes), forgets, and leaves moves out of the counts', () => {
    const s = summarizePlan(fixture('import-move-forget.json'));
    expect(s.counts).toEqual({ add: 0, change: 1, destroy: 0, import: 2, forget: 1 });
    expect(s.changes.find((c) => c.action === 'move')).toMatchObject({
      address: 'aws_sqs_queue.events',
      from: 'aws_sqs_queue.deadlines',
    });
  });

  it('has no changes when every resource is a no-op or a read', () => {
    const s = summarizePlan(fixture('no-changes.json'));
    expect(s.changes).toEqual([]);
    expect(s.outputChanges).toEqual([]);
  });
});

describe('summarizePlan calls out destroyed or replaced buckets, queues and distributions', () => {
  it('flags a replaced bucket with the attribute that forces it and the delete-first order', () => {
    const s = summarizePlan(fixture('replace-origin-bucket.json'));
    expect(s.critical).toEqual([
      expect.objectContaining({
        address: 'aws_s3_bucket.origin_a',
        action: 'replace',
        order: 'delete-then-create',
        replacePaths: ['bucket'],
        reason: 'replace_because_cannot_update',
      }),
    ]);
  });

  it('flags deleted queues and distributions, also inside modules, but not updates or other types', () => {
    const s = summarizePlan(fixture('destroy-queue-and-distribution.json'));
    expect(s.critical.map((c) => c.address).sort()).toEqual([
      'aws_sqs_queue.deadlines',
      'module.edge.aws_cloudfront_distribution.playback',
    ]);
  });

  it('does not flag creating them', () => {
    expect(summarizePlan(fixture('create-initial-stack.json')).critical).toEqual([]);
  });

  it('lists critical changes before all others', () => {
    const s = summarizePlan(fixture('destroy-queue-and-distribution.json'));
    const firstNonCritical = s.changes.findIndex((c) => !s.critical.includes(c));
    expect(firstNonCritical).toBe(s.critical.length);
  });

  it('keeps actions it does not know, so nothing is silently dropped', () => {
    const s = summarizePlan(fixture('tainted-bucket-with-pipe-in-key.json'));
    expect(s.changes.find((c) => c.action === 'unknown')).toMatchObject({
      rawActions: ['create_then_explode'],
    });
  });
});

describe('renderPlanMarkdown', () => {
  it('starts with the hidden marker the sticky-comment step searches for', () => {
    const md = renderPlanMarkdown(summarizePlan(fixture('no-changes.json')), context);
    expect(md.split('\n')[0]).toBe(planCommentMarker('hls-stale-guard'));
    expect(md).toContain('no changes');
  });

  it('warns loudly when the stack says no alarm reaches anyone, and not otherwise', () => {
    const plan = fixture('no-changes.json');
    const warning =
      'NO ALARM DESTINATION: alarms publish to the stack topic, which nobody subscribes to.';
    const withWarning = {
      ...plan,
      planned_values: { outputs: { alarm_destination_warning: { value: warning } } },
    };
    const md = renderPlanMarkdown(summarizePlan(withWarning), context);
    expect(md).toContain('> **Alarms reach nobody.** NO ALARM DESTINATION');
    const reached = {
      ...plan,
      planned_values: { outputs: { alarm_destination_warning: { value: '' } } },
    };
    expect(renderPlanMarkdown(summarizePlan(reached), context)).not.toContain(
      'Alarms reach nobody',
    );
    expect(renderPlanMarkdown(summarizePlan(plan), context)).not.toContain('Alarms reach nobody');
  });

  it('puts the counts in the headline', () => {
    const md = renderPlanMarkdown(summarizePlan(fixture('replace-origin-bucket.json')), context);
    expect(md).toMatch(
      /^### Terraform plan for `hls-stale-guard`: 2 to add, 2 to change, 2 to destroy$/m,
    );
  });

  it('shows the CAUTION block with each critical resource before the table of changes', () => {
    const md = renderPlanMarkdown(
      summarizePlan(fixture('destroy-queue-and-distribution.json')),
      context,
    );
    const caution = md.indexOf('[!CAUTION]');
    const table = md.indexOf('| Action | Resource | Detail |');
    expect(caution).toBeGreaterThan(0);
    expect(table).toBeGreaterThan(caution);
    expect(md.slice(caution, table)).toContain('`aws_sqs_queue.deadlines`');
    expect(md.slice(caution, table)).toContain(
      '`module.edge.aws_cloudfront_distribution.playback`',
    );
    expect(md.slice(caution, table)).not.toContain('aws_cloudwatch_dashboard.main');
  });

  it('has no CAUTION block when nothing critical is destroyed', () => {
    const md = renderPlanMarkdown(summarizePlan(fixture('create-initial-stack.json')), context);
    expect(md).not.toContain('[!CAUTION]');
    expect(md).toContain('`playback_domain` (create)');
  });

  it('escapes pipes in addresses so the table keeps its columns', () => {
    const md = renderPlanMarkdown(
      summarizePlan(fixture('tainted-bucket-with-pipe-in-key.json')),
      context,
    );
    const row = md.split('\n').find((l) => l.startsWith('| ♻️ replace'));
    expect(row).toBeDefined();
    expect((row as string).split(/(?<!\\)\|/).length).toBe(5);
    expect(md).toContain('[!WARNING]');
  });

  it('links the run and the commit', () => {
    const md = renderPlanMarkdown(summarizePlan(fixture('create-initial-stack.json')), context);
    expect(md).toContain('[workflow run and plan artifact](https://github.com/o/r/actions/runs/1)');
    expect(md).toContain('`0123456789ab`');
    expect(md).toContain('Terraform 1.11.4');
  });

  it('stays under the GitHub comment limit for a huge plan and keeps the critical change', () => {
    const plan = structuredClone(fixture('create-initial-stack.json'));
    const template = plan.resource_changes?.[4];
    if (!template) throw new Error('fixture changed');
    const many = Array.from({ length: 3000 }, (_, i) => ({
      ...structuredClone(template),
      address: `aws_s3_object.playlist_${String(i).padStart(5, '0')}`,
      type: 'aws_s3_object',
    }));
    const queue = {
      ...structuredClone(template),
      address: 'aws_sqs_queue.deadlines',
      type: 'aws_sqs_queue',
    };
    queue.change.actions = ['delete'];
    plan.resource_changes = [...many.slice(0, 1500), queue, ...many.slice(1500)];

    const md = renderPlanMarkdown(summarizePlan(plan), context);

    expect(md.length).toBeLessThan(GITHUB_COMMENT_MAX_CHARS);
    expect(md).toMatch(/\| … \| \d+ more change\(s\) \| see the plan artifact \|/);
    expect(md.indexOf('aws_sqs_queue.deadlines')).toBeLessThan(md.indexOf('aws_s3_object.'));
  });
});

describe('renderPlanFailedMarkdown', () => {
  it('replaces the sticky comment with a failure notice under the same marker', () => {
    const md = renderPlanFailedMarkdown(context, 'terraform plan failed');
    expect(md.split('\n')[0]).toBe(planCommentMarker('hls-stale-guard'));
    expect(md).toContain('failed');
    expect(md).toContain('terraform plan failed');
  });
});
