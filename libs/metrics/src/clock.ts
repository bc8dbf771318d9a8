/**
 * Where the sinks read the time of an observation (epoch ms). Not the checker's `Clock` port (which also
 * sleeps and reads a monotonic clock): pass {@link systemClock} in production and a fake in tests.
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
