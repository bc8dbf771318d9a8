/**
 * Where each encoder pipeline keeps its copy of a rendition. By default every pipeline has its own
 * bucket with the same key layout (`origin-a/live-1/720p.m3u8` and `origin-b/live-1/720p.m3u8` are two
 * copies of `live-1/720p.m3u8`); a pipeline may instead own a prefix of a shared bucket, as MediaLive
 * destinations often do (`origin/pipeline-a/live-1/720p.m3u8`). Pure.
 */
export interface Pipeline {
  /** The pipeline's name (`a`, `b`, or the bucket name by default). */
  readonly name: string;
  readonly bucket: string;
  /** Key prefix of the pipeline's copies (`''`, or ending in `/`). */
  readonly prefix: string;
}

/** One copy of a rendition: where it lives. */
export interface CopyLocation {
  readonly pipeline: string;
  readonly bucket: string;
  readonly key: string;
}

/** A key, as a copy of a rendition. */
export interface CopyOf {
  readonly pipeline: string;
  /** The key without the pipeline's prefix: the same for every copy of the rendition. */
  readonly renditionId: string;
}

export type ParsePipelinesResult =
  { ok: true; pipelines: Pipeline[] } | { ok: false; problems: string[] };

/** S3 bucket naming rules (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html). */
export const BUCKET_NAME = /^(?!xn--)(?!.*-s3alias$)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Pipeline names: short, for logs, metrics and the audit (`a`, `pipeline-1`, `us_east`). */
const PIPELINE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;

/**
 * Parses a pipelines list: comma-separated `name=bucket` or `name=bucket/prefix/`. Never throws; every
 * problem is listed (an empty list, a bad name or bucket, a prefix not ending in `/`, a repeated name, two
 * pipelines whose copies could be the same key).
 *
 * @example
 * parsePipelines('a=origin-a,b=origin-b');                    // two buckets, same layout
 * parsePipelines('a=origin/pipeline-a/,b=origin/pipeline-b/'); // one bucket, a prefix each
 */
export function parsePipelines(text: string): ParsePipelinesResult {
  const problems: string[] = [];
  const pipelines: Pipeline[] = [];
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0) return { ok: false, problems: ['no pipeline given'] };
  for (const entry of entries) {
    const match = /^([^=]*)=([^/]*)(?:\/(.*))?$/.exec(entry);
    if (!match) {
      problems.push(`"${entry}" is not name=bucket or name=bucket/prefix/`);
      continue;
    }
    const name = (match[1] ?? '').trim();
    const bucket = (match[2] ?? '').trim();
    const prefix = match[3] ?? '';
    if (!PIPELINE_NAME.test(name)) {
      problems.push(`"${entry}": "${name}" is not a pipeline name (letters, digits, _ . -)`);
    }
    if (!BUCKET_NAME.test(bucket)) {
      problems.push(`"${entry}": "${bucket}" is not a valid S3 bucket name`);
    }
    if (prefix !== '' && (!prefix.endsWith('/') || prefix.startsWith('/'))) {
      problems.push(`"${entry}": prefix "${prefix}" must end with "/" and not start with "/"`);
    }
    if (pipelines.some((p) => p.name === name)) problems.push(`pipeline "${name}" is listed twice`);
    const overlapping = pipelines.find(
      (p) => p.bucket === bucket && (p.prefix.startsWith(prefix) || prefix.startsWith(p.prefix)),
    );
    if (overlapping) {
      problems.push(
        `"${entry}" overlaps pipeline "${overlapping.name}" (${overlapping.bucket}/${overlapping.prefix}): a key would belong to both`,
      );
    }
    pipelines.push({ name, bucket, prefix });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, pipelines };
}

/** The default: each bucket is a pipeline named by its bucket, with the same key layout. */
export function pipelinesOfBuckets(buckets: readonly string[]): Pipeline[] {
  return buckets.map((bucket) => ({ name: bucket, bucket, prefix: '' }));
}

/** Which pipeline's copy `bucket`/`key` is, and of which rendition; `undefined`: no pipeline's. */
export function copyOf(
  pipelines: readonly Pipeline[],
  bucket: string,
  key: string,
): CopyOf | undefined {
  const pipeline = pipelines.find((p) => p.bucket === bucket && key.startsWith(p.prefix));
  if (!pipeline) return undefined;
  const renditionId = key.slice(pipeline.prefix.length);
  return renditionId === '' ? undefined : { pipeline: pipeline.name, renditionId };
}

/** Every pipeline's copy of a rendition, in pipeline order. */
export function copiesOf(pipelines: readonly Pipeline[], renditionId: string): CopyLocation[] {
  return pipelines.map((p) => ({
    pipeline: p.name,
    bucket: p.bucket,
    key: `${p.prefix}${renditionId}`,
  }));
}

/** The pipelines list in its text syntax (`a=origin-a,b=origin/b/`), for logs and infra. */
export function formatPipelines(pipelines: readonly Pipeline[]): string {
  return pipelines
    .map((p) => `${p.name}=${p.bucket}${p.prefix === '' ? '' : `/${p.prefix}`}`)
    .join(',');
}
