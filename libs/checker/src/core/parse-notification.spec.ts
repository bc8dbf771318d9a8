import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeS3Key, parseNotification, quoteEtag } from './parse-notification';

const fixture = (name: string) =>
  readFileSync(join(__dirname, '..', '__fixtures__', name), 'utf-8');

describe('decodeS3Key', () => {
  it('turns + into a space before percent-decoding (S3 URL-encodes keys in events)', () => {
    expect(decodeS3Key('live/my+channel/a%2Bb.m3u8')).toBe('live/my channel/a+b.m3u8');
  });

  it('decodes UTF-8 percent-escapes', () => {
    expect(decodeS3Key('%E2%9C%93/%E6%97%A5%E6%9C%AC.m3u8')).toBe('✓/日本.m3u8');
  });

  it('returns undefined for an invalid escape instead of throwing', () => {
    expect(decodeS3Key('live/%E2%9C.m3u8')).toBeUndefined();
    expect(decodeS3Key('live/%zz.m3u8')).toBeUndefined();
  });
});

describe('parseNotification', () => {
  it('decodes a key with spaces, plus signs and unicode from a real-shaped event', () => {
    const parsed = parseNotification(fixture('s3-event-key-with-space.json'));
    expect(parsed).toEqual({
      kind: 'records',
      records: [
        {
          kind: 'object-created',
          record: {
            bucket: 'origin-a',
            key: 'live/my channel/720p + extra/✓.m3u8',
            eventName: 'ObjectCreated:Put',
            eventTimeMs: Date.parse('2026-11-26T10:00:00.123Z'),
            etag: '"d41d8cd98f00b204e9800998ecf8427e"',
            sizeBytes: 512,
            sequencer: '0055AED6DCD90281E5',
          },
        },
      ],
    });
  });

  it('keeps the millisecond eventTime (S3-side time is the deadline base)', () => {
    const parsed = parseNotification(fixture('s3-event-key-with-space.json'));
    expect(
      parsed.kind === 'records' && parsed.records[0]?.kind === 'object-created'
        ? parsed.records[0].record.eventTimeMs % 1000
        : -1,
    ).toBe(123);
  });

  it('recognises the s3:TestEvent S3 sends when a notification is configured', () => {
    expect(parseNotification(fixture('s3-test-event.json'))).toEqual({ kind: 'test-event' });
  });

  it('ignores records of other event types with the reason', () => {
    const parsed = parseNotification(fixture('s3-event-object-removed.json'));
    expect(parsed).toEqual({
      kind: 'records',
      records: [
        {
          kind: 'ignored',
          reason: 'event ObjectRemoved:Delete',
          bucket: 'origin-a',
          key: 'live/ch1/720p.m3u8',
        },
      ],
    });
  });

  it('unwraps an S3 event delivered through SNS', () => {
    const parsed = parseNotification(fixture('sns-wrapped-s3-event.json'));
    expect(parsed.kind).toBe('records');
    expect(parsed.kind === 'records' && parsed.records[0]?.kind).toBe('object-created');
  });

  it.each([
    ['not JSON', '{"Records": ['],
    ['an empty body', ''],
    ['a JSON string', '"hello"'],
    ['no Records', '{"foo": 1}'],
    ['empty Records', '{"Records": []}'],
  ])('answers malformed with a reason for %s', (_name, body) => {
    const parsed = parseNotification(body);
    expect(parsed.kind).toBe('malformed');
    expect(parsed.kind === 'malformed' && parsed.reason.length).toBeGreaterThan(0);
  });

  it('marks a record without the required fields malformed, with the failing path', () => {
    const parsed = parseNotification(
      JSON.stringify({ Records: [{ eventSource: 'aws:s3', eventName: 'ObjectCreated:Put' }] }),
    );
    expect(parsed.kind === 'records' && parsed.records[0]).toMatchObject({
      kind: 'malformed',
      reason: expect.stringContaining('eventTime'),
    });
  });

  it('marks an unparseable eventTime malformed', () => {
    const body = JSON.parse(fixture('s3-event-key-with-space.json'));
    body.Records[0].eventTime = 'yesterday';
    const parsed = parseNotification(JSON.stringify(body));
    expect(parsed.kind === 'records' && parsed.records[0]?.kind).toBe('malformed');
  });

  it('ignores a created record without an eTag (the reconciler covers the key)', () => {
    const body = JSON.parse(fixture('s3-event-key-with-space.json'));
    delete body.Records[0].s3.object.eTag;
    const parsed = parseNotification(JSON.stringify(body));
    expect(parsed.kind === 'records' && parsed.records[0]).toMatchObject({
      kind: 'ignored',
      reason: 'no eTag in the record',
    });
  });
});

describe('quoteEtag', () => {
  it('quotes a bare event ETag and leaves a quoted one alone', () => {
    expect(quoteEtag('abc')).toBe('"abc"');
    expect(quoteEtag('"abc"')).toBe('"abc"');
  });
});
