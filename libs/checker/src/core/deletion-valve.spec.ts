import { DELETION_VALVE_WINDOW_MS, DeletionValve } from './deletion-valve';

describe('DeletionValve', () => {
  it('allows N deletions per window, trips once on the next, then stays closed', () => {
    const valve = new DeletionValve(2);
    expect(valve.acquire(0).kind).toBe('open');
    expect(valve.acquire(1).kind).toBe('open');
    expect(valve.acquire(2)).toEqual({ kind: 'tripped', windowEndsMs: DELETION_VALVE_WINDOW_MS });
    expect(valve.acquire(3).kind).toBe('closed');
  });

  it('opens again in the next window', () => {
    const valve = new DeletionValve(1);
    valve.acquire(0);
    expect(valve.acquire(10).kind).toBe('tripped');
    expect(valve.acquire(DELETION_VALVE_WINDOW_MS).kind).toBe('open');
  });

  it('gives a permit back when the delete did not happen', () => {
    const valve = new DeletionValve(1);
    valve.acquire(0);
    valve.release();
    expect(valve.acquire(1).kind).toBe('open');
  });

  it('with a limit of 0 never opens', () => {
    expect(new DeletionValve(0).acquire(0).kind).toBe('tripped');
  });
});
