/** Renders a {@link PlanSummary} as the pull-request comment and job summary (GitHub-flavoured markdown). */
import {
  CHANGE_ACTIONS,
  type ChangeAction,
  type ChangeLine,
  type PlanSummary,
} from './summarize-plan';

/**
 * Hidden marker that identifies the sticky plan comment; plan.yml finds the comment to update by it.
 * One marker per stack so two stacks could share a pull request.
 *
 * @example
 * planCommentMarker('hls-stale-guard') // '<!-- hls-stale-guard:terraform-plan:hls-stale-guard -->'
 */
export function planCommentMarker(stack: string): string {
  return `<!-- hls-stale-guard:terraform-plan:${stack} -->`;
}

/**
 * GitHub rejects longer issue/PR comment bodies ("Body is too long (maximum is 65536 characters)",
 * https://docs.github.com/en/rest/issues/comments#create-an-issue-comment). Stay under it with room.
 */
export const GITHUB_COMMENT_MAX_CHARS = 65_536;
const BODY_BUDGET = GITHUB_COMMENT_MAX_CHARS - 2_048;

export interface RenderContext {
  /** Stack directory name under cdktf.out/stacks, e.g. `hls-stale-guard`. */
  readonly stack: string;
  /** Commit the plan was made from. */
  readonly sha?: string;
  /** Link to the workflow run (artifacts live there). */
  readonly runUrl?: string;
}

const ICON: Readonly<Record<ChangeAction, string>> = {
  create: '➕',
  update: '✏️',
  replace: '♻️',
  delete: '🗑️',
  import: '📥',
  forget: '👋',
  move: '↪️',
  unknown: '❓',
};

/** Inline code that survives a table cell: pipes escaped, backticks balanced. */
function code(text: string): string {
  const escaped = text.replace(/\|/g, '\\|');
  return escaped.includes('`') ? `\`\` ${escaped} \`\`` : `\`${escaped}\``;
}

function describe(line: ChangeLine): string {
  switch (line.action) {
    case CHANGE_ACTIONS.replace: {
      const forced =
        line.replacePaths && line.replacePaths.length > 0
          ? `; forced by ${line.replacePaths.map(code).join(', ')}`
          : '';
      return `${line.order === 'delete-then-create' ? 'destroy, then create' : 'create, then destroy'}${forced}`;
    }
    case CHANGE_ACTIONS.move:
      return `moved from ${code(line.from ?? '?')}`;
    case CHANGE_ACTIONS.unknown:
      return `actions ${code((line.rawActions ?? []).join(','))}: not understood, read the plan`;
    // The action column says it all.
    case CHANGE_ACTIONS.create:
    case CHANGE_ACTIONS.update:
    case CHANGE_ACTIONS.delete:
    case CHANGE_ACTIONS.import:
    case CHANGE_ACTIONS.forget:
      return '';
  }
}

function reason(line: ChangeLine): string {
  const text = describe(line);
  const why = line.reason ? code(line.reason) : '';
  return [text, why].filter((s) => s.length > 0).join(' — ');
}

function countsLine(summary: PlanSummary): string {
  const { add, change, destroy, import: imported, forget } = summary.counts;
  const parts = [`${add} to add`, `${change} to change`, `${destroy} to destroy`];
  if (imported > 0) parts.push(`${imported} to import`);
  if (forget > 0) parts.push(`${forget} to forget`);
  return parts.join(', ');
}

function footer(summary: PlanSummary | undefined, context: RenderContext): string {
  const parts = [
    summary?.terraformVersion ? `Terraform ${summary.terraformVersion}` : undefined,
    context.sha ? `commit ${code(context.sha.slice(0, 12))}` : undefined,
    context.runUrl ? `[workflow run and plan artifact](${context.runUrl})` : undefined,
  ].filter((p): p is string => p !== undefined);
  return parts.length > 0 ? `<sub>${parts.join(' · ')}</sub>` : '';
}

