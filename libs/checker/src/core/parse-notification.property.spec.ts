import fc from 'fast-check';
import { parseNotification, parseRecord } from './parse-notification';

const numRuns = Number(process.env['FC_NUM_RUNS'] ?? 300);

const s3Record = fc.record({
  eventSource: fc.constantFrom('aws:s3', 'aws:sqs', 'x'),
  eventTime: fc.oneof(
    fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
    fc.string(),
  ),
  eventName: fc.constantFrom(
    'ObjectCreated:Put',
    'ObjectCreated:CompleteMultipartUpload',
    'ObjectRemoved:Delete',
    '',
  ),
  s3: fc.record({
    bucket: fc.record({ name: fc.string() }),
    object: fc.record(
      {
        key: fc.oneof(fc.string(), fc.webPath(), fc.string().map(encodeURIComponent)),
        size: fc.oneof(fc.nat(), fc.integer(), fc.double()),
        eTag: fc.string({ unit: fc.constantFrom(...'0123456789abcdef') }),
        sequencer: fc.string({ unit: fc.constantFrom(...'0123456789ABCDEF') }),
      },
      { requiredKeys: [] },
    ),
  }),
});

describe('parseNotification never throws', () => {
  it('on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string(), (body) => void parseNotification(body)),
      { numRuns },
    );
  });

  it('on arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.json(), (body) => void parseNotification(body)),
      { numRuns },
    );
  });

  it('on S3-shaped records with hostile fields; a created record always has a decoded key and a quoted ETag', () => {
    fc.assert(
      fc.property(fc.array(s3Record, { maxLength: 10 }), (records) => {
        const parsed = parseNotification(JSON.stringify({ Records: records }));
        if (parsed.kind !== 'records') return;
        for (const record of parsed.records) {
          if (record.kind !== 'object-created') continue;
          expect(record.record.etag.startsWith('"')).toBe(true);
          expect(Number.isFinite(record.record.eventTimeMs)).toBe(true);
        }
      }),
      { numRuns },
    );
  });

  it('on anything as a record', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => void parseRecord(value)),
      { numRuns },
    );
  });
});
