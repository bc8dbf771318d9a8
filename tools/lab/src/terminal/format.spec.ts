import type { LabEvent } from '../lab-events';
import type { PlaylistRow } from '../status/playlist-status';
import { formatBanner, formatEvent, formatTable, KEYS_OFF, startupWarnings } from './format';

const at = Date.UTC(2026, 10, 26, 1, 2, 3, 456);

describe('terminal text', () => {
  it('one line per notable event, with the time and the stand-in that produced it', () => {
    const line = formatEvent({
      id: 1,
      atMs: at,
      component: 'stale-checker (same code as the Lambda)',
      type: 'checker-decision',
      bucket: 'lab-origin-a',
      key: 'live/180p/index.m3u8',
      verdict: 'deleted',
      reason: 'stale',
      lagMs: 41.802490234375,
      source: 'event',
    });
    expect(line).toBe(
      '01:02:03.456  stale-checker (same code as the Lambda): deleted (stale) s3://lab-origin-a/live/180p/index.m3u8 (checker lag 42 ms) [event]',
    );
  });

  it('a deletion by another client says so, with the version it named', () => {
    const deletion = {
      id: 2,
      atMs: at,
      component: 'uploads (S3 PutObject, DeleteObject)',
      type: 'playlist-deleted',
      by: 'other',
      pipeline: 'b',
      bucket: 'lab-origin-b',
      key: 'live/90p/index.m3u8',
      rendition: '90p',
      deletedAtMs: at,
    } as const;
    expect(formatEvent(deletion)).toBe(
      '01:02:03.456  uploads (S3 PutObject, DeleteObject): s3://lab-origin-b/live/90p/index.m3u8 deleted by another client, not the checker',
    );
    expect(formatEvent({ ...deletion, versionId: 'v7' })).toContain(
      'index.m3u8 (version v7) deleted by another client',
    );
  });

  it('the routine decisions stay off the log', () => {
    const superseded = {
      id: 1,
      atMs: at,
      component: 'lab',
      type: 'checker-decision',
      bucket: 'b',
      key: 'k',
      verdict: 'superseded',
    } as LabEvent;
    expect(formatEvent(superseded)).toBeUndefined();
  });

  it('the table has one row per media playlist with its state, deadline and last delete lag', () => {
    const row: PlaylistRow = {
      index: 1,
      id: 'a/180p',
      pipeline: 'a',
      rendition: '180p',
      bucket: 'lab-origin-a',
      key: 'live/180p/index.m3u8',
      edgePath: '/a/live/180p/index.m3u8',
      stream: 'crashed',
      state: 'stale',
      endList: false,
      ageMs: 3_400,
      deadlineInMs: -400,
      mediaSequence: 12,
      deletions: 1,
      lastDeleteLagMs: 35,
    };
    const [header, line] = formatTable([row]);
    expect(header).toMatch(/^key\s+playlist\s+encoder\s+state\s+age\s+deadline/);
    expect(line).toMatch(
      /^1\s+A \/a\/live\/180p\/index\.m3u8\s+crashed\s+stale\s+3\.4 s\s+-0\.4 s\s+12\s+35 ms$/,
    );
  });

  it('the banner names the S3 endpoint, the buckets, the credentials and an audit command to paste', () => {
    const facts = {
      url: 'http://127.0.0.1:8080/',
      playbackUrl: 'http://127.0.0.1:8080/live/master.m3u8',
      summary: '2 pipeline(s)',
      s3Endpoint: 'http://127.0.0.1:41234',
      region: 'us-east-1',
      buckets: ['lab-origin-a', 'lab-origin-b'],
      prefix: 'live/',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      keys: true,
    };
    const lines = formatBanner(facts);
    expect(lines).toContain(
      'S3: http://127.0.0.1:41234 (path-style, region us-east-1), buckets lab-origin-a, lab-origin-b; credentials: any key pair (e.g. test / test)',
    );
    expect(lines).toContain(
      'audit: AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1 npm run audit -- --bucket lab-origin-b --prefix live/ --endpoint http://127.0.0.1:41234',
    );
    expect(lines).not.toContain(KEYS_OFF);
    expect(formatBanner({ ...facts, keys: false })).toContain(KEYS_OFF);
  });

  it('a port clash warned while the lab started reaches the terminal; routine lines do not', () => {
    const events: LabEvent[] = [
      {
        id: 1,
        atMs: at,
        component: 'edge',
        type: 'log',
        level: 'warn',
        message: 'port 8080 is taken: using an ephemeral port',
      },
      { id: 2, atMs: at, component: 'lab', type: 'log', level: 'info', message: 'routine' },
      { id: 3, atMs: at, component: 'lab', type: 'started', url: 'http://127.0.0.1:1/' },
    ] as LabEvent[];
    expect(startupWarnings(events)).toEqual([
      '01:02:03.456  edge: warn: port 8080 is taken: using an ephemeral port',
    ]);
  });
});
