/**
 * The structure rules of the CloudWatch embedded metric format, written from its specification
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html),
 * independent of the writer under test. Returns every violation found.
 */
export interface EmfLimits {
  maxMetrics: number;
  maxDimensionsPerSet: number;
  maxValues: number;
}

export const SPEC_LIMITS: EmfLimits = { maxMetrics: 100, maxDimensionsPerSet: 30, maxValues: 100 };

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const onlyKeys = (o: Record<string, unknown>, keys: string[]): string[] =>
  Object.keys(o).filter((k) => !keys.includes(k));

export function emfViolations(line: string, limits: EmfLimits = SPEC_LIMITS): string[] {
  const problems: string[] = [];
  let root: unknown;
  try {
    root = JSON.parse(line);
  } catch {
    return ['not JSON'];
  }
  if (!isObject(root)) return ['root is not an object'];
  const aws = root['_aws'];
  if (!isObject(aws)) return ['_aws is not an object'];
  problems.push(...onlyKeys(aws, ['Timestamp', 'CloudWatchMetrics']).map((k) => `_aws.${k}`));
  if (!isNumber(aws['Timestamp']) || !Number.isInteger(aws['Timestamp'])) {
    problems.push('_aws.Timestamp is not epoch milliseconds');
  }
  const directives = aws['CloudWatchMetrics'];
  if (!Array.isArray(directives) || directives.length === 0) {
    return [...problems, '_aws.CloudWatchMetrics is not a non-empty array'];
  }
  let metricCount = 0;
  for (const directive of directives) {
    if (!isObject(directive)) {
      problems.push('directive is not an object');
      continue;
    }
    problems.push(
      ...onlyKeys(directive, ['Namespace', 'Dimensions', 'Metrics']).map((k) => `directive.${k}`),
    );
    const ns = directive['Namespace'];
    if (typeof ns !== 'string' || ns.length < 1 || ns.length > 255) problems.push('Namespace');
    const sets = directive['Dimensions'];
    if (!Array.isArray(sets)) problems.push('Dimensions is not an array');
    else {
      for (const set of sets) {
        if (!Array.isArray(set)) {
          problems.push('DimensionSet is not an array');
          continue;
        }
        if (set.length > limits.maxDimensionsPerSet) problems.push('DimensionSet too long');
        for (const key of set) {
          if (typeof key !== 'string' || typeof root[key] !== 'string' || root[key] === '') {
            problems.push(`dimension ${String(key)} has no string target member`);
          }
        }
      }
    }
    const metrics = directive['Metrics'];
    if (!Array.isArray(metrics)) {
      problems.push('Metrics is not an array');
      continue;
    }
    metricCount += metrics.length;
    for (const metric of metrics) {
      if (!isObject(metric) || typeof metric['Name'] !== 'string') {
        problems.push('MetricDefinition without Name');
        continue;
      }
      problems.push(
        ...onlyKeys(metric, ['Name', 'Unit', 'StorageResolution']).map((k) => `metric.${k}`),
      );
      const resolution = metric['StorageResolution'];
      if (resolution !== undefined && resolution !== 1 && resolution !== 60) {
        problems.push('StorageResolution is not 1 or 60');
      }
      const value = root[metric['Name']];
      if (Array.isArray(value)) {
        if (value.length === 0 || value.length > limits.maxValues) {
          problems.push(`${metric['Name']}: ${value.length} values`);
        }
        if (!value.every(isNumber)) problems.push(`${metric['Name']}: a value is not a number`);
      } else if (!isNumber(value)) {
        problems.push(`${metric['Name']}: no numeric target member`);
      }
    }
  }
  if (metricCount > limits.maxMetrics) problems.push(`${metricCount} metrics in one document`);
  return problems;
}
