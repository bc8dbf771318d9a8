/**
 * Where time comes from. Structurally the same as the checker's `Clock`: pass `{ now: () => Date.now() }`
 * (or {@link systemClock}) in production and a fake in tests.
 */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

/**
 * The wall clock; the default of the sinks (adapters), never used by the pure core.
 *
 * @example
 * new CloudWatchMetricsPublisher({ client, config, clock: systemClock });
 */
export const systemClock: Clock = { now: () => Date.now() };
