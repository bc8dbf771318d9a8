/**
 * Run counts for fast-check properties: the default keeps `nx test playlist` near 15 s on 2 cores;
 * `FC_NUM_RUNS=5000 npx nx test playlist` runs every property that many times.
 */
export function numRuns(defaultRuns: number): number {
  const fromEnv = Number(process.env['FC_NUM_RUNS']);
  return Number.isSafeInteger(fromEnv) && fromEnv > 0 ? fromEnv : defaultRuns;
}
