import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MPEG_TS_PACKET_BYTES, MPEG_TS_SYNC_BYTE } from './mpegts-timestamps';

/** Each committed fixture segment lasts exactly this long (GOP = segment). */
export const FIXTURE_SEGMENT_DURATION_S = 2;
/** Segments per rendition: one 12 s loop. */
export const FIXTURE_LOOP_SEGMENTS = 6;

/** Where `scripts/make-fixtures.ts` writes the synthetic encoder's media. */
export const DEFAULT_FIXTURE_DIR = resolve(__dirname, '../../fixtures/synthetic');

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
  /** Segment files, relative to the fixture folder, in loop order. */
  segments: string[];
}

export interface FixtureManifest {
  generatedBy: string;
  segmentDurationS: number;
  loopDurationS: number;
  renditions: FixtureRendition[];
}

/** A rendition with its segment bytes loaded. */
export interface LoadedRendition extends FixtureRendition {
  segmentBytes: Buffer[];
}

export interface LoadedFixtures extends FixtureManifest {
  renditions: LoadedRendition[];
}

export class FixtureError extends Error {
  override name = 'FixtureError';
}

/**
 * Loads and validates the committed fixtures once, at startup (they are our own files: a problem here is a
 * broken checkout, reported with the file and the fix).
 *
 * @example
 * const fixtures = loadFixtures();
 * fixtures.renditions[0].segmentBytes[0]; // 188-byte-aligned MPEG-TS
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
  const renditions = manifest.renditions.map((rendition) => {
    const segmentBytes = rendition.segments.map((name) => {
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
    });
    return { ...rendition, segmentBytes };
  });
  return { ...manifest, renditions };
}
