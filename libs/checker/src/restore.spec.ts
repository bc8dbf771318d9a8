import { planRestore, restore } from './restore';
import { InMemoryPlaylistStore } from './testing/in-memory-playlist-store';

const BUCKET = 'origin-a';
const KEY = 'live/720p.m3u8';
const body = (sequence: number) =>
  `#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:${sequence}\n#EXTINF:2.0,\ns${sequence}.ts\n`;

describe('restore: undo the deletion of a playlist on a versioned bucket', () => {
  let nowMs: number;
  const later = (ms: number) => (nowMs += ms);
  let store: InMemoryPlaylistStore;
  let deletedEtag: string;

  beforeEach(async () => {
    nowMs = Date.UTC(2026, 0, 1, 0, 0, 0, 250);
    store = new InMemoryPlaylistStore(() => nowMs);
    store.put(BUCKET, KEY, body(1));
    later(2_000);
    deletedEtag = store.put(BUCKET, KEY, body(2)).etag;
    later(5_000);
    await store.deleteIfMatch(BUCKET, KEY, deletedEtag);
  });

  it('a dry run plans the removal of the delete marker and changes nothing', async () => {
    const outcome = await restore(store, { bucket: BUCKET, key: KEY, apply: false });
    expect(outcome).toMatchObject({
      kind: 'restorable',
      applied: false,
      restoresEtag: deletedEtag,
    });
    expect(store.calls.deleteVersion).toBe(0);
    expect(await store.head(BUCKET, KEY)).toBeUndefined();
  });

  it('with apply the deleted version is served again, and a second run finds nothing to undo', async () => {
    const outcome = await restore(store, { bucket: BUCKET, key: KEY, apply: true });
    expect(outcome).toMatchObject({ kind: 'restorable', applied: true });
    expect((await store.head(BUCKET, KEY))?.etag).toBe(deletedEtag);
    expect(store.get(BUCKET, KEY)?.body.toString()).toBe(body(2));
    expect(await restore(store, { bucket: BUCKET, key: KEY, apply: true })).toMatchObject({
      kind: 'not-deleted',
      applied: false,
    });
  });

  it('a playlist written again since the deletion is left alone', async () => {
    later(3_000);
    const fresh = store.put(BUCKET, KEY, body(3)).etag;
    const outcome = await restore(store, { bucket: BUCKET, key: KEY, apply: true });
    expect(outcome).toMatchObject({ kind: 'not-deleted', applied: false });
    expect(store.calls.deleteVersion).toBe(0);
    expect((await store.head(BUCKET, KEY))?.etag).toBe(fresh);
  });

  it('an upload landing between the history read and the marker removal stays current', async () => {
    let fresh = '';
    store.beforeOperation = (operation) => {
      if (operation === 'deleteVersion') {
        later(1_000);
        fresh = store.put(BUCKET, KEY, body(3)).etag;
      }
    };
    await restore(store, { bucket: BUCKET, key: KEY, apply: true });
    expect((await store.head(BUCKET, KEY))?.etag).toBe(fresh);
  });

  it('a history that cannot be read refuses (when unsure, change nothing)', async () => {
    const blind = new InMemoryPlaylistStore(() => nowMs, { versioning: 'cannot-tell' });
    blind.put(BUCKET, KEY, body(1));
    later(5_000);
    await blind.deleteIfMatch(BUCKET, KEY, blind.get(BUCKET, KEY)?.etag ?? '');
    const outcome = await restore(blind, { bucket: BUCKET, key: KEY, apply: true });
    expect(outcome).toMatchObject({ kind: 'cannot-tell', applied: false });
    expect(blind.calls.deleteVersion).toBe(0);
  });

  it('an unversioned bucket has nothing to bring back: refuses', async () => {
    const plain = new InMemoryPlaylistStore(() => nowMs, { versioning: 'unversioned' });
    plain.put(BUCKET, KEY, body(1));
    later(5_000);
    await plain.deleteIfMatch(BUCKET, KEY, plain.get(BUCKET, KEY)?.etag ?? '');
    expect(await restore(plain, { bucket: BUCKET, key: KEY, apply: true })).toMatchObject({
      kind: 'cannot-tell',
      applied: false,
    });
    expect(plain.calls.deleteVersion).toBe(0);
  });
});

describe('planRestore (pure)', () => {
  const version = (versionId: string, lastModifiedMs: number, deleteMarker = false) => ({
    versionId,
    lastModifiedMs,
    deleteMarker,
    ...(deleteMarker ? {} : { etag: `"${versionId}"` }),
  });

  it('a marker and a version in the same LastModified second cannot be ordered: refuses', () => {
    const plan = planRestore({
      kind: 'history',
      truncated: false,
      versions: [version('v1', 5_000), version('m1', 5_000, true)],
    });
    expect(plan).toMatchObject({
      kind: 'cannot-tell',
      detail: expect.stringMatching(/same, newest LastModified second/),
    });
  });

  it('a delete marker with VersionId "null" (versioning off) refuses', () => {
    const plan = planRestore({
      kind: 'history',
      truncated: false,
      versions: [version('v1', 1_000), version('null', 5_000, true)],
    });
    expect(plan.kind).toBe('cannot-tell');
  });

  it('two delete markers on top refuse; the newest marker above a version is restorable', () => {
    expect(
      planRestore({
        kind: 'history',
        truncated: false,
        versions: [version('v1', 1_000), version('m1', 3_000, true), version('m2', 5_000, true)],
      }).kind,
    ).toBe('cannot-tell');
    expect(
      planRestore({
        kind: 'history',
        truncated: true,
        versions: [version('m2', 5_000, true), version('v2', 3_000), version('v1', 1_000)],
      }),
    ).toMatchObject({ kind: 'restorable', deleteMarkerVersionId: 'm2', restoresVersionId: 'v2' });
  });
});
