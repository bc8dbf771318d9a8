import { DEFAULT_CHROMIUM_PATH, lookUpChromium } from './chromium-player';

describe('the Chromium the e2e test launches', () => {
  it("CHROMIUM_PATH overrides Debian's /usr/bin/chromium", () => {
    const path = '/Applications/Chromium.app/Contents/MacOS/Chromium';
    expect(lookUpChromium({ CHROMIUM_PATH: path }, (p) => p === path)).toEqual({
      kind: 'found',
      path,
    });
  });

  it("without CHROMIUM_PATH it is Debian's Chromium", () => {
    expect(lookUpChromium({}, (p) => p === DEFAULT_CHROMIUM_PATH)).toEqual({
      kind: 'found',
      path: DEFAULT_CHROMIUM_PATH,
    });
  });

  it('a CHROMIUM_PATH that does not exist is named, even when Debian has one', () => {
    const lookup = lookUpChromium(
      { CHROMIUM_PATH: '/nope/chrome' },
      (p) => p === DEFAULT_CHROMIUM_PATH,
    );
    expect(lookup).toEqual({
      kind: 'missing',
      message: expect.stringContaining('CHROMIUM_PATH=/nope/chrome does not exist'),
    });
  });

  it('no Chromium at all is one line that says how to get one', () => {
    const lookup = lookUpChromium({}, () => false);
    expect(lookup.kind).toBe('missing');
    const message = lookup.kind === 'missing' ? lookup.message : '';
    expect(message).not.toContain('\n');
    expect(message).toMatch(/apt-get install -y chromium\) or set CHROMIUM_PATH/);
  });
});
