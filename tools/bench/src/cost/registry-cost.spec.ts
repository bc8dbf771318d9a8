import { registryMonthlyCost } from './registry-cost';

const base = {
  playlists: 100,
  otherObjects: 10_000_000,
  intervalMinutes: 1,
  headsPerSweep: 100,
  cursorRequestsPerSweep: 1,
  itemBytes: 300,
  writersPerKey: 5,
};

describe('registryMonthlyCost', () => {
  it('a sweep a minute for 100 playlists: 43,800 sweeps, one HEAD per playlist each', () => {
    const cost = registryMonthlyCost(base);
    expect(cost.sweeps).toBe(43_800);
    expect(cost.heads).toBe(4_380_000);
    expect(cost.usd.heads).toBeCloseTo(1.752, 6);
    // 100 items × 300 B = 30,000 B → 8 units of 4 KB, halved (eventually consistent), + the cursor read.
    expect(cost.readUnits).toBe(43_800 * 5);
    // One 1-unit write per key per writer per hour.
    expect(cost.writeUnits).toBe(100 * 5 * 730);
    expect(cost.usd.writes).toBeCloseTo(0.228125, 6);
  });

  it('listing 10 M objects every minute instead costs LIST requests by the segment count', () => {
    const cost = registryMonthlyCost(base);
    expect(cost.listingInstead.lists).toBe(43_800 * 10_001);
    expect(cost.listingInstead.usd).toBeCloseTo(2190.219, 3);
    expect(cost.usd.total).toBeLessThan(cost.listingInstead.usd / 500);
  });

  it('the registry does not depend on the segments; the listing does', () => {
    const few = registryMonthlyCost({ ...base, otherObjects: 10 });
    const many = registryMonthlyCost(base);
    expect(many.usd).toEqual(few.usd);
    expect(many.listingInstead.lists).toBeGreaterThan(few.listingInstead.lists * 10_000);
  });
});
