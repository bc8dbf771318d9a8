import type { LabEvent } from '../lab-events';
import {
  applyEvent,
  judgePut,
  labJudgeRules,
  newPlaylistRecord,
  playlistState,
  toRows,
} from './playlist-status';

let nextId = 1;
const event = (body: Record<string, unknown>, atMs: number): LabEvent =>
  ({ id: nextId++, atMs, component: 'lab', ...body }) as LabEvent;

const put = (atMs: number, endList = false) =>
  event(
    {
      type: 'playlist-put',
      pipeline: 'a',
      key: 'live/180p/index.m3u8',
      rendition: '180p',
      mediaSequence: 7,
      endList,
      writtenAtMs: atMs,
      deadlineMs: endList ? undefined : atMs + 3_000,
    },
    atMs + 5,
  );

describe('playlist states on the status panel', () => {
  it('is live until multiple × TARGETDURATION after its last write, then stale', () => {
    const records = [newPlaylistRecord('a', '180p')];
    applyEvent(records, put(10_000));
    expect(playlistState(records[0]!, 13_000)).toBe('live');
    expect(playlistState(records[0]!, 13_001)).toBe('stale');
  });

  it('is deleted once the checker deleted its last version, with the lag after the deadline', () => {
    const records = [newPlaylistRecord('a', '180p')];
    applyEvent(records, put(10_000));
    applyEvent(
      records,
      event(
        {
          type: 'checker-decision',
          bucket: 'lab-origin-a',
          key: 'live/180p/index.m3u8',
          verdict: 'deleted',
          lagMs: 40,
        },
        13_070,
      ),
    );
    const [row] = toRows(records, 14_000);
    expect(row).toMatchObject({
      state: 'deleted',
      lastDeleteLagMs: 70,
      checkerLagMs: 40,
      deletions: 1,
    });
  });

  it('is live again when the encoder writes a new version after the delete', () => {
    const records = [newPlaylistRecord('a', '180p')];
    applyEvent(records, put(10_000));
    applyEvent(
      records,
      event(
        {
          type: 'checker-decision',
          bucket: 'lab-origin-a',
          key: 'live/180p/index.m3u8',
          verdict: 'deleted',
        },
        13_050,
      ),
    );
    applyEvent(records, put(20_000));
    expect(playlistState(records[0]!, 20_100)).toBe('live');
  });

  const deletedByOther = (deletedAtMs: number, versionId?: string) =>
    event(
      {
        type: 'playlist-deleted',
        by: 'other',
        pipeline: 'a',
        bucket: 'lab-origin-a',
        key: 'live/180p/index.m3u8',
        rendition: '180p',
        ...(versionId ? { versionId } : {}),
        deletedAtMs,
      },
      deletedAtMs + 3,
    );

  it('is deleted, by another client, when a client other than the checker deleted a live version', () => {
    const records = [newPlaylistRecord('a', '180p')];
    applyEvent(records, put(10_000));
    applyEvent(records, deletedByOther(11_000));
    const [row] = toRows(records, 11_100);
    expect(row).toMatchObject({ state: 'deleted', deletedBy: 'other', deletions: 1 });
    expect(row?.lastDeleteLagMs).toBeUndefined();
    applyEvent(records, put(12_000));
    expect(playlistState(records[0]!, 12_100)).toBe('live');
  });

  it('stays live when the other client’s delete came before the last upload', () => {
    const records = [newPlaylistRecord('a', '180p')];
    applyEvent(records, put(10_000));
    applyEvent(records, put(12_000));
    applyEvent(records, deletedByOther(11_000));
    expect(playlistState(records[0]!, 12_100)).toBe('live');
  });

  it('says the checker made a deletion after another client’s', () => {
    const records = [newPlaylistRecord('a', '180p')];
    applyEvent(records, put(10_000));
    applyEvent(records, deletedByOther(11_000, 'v1'));
    applyEvent(records, put(12_000));
    applyEvent(
      records,
      event(
        {
          type: 'checker-decision',
          bucket: 'lab-origin-a',
          key: 'live/180p/index.m3u8',
          verdict: 'deleted',
        },
        15_050,
      ),
    );
    expect(records[0]).toMatchObject({ deletedBy: 'checker', deletions: 2, lastDeleteLagMs: 50 });
  });

  it('is ended with #EXT-X-ENDLIST, whatever its age', () => {
    const records = [newPlaylistRecord('a', '180p')];
    applyEvent(records, put(10_000, true));
    expect(playlistState(records[0]!, 99_000)).toBe('ended');
  });

  it('ignores decisions about other keys and other verdicts', () => {
    const records = [newPlaylistRecord('a', '180p')];
    applyEvent(records, put(10_000));
    applyEvent(
      records,
      event(
        {
          type: 'checker-decision',
          bucket: 'lab-origin-b',
          key: 'live/180p/index.m3u8',
          verdict: 'deleted',
        },
        13_050,
      ),
    );
    applyEvent(
      records,
      event(
        {
          type: 'checker-decision',
          bucket: 'lab-origin-a',
          key: 'live/180p/index.m3u8',
          verdict: 'superseded',
        },
        13_050,
      ),
    );
    expect(toRows(records, 12_000)[0]).toMatchObject({
      state: 'live',
      deletions: 0,
      deadlineInMs: 1_000,
      ageMs: 2_000,
    });
  });

  it('follows the encoder state of its stream', () => {
    const records = [newPlaylistRecord('a', '180p'), newPlaylistRecord('a', '90p')];
    applyEvent(
      records,
      event({ type: 'stream-state', pipeline: 'a', rendition: '90p', state: 'crashed' }, 1),
    );
    expect(records.map((r) => r.stream)).toEqual(['running', 'crashed']);
  });
});

