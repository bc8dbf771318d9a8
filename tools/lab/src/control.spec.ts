import { controlForKey, parseControl } from './control';

const lab = { pipelines: ['a', 'b'] as const, renditions: ['180p', '90p'] };
const streams = [
  { pipeline: 'a' as const, rendition: '180p' },
  { pipeline: 'a' as const, rendition: '90p' },
  { pipeline: 'b' as const, rendition: '180p' },
  { pipeline: 'b' as const, rendition: '90p' },
];

describe('lab controls', () => {
  it('accepts the four actions', () => {
    expect(parseControl({ action: 'crash-pipeline', pipeline: 'b' }, lab)).toEqual({
      ok: true,
      control: { action: 'crash-pipeline', pipeline: 'b' },
    });
    expect(
      parseControl({ action: 'crash-rendition', pipeline: 'a', rendition: '90p' }, lab),
    ).toEqual({
      ok: true,
      control: { action: 'crash-rendition', pipeline: 'a', rendition: '90p' },
    });
    expect(parseControl({ action: 'restore' }, lab)).toEqual({
      ok: true,
      control: { action: 'restore' },
    });
    expect(parseControl({ action: 'end' }, lab)).toEqual({ ok: true, control: { action: 'end' } });
  });

  it('refuses unknown actions, pipelines and renditions with the allowed values', () => {
    expect(parseControl({ action: 'explode' }, lab)).toMatchObject({
      ok: false,
      problem: expect.stringContaining('crash-pipeline'),
    });
    expect(
      parseControl({ action: 'crash-pipeline', pipeline: 'b' }, { ...lab, pipelines: ['a'] }),
    ).toMatchObject({
      ok: false,
      problem: expect.stringContaining('one of a'),
    });
    expect(
      parseControl({ action: 'crash-rendition', pipeline: 'a', rendition: '4k' }, lab),
    ).toMatchObject({
      ok: false,
      problem: expect.stringContaining('180p, 90p'),
    });
    expect(parseControl(null, lab)).toMatchObject({ ok: false });
  });

  it('maps the terminal keys', () => {
    expect(controlForKey('a', streams)).toEqual({ action: 'crash-pipeline', pipeline: 'a' });
    expect(controlForKey('3', streams)).toEqual({
      action: 'crash-rendition',
      pipeline: 'b',
      rendition: '180p',
    });
    expect(controlForKey('r', streams)).toEqual({ action: 'restore' });
    expect(controlForKey('e', streams)).toEqual({ action: 'end' });
    expect(controlForKey('q', streams)).toBe('quit');
  });

  it('ignores keys for streams that do not exist', () => {
    expect(controlForKey('b', streams.slice(0, 2))).toBeUndefined();
    expect(controlForKey('5', streams)).toBeUndefined();
    expect(controlForKey('x', streams)).toBeUndefined();
  });
});
