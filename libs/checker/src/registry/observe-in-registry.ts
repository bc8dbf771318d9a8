import type { CheckerDeps } from '../core/checker-deps';
import type { RecordOutcome } from '../core/handle-object-created';
import type { ObjectCreated } from '../core/parse-notification';
import { MetricName } from '@hls-stale-guard/metrics';
import { stalenessDeadline } from '@hls-stale-guard/playlist';
import { pipelinesOf } from '../load-config';
import { describeError } from '../process-sqs-batch';
import { consultOtherCopies, recordRenditionState } from '../redundancy/observe-redundancy';
import { copyOf } from '../redundancy/pipelines';
import {
  registryPk,
  RegistryState,
  timingFacts,
  timingOf,
  type RegistryEntry,
} from './playlist-registry';
import { recordObservation, type ObservationInput, type RecordedAs } from './record-observation';
import { stateKey } from './registry-memory';

/**
 * The event path's registry write, once the outcome of an `ObjectCreated` record is known. Writes only on
 * first sight of the key on this instance, on a state change, and once an hour (TTL refresh): an upload
 * every TARGETDURATION costs nothing here. Never throws (see `recordObservation`).
 *
 * - postponed, not due, would-delete (dry run): `live`, with the key's timing;
 * - deleted: `deleted` (`stale`), observed at S3's time of the delete;
 * - kept: `kept` with the reason (master, VOD, ENDLIST, invalid, too large); the last copy kept under
 *   `keep-last`: `live`;
 *
 * A live upload that may follow a deletion (see `deletionBefore`) is checked against the registry: a
 * deleted playlist written again is a recovery (`reportRecovery`).
 * - superseded by a newer version: `live` (with a queue delay, most events of a key end so);
 * - ignored, or the key gone: nothing.
 */
export async function observeInRegistry(
  deps: CheckerDeps,
  record: ObjectCreated,
  outcome: RecordOutcome,
): Promise<RecordedAs | 'not-recorded'> {
  const observation = toObservation(deps, record, outcome);
  if (!observation) return 'not-recorded';
  const deletion = await deletionBefore(deps, observation);
  const recorded = await recordObservation(deps, observation, {
    onlyIfChanged: deletion === undefined,
    source: 'event',
  });
  if (deletion && recorded === 'recorded') await reportRecovery(deps, observation, deletion);
  return recorded;
}

/**
 * The deletion a live upload follows, if any: asked of the registry (one read) only when this instance
 * may have missed it (`RegistryMemory.mayFollowDeletion`), so a steady stream of uploads costs nothing.
 * A failing read is counted and logged: the recovery then goes unreported, never the upload.
 */
async function deletionBefore(
  deps: CheckerDeps,
  observation: ObservationInput,
): Promise<RegistryEntry | undefined> {
  if (observation.state !== RegistryState.Live || !observation.timing) return undefined;
  const pk = registryPk(observation.bucket, observation.key);
  const staleAfterMs = stalenessDeadline(timingFacts(observation.timing), 0, deps.config.policy);
  const live = stateKey(RegistryState.Live, undefined);
  if (!deps.registryMemory.mayFollowDeletion(pk, live, observation.firstWrittenMs, staleAfterMs)) {
    return undefined;
  }
  try {
    const entry = await deps.registry.read(observation.bucket, observation.key);
    return entry?.state === RegistryState.Deleted && entry.observedAtMs <= observation.observedAtMs
      ? entry
      : undefined;
  } catch (error) {
    deps.metrics.record(MetricName.RegistryErrors, {
      bucket: observation.bucket,
      key: observation.key,
    });
    deps.logger.error('registry read failed', {
      bucket: observation.bucket,
      key: observation.key,
      source: 'event',
      error: describeError(error),
    });
    return undefined;
  }
}

/**
 * A deleted playlist written again: logged, counted (`PlaylistsRecovered`), its outage (deletion → first
 * fresh upload, both on S3's clock) measured (`OutageDurationMs`), and the rendition's state recorded.
 */
async function reportRecovery(
  deps: CheckerDeps,
  observation: ObservationInput,
  deletion: RegistryEntry,
): Promise<void> {
  const { bucket, key } = observation;
  const outageMs = Math.max(0, observation.firstWrittenMs - deletion.observedAtMs);
  const pipelines = pipelinesOf(deps.config);
  const renditionId = copyOf(pipelines, bucket, key)?.renditionId ?? key;
  deps.metrics.record(MetricName.PlaylistsRecovered, { bucket, key: renditionId });
  deps.metrics.record(MetricName.OutageDurationMs, { bucket, key: renditionId }, outageMs);
  deps.logger.info('playlist recovered: a deleted playlist is written again', {
    bucket,
    key,
    etag: observation.etag,
    deletedAtMs: deletion.observedAtMs,
    deletedReason: deletion.reason,
    firstFreshUploadMs: observation.firstWrittenMs,
    outageMs,
  });
  if (!observation.timing) return;
  const facts = timingFacts(observation.timing);
  const view = await consultOtherCopies(deps, bucket, key, facts);
  if (view) {
    await recordRenditionState(deps, view, 'live', {
      bucket,
      key,
      observedAtMs: observation.observedAtMs,
      rewritten: true,
    });
  }
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
      // The last copy kept under `keep-last` stays live in the registry, so the reconciler checks it
      // again (and deletes it once another pipeline's copy is live).
      if (checked.reason === 'last-copy') return live();
      return { ...version, state: RegistryState.Kept, reason: checked.reason };
    case 'would-delete':
    case 'not-due':
      return live();
    case 'superseded':
      // A newer version exists: the key is live (its timing known). Gone: nothing to record.
      return checked.reason === 'gone' ? undefined : live();
  }
}
