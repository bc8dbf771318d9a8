/** Formatting helpers for the benchmark's markdown tables. Pure. */

/** A markdown table; numbers are right-aligned when the header says so (`:` suffix). */
export function markdownTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const align = headers.map((h) => (h.endsWith(':') ? '---:' : '---'));
  const names = headers.map((h) => (h.endsWith(':') ? h.slice(0, -1) : h));
  return [names, align, ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

/**
 * A number with thousands separators and a fixed number of decimals; `–` for undefined/NaN.
 *
 * @example fmt(12345.678, 1); // '12,345.7'
 */
export function fmt(value: number | undefined, digits = 0): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  return value.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

/** Milliseconds, whole. */
export const ms = (value: number | undefined): string =>
  value === undefined ? '–' : `${fmt(value)} ms`;

/**
 * US dollars with enough precision to compare small amounts: cents above $10, else 3 significant digits.
 *
 * @example usd(10.6); // '$10.60'
 * @example usd(0.0123); // '$0.0123'
 */
export function usd(value: number): string {
  if (value === 0) return '$0';
  if (Math.abs(value) >= 10) return `$${fmt(value, 2)}`;
  return `$${Number(value.toPrecision(3)).toString()}`;
}

/** A per-unit count with 3 significant digits (`0.0512`). */
export function perUnit(value: number): string {
  if (value === 0) return '0';
  return Number(value.toPrecision(3)).toString();
}

/** Bytes as `580 B`, `8.5 KiB`, `860.4 KiB`. */
export function bytes(value: number): string {
  if (value < 1024) return `${value} B`;
  return `${fmt(value / 1024, 1)} KiB`;
}
