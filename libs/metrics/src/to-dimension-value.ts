import { MAX_DIMENSION_VALUE_LENGTH } from './cloudwatch-limits';

/**
 * Makes any string a valid CloudWatch dimension value, or `undefined` when nothing usable is left.
 *
 * CloudWatch accepts only printable ASCII, 1–1,024 characters with at least one non-whitespace character
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_Dimension.html); one bad value
 * fails the whole PutMetricData call. S3 keys are UTF-8, so a channel `chaîne` is percent-encoded
 * (`cha%C3%AEne`, reversible and still readable) rather than dropped. `%` itself is left alone: the value
 * is a label, not a URL. The result is cut to 1,024 characters without splitting an escape.
 *
 * @example
 * toDimensionValue('chaîne'); // 'cha%C3%AEne'
 * toDimensionValue('   ');    // undefined
 */
export function toDimensionValue(raw: string): string | undefined {
  if (raw.trim() === '') return undefined;
  let out = '';
  for (const char of raw) {
    const code = char.codePointAt(0) ?? 0;
    // Printable ASCII is 0x20–0x7E; everything else (controls, DEL, non-ASCII) is escaped.
    const piece = code >= 0x20 && code <= 0x7e ? char : escapeUtf8(char);
    if (out.length + piece.length > MAX_DIMENSION_VALUE_LENGTH) break;
    out += piece;
  }
  return out.trim() === '' ? undefined : out;
}

function escapeUtf8(char: string): string {
  let escaped = '';
  for (const byte of Buffer.from(char, 'utf8')) {
    escaped += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return escaped;
}
