import type { CheckerDeps } from '../core/checker-deps';
import type { RecordOutcome } from '../core/handle-object-created';
import type { ObjectCreated } from '../core/parse-notification';
import { RegistryState, timingOf } from './playlist-registry';
import { recordObservation, type ObservationInput, type RecordedAs } from './record-observation';

/**
 * The event path's registry write, once the outcome of an `ObjectCreated` record is known. Writes only on
 * first sight of the key on this instance, on a state change, and once an hour (TTL refresh): an upload
 * every TARGETDURATION costs nothing here. Never throws (see `recordObservation`).
 *
 * - postponed, not due, would-delete (dry run): `live`, with the key's timing;
 * - deleted: `deleted` (`stale`), observed at S3's time of the delete;
 * - kept: `kept` with the reason (master, VOD, ENDLIST, invalid, too large);
 * - ignored or superseded: nothing (a newer version's own event records the key).
 */
export async function observeInRegistry(
  deps: CheckerDeps,
  record: ObjectCreated,
  outcome: RecordOutcome,
): Promise<RecordedAs | 'not-recorded'> {
  const observation = toObservation(deps, record, outcome);
  if (!observation) return 'not-recorded';
  return recordObservation(deps, observation, { onlyIfChanged: true, source: 'event' });
}

function toObservation(
  deps: CheckerDeps,
  record: ObjectCreated,
  outcome: RecordOutcome,
): ObservationInput | undefined {
  const { bucket, key, etag } = record;
  const firstWrittenMs = deps.cache.firstWrittenMs(bucket, key, etag, record.eventTimeMs);
  const version = { bucket, key, etag, firstWrittenMs, observedAtMs: firstWrittenMs };
  if (outcome.kind === 'ignored') return undefined;
  const live = (): ObservationInput | undefined => {
    const facts = deps.cache.liveFactsFor(bucket, key);
    return facts ? { ...version, state: RegistryState.Live, timing: timingOf(facts) } : undefined;
  };
  if (outcome.kind === 'postpone') return live();
  const checked = outcome.outcome;
  switch (checked.kind) {
    case 'deleted':
      return {
        ...version,
        state: RegistryState.Deleted,
        reason: 'stale',
        observedAtMs: Math.max(firstWrittenMs, deps.s3Clock.nowLowerBoundMs()),
      };
    case 'kept':
      return { ...version, state: RegistryState.Kept, reason: checked.reason };
    case 'would-delete':
    case 'not-due':
      return live();
    case 'superseded':
      return undefined;
  }
}
