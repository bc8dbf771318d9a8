import { seededRandom, uniform } from '../stats/seeded-random';

/** How the simulated encoders behave in a detection run. */
export interface EncoderPlanOptions {
  seed: number;
  /** One bucket per pipeline (pipeline A and B write the same keys to their own origin). */
  buckets: readonly string[];
  channels: number;
  renditions: readonly string[];
  /** Key prefix, inside the checker's watched prefixes. */
  prefix: string;
  targetDurationS: number;
  /** The checker's deadline multiple k: no planned gap may reach it. */
  multiple: number;
  /**
   * Fraction of encoders (channel × pipeline, all renditions at once) that stop during the run; exactly
   * `round(fraction × encoders)` encoders are drawn, so the number of stops does not depend on the seed.
   */
  stopFraction: number;
  /** Stops happen uniformly in this window after the start, ms. */
  stopWindowMs: readonly [number, number];
  /** Gap between uploads, × TARGETDURATION, usually. */
  normalGap: readonly [number, number];
  /** With this probability an upload comes late, but inside the deadline. */
  lateProbability: number;
  /** The late gap, × TARGETDURATION; must stay below `multiple`. */
  lateGap: readonly [number, number];
}

export const DEFAULT_ENCODER_PLAN: Omit<EncoderPlanOptions, 'seed' | 'buckets' | 'multiple'> = {
  channels: 25,
  renditions: ['1080p', '720p', '480p', '360p'],
  prefix: 'live/',
  targetDurationS: 2,
  stopFraction: 0.5,
  stopWindowMs: [6_000, 34_000],
  normalGap: [0.9, 1.1],
  lateProbability: 0.1,
  lateGap: [1.25, 1.4],
};

/** One media playlist of the run. */
export interface PlannedPlaylist {
  bucket: string;
  key: string;
  /** Segment name prefix (unique per key and bucket). */
  name: string;
  /** `<bucket>/<channel>`: every rendition of one encoder stops at the same time, like a crash. */
  encoderId: string;
  targetDurationS: number;
  /** First upload at this offset (a random phase within one TARGETDURATION), ms. */
  startOffsetMs: number;
  /** The encoder stops (no upload from then on) at this offset, ms; `undefined`: runs to the end. */
  stopAtMs?: number;
}

export class EncoderPlanError extends Error {
  override name = 'EncoderPlanError';
}

/**
 * The playlists of a detection run and when their encoders stop. Deterministic for a seed.
 *
 * @example
 * planEncoders({ ...DEFAULT_ENCODER_PLAN, seed: 1, buckets: ['origin-a', 'origin-b'], multiple: 1.5 }).length; // 200
 */
export function planEncoders(options: EncoderPlanOptions): PlannedPlaylist[] {
  if (options.lateGap[1] >= options.multiple || options.normalGap[1] >= options.multiple) {
    throw new EncoderPlanError(
      `planned gaps must stay below the deadline multiple ${options.multiple} × TARGETDURATION`,
    );
  }
  const random = seededRandom(options.seed);
  const tdMs = options.targetDurationS * 1000;
  const encoders = options.buckets.length * options.channels;
  // A seeded Fisher–Yates shuffle picks exactly which encoders stop.
  const order = Array.from({ length: encoders }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  const stopping = new Set(order.slice(0, Math.round(options.stopFraction * encoders)));
  const playlists: PlannedPlaylist[] = [];
  for (const [b, bucket] of options.buckets.entries()) {
    for (let c = 1; c <= options.channels; c += 1) {
      const channel = `ch${String(c).padStart(3, '0')}`;
      const stops = stopping.has(b * options.channels + (c - 1));
      const stopAtMs = stops
        ? Math.round(uniform(random, options.stopWindowMs[0], options.stopWindowMs[1]))
        : undefined;
      for (const rendition of options.renditions) {
        playlists.push({
          bucket,
          key: `${options.prefix}${channel}/${rendition}.m3u8`,
          name: `${bucket}_${channel}_${rendition}`,
          encoderId: `${bucket}/${channel}`,
          targetDurationS: options.targetDurationS,
          startOffsetMs: Math.round(random() * tdMs),
          stopAtMs,
        });
      }
    }
  }
  return playlists;
}

/**
 * The wait before an encoder's next upload, ms: usually ≈ TARGETDURATION, sometimes late but inside
 * the deadline (RFC 8216 §6.2.1 allows up to 1.5 × TARGETDURATION).
 */
export function nextGapMs(
  random: () => number,
  options: Pick<
    EncoderPlanOptions,
    'targetDurationS' | 'normalGap' | 'lateProbability' | 'lateGap'
  >,
): { gapMs: number; late: boolean } {
  const late = random() < options.lateProbability;
  const [min, max] = late ? options.lateGap : options.normalGap;
  return { gapMs: uniform(random, min, max) * options.targetDurationS * 1000, late };
}
