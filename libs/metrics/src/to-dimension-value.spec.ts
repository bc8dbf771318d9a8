import { MAX_DIMENSION_VALUE_LENGTH } from './cloudwatch-limits';
import { toDimensionValue } from './to-dimension-value';

describe('toDimensionValue', () => {
  it('keeps printable ASCII as it is', () => {
    expect(toDimensionValue('live-1 (backup) #2')).toBe('live-1 (backup) #2');
  });

  it('percent-encodes non-ASCII as UTF-8 bytes', () => {
    expect(toDimensionValue('日本')).toBe('%E6%97%A5%E6%9C%AC');
  });

  it('percent-encodes control characters and DEL', () => {
    expect(toDimensionValue('a\nb\u007f')).toBe('a%0Ab%7F');
  });

  it('gives undefined for an empty or whitespace-only value', () => {
    expect(toDimensionValue('')).toBeUndefined();
    expect(toDimensionValue(' \t ')).toBeUndefined();
  });

  it('cuts at 1,024 characters without splitting an escape', () => {
    const value = toDimensionValue(`${'a'.repeat(MAX_DIMENSION_VALUE_LENGTH - 4)}éé`);
    expect(value).toBe(`${'a'.repeat(MAX_DIMENSION_VALUE_LENGTH - 4)}`);
    expect(toDimensionValue('b'.repeat(5000))).toHaveLength(MAX_DIMENSION_VALUE_LENGTH);
  });
});