describe('uploads judged with the checker’s own rule (judgeVersion)', () => {
  const rules = labJudgeRules(['a', 'b'], 1.5);
  const playlist = (extra: string[]) =>
    [
      '#EXTM3U',
      '#EXT-X-TARGETDURATION:2',
      '#EXT-X-MEDIA-SEQUENCE:7',
      ...extra,
      '#EXTINF:2.0,',
      's.ts',
      '',
    ].join('\n');
  const judge = (body: string) =>
    judgePut(
      {
        bucket: 'lab-origin-a',
        key: 'live/180p/index.m3u8',
        body,
        sizeBytes: Buffer.byteLength(body),
        writtenAtMs: 10_000,
      },
      rules,
    );
  const putJudged = (body: string) => {
    const judged = judge(body);
    if (judged.kind !== 'media') throw new Error(judged.detail);
    const { kind: _kind, ...fields } = judged;
    return event(
      {
        type: 'playlist-put',
        pipeline: 'a',
        key: 'live/180p/index.m3u8',
        rendition: '180p',
        writtenAtMs: 10_000,
        ...fields,
      },
      10_005,
    );
  };

  it('gives a live playlist the checker’s deadline: multiple × TARGETDURATION after its write', () => {
    expect(judge(playlist([]))).toEqual({
      kind: 'media',
      mediaSequence: 7,
      endList: false,
      deadlineMs: 13_000,
    });
  });

  it('shows a VOD playlist as never-stale, whatever its age', () => {
    const records = [newPlaylistRecord('a', '180p')];
    applyEvent(records, putJudged(playlist(['#EXT-X-PLAYLIST-TYPE:VOD'])));
    expect(records[0]).toMatchObject({ neverStale: 'vod', deadlineMs: undefined });
    expect(playlistState(records[0]!, 10_100)).toBe('never-stale');
    expect(playlistState(records[0]!, 99_000)).toBe('never-stale');
  });

  it('shows ENDLIST as ended, and live again after a live version', () => {
    const records = [newPlaylistRecord('a', '180p')];
    applyEvent(records, putJudged(playlist(['#EXT-X-ENDLIST'])));
    expect(playlistState(records[0]!, 99_000)).toBe('ended');
    applyEvent(records, putJudged(playlist([])));
    expect(playlistState(records[0]!, 12_000)).toBe('live');
  });

  it('says what a non-media upload is', () => {
    expect(judge('<html>oops</html>')).toMatchObject({ kind: 'not-media' });
  });
});
