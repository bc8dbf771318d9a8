import { isPlaylistKey } from '@hls-stale-guard/playlist';
import { iamMatches } from '../iam-matching';
import { resources, statement, synthStacks } from '../synth-helpers';

/**
 * The runtime's idea of a playlist key, the checker's IAM resources and the S3 notification filter must
 * agree: a key the runtime treats as a playlist but IAM does not match ends as a 403 in the DLQ; one the
 * notification filter drops is never checked on time.
 */
describe('isPlaylistKey, the checker IAM resources and the notification suffix agree', () => {
  const { main } = synthStacks();
  const readAndDelete = statement(
    main.tf,
    /aws_iam_role_policy\.stale-checker_role-policy/,
    'ReadAndDeletePlaylists',
  );
  const bucketArn = '${aws_s3_bucket.origin-a_origin_bucket.arn}';
  const notification = resources(main.tf, 'aws_s3_bucket_notification')[
    'origin-a_notification'
  ] as {
    queue: { filter_prefix: string; filter_suffix: string }[];
  };

  it.each([
    'live/ch1/720p.m3u8',
    'live/ch1/720p.M3U8',
    'live/ch1/720p.M3u8',
    'live/ch1/index.m3u8.tmp',
    'live/ch1/seg_00042.ts',
    'live/ch1/m3u8',
  ])('%s', (key) => {
    const runtime = isPlaylistKey(key);
    const iam = (readAndDelete.Resource ?? []).some((r) => iamMatches(r, `${bucketArn}/${key}`));
    const notified = notification.queue.some(
      (q) => key.startsWith(q.filter_prefix) && key.endsWith(q.filter_suffix),
    );
    expect({ key, iam, notified }).toEqual({ key, iam: runtime, notified: runtime });
  });

  it('treats only lower-case .m3u8 as a playlist', () => {
    expect(isPlaylistKey('live/a.m3u8')).toBe(true);
    expect(isPlaylistKey('live/a.M3U8')).toBe(false);
  });
});
