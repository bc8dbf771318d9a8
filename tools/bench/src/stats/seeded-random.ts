// The schedule (upload jitter, which encoders stop and when) replays with `BENCH_SEED`.
export { seededRandom } from '@hls-stale-guard/local-aws';

/** A uniform draw in [min, max). */
export function uniform(random: () => number, min: number, max: number): number {
  return min + random() * (max - min);
}
