import { systemClock } from './system-clock';

describe('systemClock', () => {
  it('an alarm fires after its delay', async () => {
    const started = systemClock.monotonicMs();
    await systemClock.alarm(20).fired;
    expect(systemClock.monotonicMs() - started).toBeGreaterThanOrEqual(19);
  });

  it.each([Number.POSITIVE_INFINITY, Number.NaN, 2 ** 31])(
    'an alarm %p ms away never fires (Node would fire it at once)',
    async (ms) => {
      const alarm = systemClock.alarm(ms);
      const first = await Promise.race([
        alarm.fired.then(() => 'fired'),
        systemClock.sleep(30).then(() => 'waiting'),
      ]);
      alarm.cancel();
      expect(first).toBe('waiting');
    },
  );
});
