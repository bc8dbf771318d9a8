import {
  parseAttributeList,
  parseDateTimeMs,
  parseDecimalInteger,
  parseDecimalSecondsToMs,
} from './hls-values';

describe('decimal-integer (RFC 8216 §4.2)', () => {
  it.each([
    ['0', 0],
    ['6', 6],
    ['0010', 10],
  ])('%p is %p', (text, value) => {
    expect(parseDecimalInteger(text)).toBe(value);
  });

  it.each(['', '-6', '+6', '6.0', ' 6', '6 ', '1e3', '0x10', '99999999999999999999'])(
    '%p is not',
    (text) => {
      expect(parseDecimalInteger(text)).toBeUndefined();
    },
  );
});

describe('decimal seconds to whole ms, rounded up', () => {
  it.each([
    ['1', 1000],
    ['1.004', 1004],
    ['0.5', 500],
    ['0.33334', 334],
    ['0.3330', 333],
    ['2.0000001', 2001],
  ])('%p s is %p ms', (text, ms) => {
    expect(parseDecimalSecondsToMs(text)).toBe(ms);
  });

  it.each(['', '.5', '1.', '-1', '1e3', 'one', '1,5'])(
    '%p is not a decimal-floating-point',
    (text) => {
      expect(parseDecimalSecondsToMs(text)).toBeUndefined();
    },
  );
});

describe('EXT-X-PROGRAM-DATE-TIME (RFC 8216 §4.3.2.6)', () => {
  const expected = Date.UTC(2026, 10, 20, 10, 0, 2, 500);

  it.each([
    '2026-11-20T10:00:02.500Z',
    '2026-11-20T10:00:02.500+0000', // ffmpeg
    '2026-11-20T10:00:02.500+00:00',
    '2026-11-20T12:00:02.500+02:00',
    '2026-11-20T05:00:02.500-05',
    '2026-11-20T10:00:02.5004Z',
  ])('%p', (text) => {
    expect(parseDateTimeMs(text)).toBe(expected);
  });

  it.each(['2026-11-20T10:00:02', '2026-13-20T10:00:02Z', 'yesterday', '', '2026-11-20 10:00:02Z'])(
    '%p is not a date-time with a zone',
    (text) => {
      expect(parseDateTimeMs(text)).toBeUndefined();
    },
  );
});

describe('attribute-list (RFC 8216 §4.2)', () => {
  it('reads unquoted and quoted values; a quoted value may contain commas', () => {
    const list = parseAttributeList(
      'BANDWIDTH=1,CODECS="avc1.64001e,mp4a.40.2",RESOLUTION=640x360',
    );

    expect(Object.fromEntries(list ?? [])).toEqual({
      BANDWIDTH: { value: '1', quoted: false },
      CODECS: { value: 'avc1.64001e,mp4a.40.2', quoted: true },
      RESOLUTION: { value: '640x360', quoted: false },
    });
  });

  it.each([
    '',
    'A',
    'A=',
    'a=1',
    'A=1,',
    'A=1,,B=2',
    'A="x',
    'A="x"y',
    'A=x"y',
    'A=1, B=2',
    'A=1,A=2',
  ])('%p is malformed', (text) => {
    expect(parseAttributeList(text)).toBeUndefined();
  });
});
