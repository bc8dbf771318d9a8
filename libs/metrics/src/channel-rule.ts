import { CHANNEL_SEGMENT_INDEX_BOUND } from '@hls-stale-guard/contract';
import { CHANNEL_ROOT } from './dimension-values';
import { toDimensionValue } from './to-dimension-value';

/**
 * How the `Channel` dimension is derived from an S3 key: the n-th (0-based) directory segment of the key,
 * or no `Channel` dimension at all.
 */
export type ChannelRule = { kind: 'segment'; index: number } | { kind: 'none' };

/** The default rule, `segment:0`: `live-1/720p.m3u8` → `live-1`. */
export const DEFAULT_CHANNEL_RULE: ChannelRule = { kind: 'segment', index: 0 };

/** Highest accepted segment index (the contract's bound, shared with infra's config validation). */
export const MAX_CHANNEL_SEGMENT_INDEX = CHANNEL_SEGMENT_INDEX_BOUND.max;

export type ParseChannelRuleResult =
  { ok: true; rule: ChannelRule } | { ok: false; problem: string };

/**
 * Parses the rule syntax `segment:<n>` or `none` (as in `METRICS_CHANNEL_RULE`). Never throws.
 *
 * @example
 * parseChannelRule('segment:1'); // { ok: true, rule: { kind: 'segment', index: 1 } }
 * parseChannelRule('prefix');    // { ok: false, problem: '... got "prefix"' }
 */
export function parseChannelRule(text: string): ParseChannelRuleResult {
  const trimmed = text.trim();
  if (trimmed === 'none') return { ok: true, rule: { kind: 'none' } };
  const match = /^segment:(\d{1,3})$/.exec(trimmed);
  const index = match?.[1] === undefined ? Number.NaN : Number(match[1]);
  if (Number.isInteger(index) && index <= MAX_CHANNEL_SEGMENT_INDEX) {
    return { ok: true, rule: { kind: 'segment', index } };
  }
  return {
    ok: false,
    problem: `expected "segment:<n>" (0 ≤ n ≤ ${MAX_CHANNEL_SEGMENT_INDEX}) or "none", got ${JSON.stringify(text)}`,
  };
}

/**
 * The `Channel` dimension value for a key, before the cardinality cap. `undefined` means "publish no
 * `{Bucket, Channel}` datum": the rule is `none` or the observation has no key.
 *
 * Only directory segments count: the last segment is the object name (`720p.m3u8`), not a channel. A key
 * with no usable segment at the position (too few segments, or an empty/blank one as in `a//b.m3u8`)
 * gets {@link CHANNEL_ROOT}. Non-ASCII segments are percent-encoded ({@link toDimensionValue}).
 * Expects the decoded key (`+` → space, percent-decoded), as the checker has it after parsing the event.
 *
 * @example
 * channelOf({ kind: 'segment', index: 0 }, 'live-1/720p.m3u8'); // 'live-1'
 * channelOf({ kind: 'segment', index: 0 }, 'index.m3u8');       // '(root)'
 * channelOf({ kind: 'none' }, 'live-1/720p.m3u8');              // undefined
 */
export function channelOf(rule: ChannelRule, key: string | undefined): string | undefined {
  if (rule.kind === 'none' || typeof key !== 'string') return undefined;
  const directories = key.split('/').slice(0, -1);
  const segment = directories[rule.index];
  if (segment === undefined) return CHANNEL_ROOT;
  return toDimensionValue(segment) ?? CHANNEL_ROOT;
}
