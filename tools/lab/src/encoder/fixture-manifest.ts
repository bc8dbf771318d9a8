import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MPEG_TS_PACKET_BYTES, MPEG_TS_SYNC_BYTE } from './mpegts-timestamps';

/** Each committed fixture segment lasts exactly this long (GOP = segment). */
export const FIXTURE_SEGMENT_DURATION_S = 2;
/** Segments per rendition: one 12 s loop. */
export const FIXTURE_LOOP_SEGMENTS = 6;

/** Where `scripts/make-fixtures.ts` writes the synthetic encoder's media. */
const DEFAULT_FIXTURE_DIR = resolve(__dirname, '../../fixtures/synthetic');

/** One rendition as described by `fixtures.json` (what the master playlist advertises). */
export interface FixtureRendition {
  /** `180p`, `90p`: also the rendition's folder in the bucket. */
  name: string;
  width: number;
  height: number;
  frameRate: number;
  /** RFC 6381 codecs of the `EXT-X-STREAM-INF` `CODECS` attribute. */
  codecs: string;
  /** Peak segment bit rate, bit/s (`BANDWIDTH`). */
  bandwidth: number;
  /** Mean bit rate, bit/s (`AVERAGE-BANDWIDTH`). */
  averageBandwidth: number;
  /**
   * Segment files per pipeline, relative to the fixture folder, in loop order. The pipelines' segments have
   * the same durations and timestamps (aligned); only the picture differs: it names the pipeline.
   */
  segments: Record<FixturePipeline, string[]>;
}

/** The pipelines the fixtures are encoded for (the lab's `PIPELINE_IDS`). */
export const FIXTURE_PIPELINES = ['a', 'b'] as const;
export type FixturePipeline = (typeof FIXTURE_PIPELINES)[number];

export interface FixtureManifest {
  generatedBy: string;
  segmentDurationS: number;
  loopDurationS: number;
  renditions: FixtureRendition[];
}

/** A rendition with its segment bytes loaded, per pipeline. */
export interface LoadedRendition extends FixtureRendition {
  segmentBytes: Record<FixturePipeline, Buffer[]>;
}

export interface LoadedFixtures extends FixtureManifest {
  renditions: LoadedRendition[];
}

class FixtureError extends Error {
  override name = 'FixtureError';
}

/**
 * Loads and validates the committed fixtures once, at startup (they are our own files: a problem here is a
 * broken checkout, reported with the file and the fix).
 *
 * @example
 * const fixtures = loadFixtures();
 * fixtures.renditions[0].segmentBytes.a[0]; // 188-byte-aligned MPEG-TS
 */
export function loadFixtures(dir: string = DEFAULT_FIXTURE_DIR): LoadedFixtures {
  const manifestPath = join(dir, 'fixtures.json');
  let manifest: FixtureManifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as FixtureManifest;
  } catch (cause) {
    throw new FixtureError(
      `cannot read ${manifestPath}: regenerate it with \`npx nx run lab:fixtures\``,
      { cause },
    );
  }
  if (
    manifest.segmentDurationS !== FIXTURE_SEGMENT_DURATION_S ||
    manifest.renditions.length === 0
  ) {
    throw new FixtureError(
      `${manifestPath}: expected ${FIXTURE_SEGMENT_DURATION_S} s segments and at least one rendition`,
    );
  }
  const load = (name: string): Buffer => {
    const path = join(dir, name);
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch (cause) {
      throw new FixtureError(`cannot read fixture segment ${path}`, { cause });
    }
    if (bytes.length === 0 || bytes.length % MPEG_TS_PACKET_BYTES !== 0) {
      throw new FixtureError(`${path} is not a whole number of 188-byte MPEG-TS packets`);
    }
    if (bytes[0] !== MPEG_TS_SYNC_BYTE) {
      throw new FixtureError(`${path} does not start with the MPEG-TS sync byte 0x47`);
    }
    return bytes;
  };
  const renditions = manifest.renditions.map((rendition) => {
    const segmentBytes = {} as Record<FixturePipeline, Buffer[]>;
    for (const pipeline of FIXTURE_PIPELINES) {
      const names = rendition.segments?.[pipeline];
      if (!Array.isArray(names) || names.length === 0) {
        throw new FixtureError(
          `${manifestPath}: ${rendition.name} has no segments for pipeline ${pipeline}: regenerate it with \`npx nx run lab:fixtures\``,
        );
      }
      segmentBytes[pipeline] = names.map(load);
    }
    return { ...rendition, segmentBytes };
  });
  return { ...manifest, renditions };
}
