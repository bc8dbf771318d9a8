import { MetricName } from '@hls-stale-guard/metrics';
import type { CheckerDeps } from '../core/checker-deps';
import { describeError } from '../process-sqs-batch';
import { expiresAtSeconds, registryPk, type RegistryObservation } from './playlist-registry';
import { stateKey } from './registry-memory';

export type RecordedAs = 'recorded' | 'newer-exists' | 'unchanged' | 'error';

export type ObservationInput = Omit<RegistryObservation, 'nowMs' | 'expiresAt'>;

/**
 * Records one observation in the registry, conditionally (the newest observation wins). With
 * `onlyIfChanged`, skips the write when this instance recorded the same state within the refresh interval.
 * Never throws: a failing registry call is counted (`RegistryErrors`), logged, and forgotten so the next
 * observation tries again; the check it follows has already happened.
 */
export async function recordObservation(
  deps: Pick<
    CheckerDeps,
    'registry' | 'registryMemory' | 'clock' | 'config' | 'metrics' | 'logger'
  >,
  observation: ObservationInput,
  options: { onlyIfChanged: boolean; source: string },
): Promise<RecordedAs> {
  const { registry, registryMemory: memory, clock, config } = deps;
  const pk = registryPk(observation.bucket, observation.key);
  const what = stateKey(observation.state, observation.reason);
  const nowMs = clock.nowMs();
  if (options.onlyIfChanged && !memory.needsWrite(pk, what, nowMs)) return 'unchanged';
  try {
    const result = await registry.record({
      ...observation,
      nowMs,
      expiresAt: expiresAtSeconds(nowMs, config.registry.ttlHours),
    });
    // Refused: the registry knows something newer; forget, so that the next observation writes again.
    if (result.kind === 'newer-exists') memory.forget(pk);
    else memory.remember(pk, what, nowMs);
    return result.kind;
  } catch (error) {
    memory.forget(pk);
    deps.metrics.record(MetricName.RegistryErrors, {
      bucket: observation.bucket,
      key: observation.key,
    });
    deps.logger.error('registry write failed', {
      bucket: observation.bucket,
      key: observation.key,
      etag: observation.etag,
      source: options.source,
      state: observation.state,
      error: describeError(error),
    });
    return 'error';
  }
}
