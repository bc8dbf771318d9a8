import type { StoredVersion, VersionedPlaylistStore, VersionHistory } from './core/ports';

/**
 * What undoing the deletion of one playlist would do. Only a delete marker that is the key's newest entry,
 * right above an object version, is removed: the playlist was deleted and nothing was written since, so
 * removing the marker serves that version again (docs.aws.amazon.com/AmazonS3/latest/userguide/ManagingDelMarkers.html).
 * Anything else is refused: when unsure, change nothing.
 */
export type RestorePlan =
  | {
      kind: 'restorable';
      /** The delete marker to remove (DeleteObject with its VersionId). */
      deleteMarkerVersionId: string;
      deletedAtMs: number;
      /** The object version that becomes current again. */
      restoresVersionId: string;
      restoresEtag?: string;
      restoresWrittenAtMs: number;
    }
  /** The newest entry is an object version: the playlist is there (written again, or never deleted). */
  | { kind: 'not-deleted'; detail: string }
  /** The history does not allow a safe answer (unreadable, unversioned, ambiguous): nothing is changed. */
  | { kind: 'cannot-tell'; detail: string };

export type RestoreOutcome = RestorePlan & {
  /** Whether the delete marker was removed (only with `apply` and a restorable plan). */
  applied: boolean;
};

const newestFirst = (a: StoredVersion, b: StoredVersion) => b.lastModifiedMs - a.lastModifiedMs;

/** Pure: the restore plan for a key's version history (ListObjectVersions). */
export function planRestore(history: VersionHistory): RestorePlan {
  if (history.kind === 'cannot-tell') {
    return {
      kind: 'cannot-tell',
      detail: `the version history cannot be read (${history.reason}); is versioning enabled, is s3:ListBucketVersions allowed?`,
    };
  }
  const sorted = [...history.versions].sort(newestFirst);
  const [newest, previous] = sorted;
  if (!newest) {
    return {
      kind: 'cannot-tell',
      detail: 'no version of this key in its history: not a versioned bucket, or never written',
    };
  }
  const sameSecond = sorted.filter((v) => v.lastModifiedMs === newest.lastModifiedMs);
  if (sameSecond.some((v) => v.deleteMarker) && sameSecond.length > 1) {
    // Whole-second LastModified: which of them is the newest cannot be told.
    return {
      kind: 'cannot-tell',
      detail: 'a delete marker and another entry have the same, newest LastModified second',
    };
  }
  if (!newest.deleteMarker) {
    return {
      kind: 'not-deleted',
      detail: `the current version (${newest.versionId}) is an object`,
    };
  }
  if (newest.versionId === 'null') {
    return {
      kind: 'cannot-tell',
      detail: 'the delete marker has VersionId "null": versioning is not enabled on this bucket',
    };
  }
  if (!previous) {
    return {
      kind: 'cannot-tell',
      detail: history.truncated
        ? 'the history page ends after the delete marker'
        : 'no object version below the delete marker',
    };
  }
  if (previous.deleteMarker) {
    return { kind: 'cannot-tell', detail: 'two delete markers on top of each other' };
  }
  return {
    kind: 'restorable',
    deleteMarkerVersionId: newest.versionId,
    deletedAtMs: newest.lastModifiedMs,
    restoresVersionId: previous.versionId,
    ...(previous.etag !== undefined ? { restoresEtag: previous.etag } : {}),
    restoresWrittenAtMs: previous.lastModifiedMs,
  };
}

/**
 * Undoes the deletion of a playlist on a versioned bucket: removes the delete marker when it is the key's
 * newest entry and the playlist has not been written since. A dry run (no `apply`) only plans. Removing a
 * marker by its VersionId never hides a newer upload: if one lands in between, it stays current.
 *
 * @example
 * const outcome = await restore(new S3PlaylistStore(s3), { bucket: 'origin-a', key: 'live/720p.m3u8', apply: false });
 */
export async function restore(
  store: VersionedPlaylistStore,
  options: { bucket: string; key: string; apply: boolean },
): Promise<RestoreOutcome> {
  const plan = planRestore(await store.listVersions(options.bucket, options.key));
  if (plan.kind !== 'restorable' || !options.apply) return { ...plan, applied: false };
  const removed = await store.deleteVersion(
    options.bucket,
    options.key,
    plan.deleteMarkerVersionId,
  );
  if (removed.kind === 'gone') {
    return {
      kind: 'cannot-tell',
      detail: `the delete marker ${plan.deleteMarkerVersionId} was removed by someone else meanwhile`,
      applied: false,
    };
  }
  return { ...plan, applied: true };
}
