/**
 * Value grammars of RFC 8216 §4.2 (decimal-integer, decimal-floating-point, attribute-list) and the
 * ISO 8601 date-time of EXT-X-PROGRAM-DATE-TIME (§4.3.2.6). Every function returns `undefined` instead of
 * throwing: the callers turn that into an `invalid` playlist.
 */

/** A decimal-integer (RFC 8216 §4.2): digits only, no sign, no fraction. */
const DECIMAL_INTEGER = /^[0-9]+$/;
/** A non-negative decimal-floating-point (RFC 8216 §4.2). Signs and exponents are not allowed. */
const DECIMAL_FLOAT = /^([0-9]+)(?:\.([0-9]+))?$/;
/** `YYYY-MM-DDThh:mm:ss[.fff](Z|±hh[:]mm)`: the forms packagers write (ffmpeg writes `+0000`). */
const DATE_TIME =
  /^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:[.,]([0-9]+))?(?:([Zz])|([+-])([0-9]{2}):?([0-9]{2})?)$/;

/** Parses a decimal-integer into a safe integer, or `undefined`. */
export function parseDecimalInteger(text: string): number | undefined {
  if (!DECIMAL_INTEGER.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : undefined;
}

/**
 * Converts decimal seconds (`"1.0045"`) to whole milliseconds, rounding **up**: a longer deadline can only
 * keep a playlist longer, never delete it earlier. Exact on the decimal string (no float error).
 */
export function parseDecimalSecondsToMs(text: string): number | undefined {
  const match = DECIMAL_FLOAT.exec(text);
  if (match === null) return undefined;
  const whole = match[1] ?? '';
  const fraction = match[2] ?? '';
  const millis = Number(fraction.slice(0, 3).padEnd(3, '0'));
  const roundUp = /[1-9]/.test(fraction.slice(3)) ? 1 : 0;
  const ms = Number(whole) * 1000 + millis + roundUp;
  return Number.isSafeInteger(ms) ? ms : undefined;
}

/** Parses the ISO 8601 date-time of EXT-X-PROGRAM-DATE-TIME into epoch ms; no time zone: `undefined`. */
export function parseDateTimeMs(text: string): number | undefined {
  const m = DATE_TIME.exec(text);
  if (m === null) return undefined;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(
    Number,
  ) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
    return undefined;
  }
  const millis = Number((m[7] ?? '').slice(0, 3).padEnd(3, '0'));
  let offsetMinutes = 0;
  if (m[8] === undefined) {
    const offsetHours = Number(m[10]);
    const offsetMins = Number(m[11] ?? '0');
    if (offsetHours > 23 || offsetMins > 59) return undefined;
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * 60_000;
  return Number.isFinite(utc) ? utc : undefined;
}

/** One value of an attribute-list; `quoted` tells a quoted-string from the unquoted forms. */
export interface AttributeValue {
  value: string;
  quoted: boolean;
}

const ATTRIBUTE_NAME = /^[A-Z0-9-]+$/;

/**
 * Parses an attribute-list (RFC 8216 §4.2): `NAME=VALUE` pairs separated by commas, no whitespace, names
 * `[A-Z0-9-]`, values unquoted or `"quoted-string"` (which may contain commas). Duplicated names are an
 * error ("MUST NOT contain multiple attribute/value pairs with the same AttributeName").
 * Returns `undefined` when the list is malformed.
 */
export function parseAttributeList(text: string): Map<string, AttributeValue> | undefined {
  const result = new Map<string, AttributeValue>();
  let pos = 0;
  while (pos < text.length) {
    const eq = text.indexOf('=', pos);
    if (eq === -1) return undefined;
    const name = text.slice(pos, eq);
    if (!ATTRIBUTE_NAME.test(name) || result.has(name)) return undefined;
    let end: number;
    let attribute: AttributeValue;
    if (text.charCodeAt(eq + 1) === 0x22 /* " */) {
      const close = text.indexOf('"', eq + 2);
      if (close === -1) return undefined;
      attribute = { value: text.slice(eq + 2, close), quoted: true };
      end = close + 1;
    } else {
      const comma = text.indexOf(',', eq + 1);
      end = comma === -1 ? text.length : comma;
      const value = text.slice(eq + 1, end);
      if (value.length === 0 || value.includes('"')) return undefined;
      attribute = { value, quoted: false };
    }
    result.set(name, attribute);
    if (end === text.length) return result;
    if (text.charCodeAt(end) !== 0x2c /* , */ || end + 1 === text.length) return undefined;
    pos = end + 1;
  }
  return undefined;
}
