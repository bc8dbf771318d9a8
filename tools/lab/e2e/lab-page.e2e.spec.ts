import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { LAB_DEFAULTS } from '../src/lab-options';
import { launchChromiumPlayer, type PlayerProbe } from '../src/player/chromium-player';
import { fragmentLoads } from '../src/player/player-timeline';
import { startLab, type Lab } from '../src/start-lab';
import { E2E_OUT_DIR } from './e2e-support';

/** Polls `probe` every 200 ms until it holds or `timeoutMs` passes. */
async function until(probe: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await probe()) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return probe();
}

describe('the lab page in Chromium: failover counter, legend, disconnected state', () => {
  const outDir = join(E2E_OUT_DIR, 'lab-page');
  let lab: Lab | undefined;
  let player: PlayerProbe;
  beforeAll(async () => {
    mkdirSync(outDir, { recursive: true });
    lab = await startLab({ ...LAB_DEFAULTS, port: 0 });
    player = await launchChromiumPlayer();
    await player.open(lab.url);
  });
  afterAll(async () => {
    await player?.close();
    await lab?.stop();
  });

  it('counts the answers served by B after A failed while the player plays from B', async () => {
    const live = lab as Lab;
    expect(
      await until(async () => fragmentLoads(await player.timeline()).length >= 2, 30_000),
    ).toBe(true);
    await live.control({ action: 'crash-pipeline', pipeline: 'a' });
    const onB = await until(
      async () => fragmentLoads(await player.timeline()).some((l) => l.pipeline === 'b'),
      30_000,
    );
    expect(onB).toBe(true);
    expect(live.status().counters.edge.failovers.b).toBeGreaterThan(0);
    expect(
      await until(
        async () => /served by B after A failed [1-9]/.test(await player.visibleText('counters')),
        5_000,
      ),
    ).toBe(true);
    // "Playing" follows the fragment on screen, a buffer (about 6 s) behind the loads.
    expect(
      await until(
        async () =>
          /^pipeline B via the origin group/.test(await player.visibleText('now-playing')),
        15_000,
      ),
    ).toBe(true);
    await player.screenshot(join(outDir, 'screenshot.png'));
  });

  it('explains the table’s columns and says every clock time is UTC', async () => {
    const legend = await player.visibleText('legend');
    for (const column of ['state', 'age', 'deadline', 'seq', 'last delete lag']) {
      expect(legend).toContain(column);
    }
    expect(legend).toContain('every clock time on this page is UTC');
  });

  it('says "disconnected" once the lab stops', async () => {
    await lab?.stop();
    lab = undefined;
    expect(
      await until(
        async () => /^Disconnected/.test(await player.visibleText('disconnected')),
        5_000,
      ),
    ).toBe(true);
    await player.screenshot(join(outDir, 'disconnected.png'));
  });
});
