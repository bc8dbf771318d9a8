import { bytes, fmt, markdownTable, perUnit, usd } from './format';

describe('report formatting', () => {
  it('right-aligns the columns whose header ends with a colon', () => {
    expect(markdownTable(['name', 'value:'], [['a', '1']])).toBe(
      '| name | value |\n| --- | ---: |\n| a | 1 |',
    );
  });

  it('formats numbers with separators and a dash for missing values', () => {
    expect(fmt(12345.678, 1)).toBe('12,345.7');
    expect(fmt(undefined)).toBe('–');
    expect(fmt(Number.NaN)).toBe('–');
  });

  it('keeps three significant digits for small dollar amounts and cents above $10', () => {
    expect(usd(10.60005)).toBe('$10.60');
    expect(usd(0.0123456)).toBe('$0.0123');
    expect(usd(0)).toBe('$0');
    expect(perUnit(0.000123456)).toBe('0.000123');
  });

  it('shows bytes below 1 KiB and KiB above', () => {
    expect(bytes(580)).toBe('580 B');
    expect(bytes(16_384)).toBe('16.0 KiB');
  });
});
