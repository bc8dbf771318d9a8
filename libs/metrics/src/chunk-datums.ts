import type { MetricDatum } from '@aws-sdk/client-cloudwatch';
import {
  MAX_NAMESPACE_LENGTH,
  PUT_METRIC_DATA_LIMITS,
  type PutMetricDataLimits,
} from './cloudwatch-limits';

/**
 * Bytes kept free in every request for the envelope `{"Namespace":"…","MetricData":[…]}` (32 bytes of
 * keys and brackets, 64 reserved) around a namespace of {@link MAX_NAMESPACE_LENGTH} characters counted
 * at 6 bytes each (see {@link estimateJsonBytes}): 1,594 bytes.
 */
export const REQUEST_ENVELOPE_RESERVE_BYTES = MAX_NAMESPACE_LENGTH * 6 + 64;

/** A datum that no split can bring within the PutMetricData limits. */
export class MetricDatumLimitError extends Error {
  override readonly name = 'MetricDatumLimitError';
  constructor(
    message: string,
    readonly metricName: string | undefined,
  ) {
    super(message);
  }
}

/**
 * Conservative size of a value once serialized as the request body, in bytes.
 *
 * How: `JSON.stringify`, with a `Date` written as its ISO string (`"2026-01-01T00:00:00.000Z"`, 26 bytes;
 * the SDK's JSON 1.0 protocol sends epoch seconds such as `1767225600.5`, at most 18), then every
 * non-ASCII UTF-16 code unit counted as 6 bytes (a `\uXXXX` escape; raw UTF-8 takes at most 3 per code
 * unit). So the estimate is never below the real body whether the serializer escapes or not; the
 * adapter test compares it with the bytes the real `CloudWatchClient` puts on the wire.
 *
 * @example
 * estimateJsonBytes({ MetricName: 'PlaylistsChecked', Values: [1], Counts: [2] }); // 59
 */
export function estimateJsonBytes(value: unknown): number {
  const json = JSON.stringify(value) ?? '';
  let bytes = 0;
  for (let i = 0; i < json.length; i += 1) bytes += json.charCodeAt(i) < 0x80 ? 1 : 6;
  return bytes;
}

/** Conservative serialized size of one datum inside `MetricData`, including its separating comma. */
export function estimateDatumBytes(datum: MetricDatum): number {
  return estimateJsonBytes(datum) + 1;
}

/**
 * Splits a datum whose `Values` array is longer than `maxValues` into datums of at most `maxValues`
 * values, same name, dimensions, timestamp, unit and resolution, `Counts` kept aligned. Other datums are
 * returned as they are.
 *
 * @example
 * splitDatumValues({ MetricName: 'DeleteLagMs', Values: [1, 2, 3], Counts: [1, 1, 4] }, 2);
 * // [{ …, Values: [1, 2], Counts: [1, 1] }, { …, Values: [3], Counts: [4] }]
 */
export function splitDatumValues(datum: MetricDatum, maxValues: number): MetricDatum[] {
  const values = datum.Values;
  if (values === undefined || values.length <= maxValues) return [datum];
  const pieces: MetricDatum[] = [];
  for (let start = 0; start < values.length; start += maxValues) {
    const end = start + maxValues;
    pieces.push({
      ...datum,
      Values: values.slice(start, end),
      ...(datum.Counts === undefined ? {} : { Counts: datum.Counts.slice(start, end) }),
    });
  }
  return pieces;
}

/**
 * Splits datums into PutMetricData requests that respect every documented limit: at most 1,000 datums
 * and 1 MB per request (estimated conservatively, {@link estimateJsonBytes}), at most 150 values per
 * datum (longer datums are split, {@link splitDatumValues}), at most 30 dimensions. Keeps the order and
 * never drops or duplicates a value. Pure.
 *
 * @throws {MetricDatumLimitError} for a datum with more than 30 dimensions, or one that does not fit in a
 *   request even with a single value (cannot come from {@link toMetricDatums}: it emits ≤ 2 dimensions
 *   of ≤ 1,024 characters).
 * @example
 * for (const MetricData of chunkDatums(toMetricDatums(aggregate))) {
 *   await client.send(new PutMetricDataCommand({ Namespace, MetricData }));
 * }
 */
export function chunkDatums(
  datums: readonly MetricDatum[],
  limits: PutMetricDataLimits = PUT_METRIC_DATA_LIMITS,
): MetricDatum[][] {
  const budget = limits.maxPayloadBytes - REQUEST_ENVELOPE_RESERVE_BYTES;
  const chunks: MetricDatum[][] = [];
  let current: MetricDatum[] = [];
  let currentBytes = 0;
  for (const datum of datums) {
    if ((datum.Dimensions?.length ?? 0) > limits.maxDimensionsPerDatum) {
      throw new MetricDatumLimitError(
        `${datum.MetricName} has ${datum.Dimensions?.length} dimensions; CloudWatch accepts at most ${limits.maxDimensionsPerDatum}`,
        datum.MetricName,
      );
    }
    for (const piece of splitDatumValues(datum, limits.maxValuesPerDatum)) {
      for (const fitted of splitToFit(piece, budget)) {
        const bytes = estimateDatumBytes(fitted);
        if (current.length >= limits.maxDatums || currentBytes + bytes > budget) {
          chunks.push(current);
          current = [];
          currentBytes = 0;
        }
        current.push(fitted);
        currentBytes += bytes;
      }
    }
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** Halves a datum's values until each piece fits the byte budget on its own. */
function splitToFit(datum: MetricDatum, budget: number): MetricDatum[] {
  if (estimateDatumBytes(datum) <= budget) return [datum];
  const values = datum.Values?.length ?? 0;
  if (values <= 1) {
    throw new MetricDatumLimitError(
      `${datum.MetricName} needs ${estimateDatumBytes(datum)} bytes with a single value; a request allows ${budget} for its datums`,
      datum.MetricName,
    );
  }
  return splitDatumValues(datum, Math.ceil(values / 2)).flatMap((half) => splitToFit(half, budget));
}
