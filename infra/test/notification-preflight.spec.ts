import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import {
  judgeNotificationConfiguration,
  preflightReport,
  PreflightExit,
} from '../src/preflight/notification-preflight';

const OWN = { queueName: 'hls-stale-guard-playlist-events', region: 'us-east-1' };
const OUR_QUEUE = 'arn:aws:sqs:us-east-1:123456789012:hls-stale-guard-playlist-events';

describe('notification preflight: which configurations the stack may overwrite', () => {
  it('accepts a bucket without any notification configuration', () => {
    expect(judgeNotificationConfiguration('b', {}, OWN)).toEqual({
      bucket: 'b',
      ok: true,
      state: 'empty',
    });
  });

  it('accepts exactly this stack’s queue configurations (a re-apply)', () => {
    expect(
      judgeNotificationConfiguration(
        'b',
        {
          QueueConfigurations: [
            { Id: 'playlist-writes-0', QueueArn: OUR_QUEUE },
            { Id: 'playlist-writes-1', QueueArn: OUR_QUEUE },
          ],
        },
        OWN,
      ),
    ).toEqual({ bucket: 'b', ok: true, state: 'ours' });
  });

  it.each([
    [
      'another queue',
      { QueueConfigurations: [{ Id: 'ingest', QueueArn: 'arn:aws:sqs:us-east-1:1:ingest' }] },
      'queue configuration "ingest" → arn:aws:sqs:us-east-1:1:ingest',
    ],
    [
      'our id pointing at another queue',
      {
        QueueConfigurations: [
          { Id: 'playlist-writes-0', QueueArn: 'arn:aws:sqs:us-east-1:123456789012:other' },
        ],
      },
      'queue configuration "playlist-writes-0" → arn:aws:sqs:us-east-1:123456789012:other',
    ],
    [
      'our queue in another region',
      {
        QueueConfigurations: [
          { Id: 'playlist-writes-0', QueueArn: OUR_QUEUE.replace('us-east-1', 'eu-west-1') },
        ],
      },
      'queue configuration "playlist-writes-0" → arn:aws:sqs:eu-west-1:123456789012:hls-stale-guard-playlist-events',
    ],
    [
      'an SNS topic',
      { TopicConfigurations: [{ Id: 't', TopicArn: 'arn:aws:sns:us-east-1:1:uploads' }] },
      'topic configuration "t" → arn:aws:sns:us-east-1:1:uploads',
    ],
    [
      'a Lambda function',
      {
        LambdaFunctionConfigurations: [
          { Id: 'thumbs', LambdaFunctionArn: 'arn:aws:lambda:us-east-1:1:function:thumbs' },
        ],
      },
      'Lambda configuration "thumbs" → arn:aws:lambda:us-east-1:1:function:thumbs',
    ],
    [
      'EventBridge delivery',
      { EventBridgeConfiguration: {} },
      'Amazon EventBridge delivery is enabled',
    ],
  ])('refuses a bucket that sends events to %s', (_label, configuration, foreign) => {
    expect(judgeNotificationConfiguration('b', configuration, OWN)).toEqual({
      bucket: 'b',
      ok: false,
      foreign: [foreign],
    });
  });

  it('refuses a mix of ours and theirs, listing only theirs', () => {
    const verdict = judgeNotificationConfiguration(
      'b',
      {
        QueueConfigurations: [{ Id: 'playlist-writes-0', QueueArn: OUR_QUEUE }],
        TopicConfigurations: [{ Id: 't', TopicArn: 'arn:aws:sns:us-east-1:1:uploads' }],
      },
      OWN,
    );
    expect(verdict).toEqual({
      bucket: 'b',
      ok: false,
      foreign: ['topic configuration "t" → arn:aws:sns:us-east-1:1:uploads'],
    });
  });
});

describe('notification preflight: report and exit code', () => {
  const empty = { bucket: 'acme-live-a', ok: true as const, state: 'empty' as const };
  const refused = {
    bucket: 'acme-live-b',
    ok: false as const,
    foreign: ['topic configuration "t" → arn:x'],
  };

  it('exits 0 when every bucket is empty or ours', () => {
    expect(preflightReport([empty], []).exitCode).toBe(PreflightExit.ok);
  });

  it('exits 1 with a clear refusal naming the bucket, what would be cut and that nothing changed', () => {
    const { exitCode, text } = preflightReport([empty, refused], []);
    expect(exitCode).toBe(PreflightExit.foreign);
    expect(text).toContain('REFUSED  acme-live-b');
    expect(text).toContain('topic configuration "t" → arn:x');
    expect(text).toContain('one notification configuration per bucket');
    expect(text).toContain('Nothing was changed.');
  });

  it('exits 2 when a bucket cannot be read (and still refuses first when another is foreign)', () => {
    const unreadable = [{ bucket: 'acme-live-c', error: 'AccessDenied: no' }];
    expect(preflightReport([empty], unreadable)).toEqual({
      exitCode: PreflightExit.unreadable,
      text: expect.stringContaining('ERROR    acme-live-c'),
    });
    expect(preflightReport([refused], unreadable).exitCode).toBe(PreflightExit.foreign);
  });

  it('says there is nothing to check without adopted buckets', () => {
    expect(preflightReport([], [])).toEqual({
      exitCode: PreflightExit.ok,
      text: expect.stringContaining('nothing to check'),
    });
  });
});

describe('notification preflight command', () => {
  it('exits 0 without calling AWS when the config adopts no bucket (the default)', () => {
    const root = join(__dirname, '..', '..');
    const out = execFileSync(
      join(root, 'node_modules', '.bin', 'tsx'),
      ['--tsconfig', 'infra/tsconfig.json', 'infra/src/preflight/main.ts'],
      {
        cwd: root,
        encoding: 'utf8',
        // No credentials and an unroutable endpoint: any AWS call would fail the command.
        env: { PATH: process.env['PATH'], AWS_ENDPOINT_URL: 'http://127.0.0.1:9' },
      },
    );
    expect(out).toContain('nothing to check');
  }, 30_000);
});