/**
 * The markdown for one stack's plan: the marker, a headline with the counts, a CAUTION block listing
 * every destroyed or replaced bucket/queue/distribution, then a collapsed table of all changes.
 *
 * @example
 * renderPlanMarkdown(summarizePlan(plan), { stack: 'hls-stale-guard', sha, runUrl });
 * // '<!-- hls-stale-guard:terraform-plan:hls-stale-guard -->\n### Terraform plan for `hls-stale-guard`: …'
 */
export function renderPlanMarkdown(summary: PlanSummary, context: RenderContext): string {
  const out: string[] = [planCommentMarker(context.stack)];
  const noChanges = summary.changes.length === 0 && summary.outputChanges.length === 0;
  out.push(
    `### Terraform plan for ${code(context.stack)}: ${noChanges ? 'no changes' : countsLine(summary)}`,
    '',
  );
  if (summary.errored)
    out.push('> [!WARNING]', '> Terraform reports this plan as errored: it is incomplete.', '');
  if (summary.alarmDestinationWarning !== undefined)
    out.push(
      '> [!WARNING]',
      `> **Alarms reach nobody.** ${summary.alarmDestinationWarning}`,
      '> Set `alarmEmails` or `alarmTopicArn` in the infra config (see infra/README.md).',
      '',
    );
  if (summary.critical.length > 0) {
    out.push(
      '> [!CAUTION]',
      `> **${summary.critical.length} bucket/queue/distribution ${summary.critical.length === 1 ? 'is' : 'are'} destroyed or replaced.** ` +
        'A bucket holds the media, the queue every pending deadline, the distribution the playback domain.',
    );
    for (const line of summary.critical) {
      const detail = reason(line);
      out.push(
        `> - ${ICON[line.action]} **${line.action}** ${code(line.address)}${detail ? ` — ${detail}` : ''}`,
      );
    }
    out.push('');
  }
  const unknown = summary.changes.filter((l) => l.action === CHANGE_ACTIONS.unknown);
  if (unknown.length > 0)
    out.push(
      '> [!WARNING]',
      `> ${unknown.length} change(s) use actions this summary does not understand; read the full plan.`,
      '',
    );
  if (noChanges) {
    out.push('Infrastructure matches the configuration.', '');
  } else {
    const tail = [
      '',
      '</details>',
      '',
      ...(summary.outputChanges.length > 0
        ? [
            `Outputs: ${summary.outputChanges.map((o) => `${code(o.name)} (${o.action})`).join(', ')}`,
            '',
          ]
        : []),
      footer(summary, context),
    ];
    const head = [
      `<details${summary.changes.length <= 15 ? ' open' : ''}><summary>${summary.changes.length} resource change(s)</summary>`,
      '',
      '| Action | Resource | Detail |',
      '| --- | --- | --- |',
    ];
    const rows = summary.changes.map(
      (line) => `| ${ICON[line.action]} ${line.action} | ${code(line.address)} | ${reason(line)} |`,
    );
    let used = [...out, ...head, ...tail].join('\n').length;
    const kept: string[] = [];
    for (const row of rows) {
      if (used + row.length + 200 > BODY_BUDGET) break;
      kept.push(row);
      used += row.length + 1;
    }
    if (kept.length < rows.length)
      kept.push(`| … | ${rows.length - kept.length} more change(s) | see the plan artifact |`);
    out.push(...head, ...kept, ...tail);
    return out.join('\n').trimEnd() + '\n';
  }
  out.push(footer(summary, context));
  return out.join('\n').trimEnd() + '\n';
}

/**
 * The comment body when no plan could be made, so the sticky comment never shows the previous commit's
 * plan as if it were current.
 *
 * @example
 * renderPlanFailedMarkdown({ stack: 'hls-stale-guard', runUrl }, 'terraform plan failed');
 */
export function renderPlanFailedMarkdown(context: RenderContext, why: string): string {
  return (
    [
      planCommentMarker(context.stack),
      `### Terraform plan for ${code(context.stack)}: failed`,
      '',
      '> [!WARNING]',
      `> ${why.replace(/\n/g, ' ')}. Earlier plans in this comment are out of date; see the workflow run log.`,
      '',
      footer(undefined, context),
    ]
      .join('\n')
      .trimEnd() + '\n'
  );
}
