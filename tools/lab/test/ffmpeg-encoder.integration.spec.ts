import { LAB_DEFAULTS } from '../src/lab-options';
import { startLab, type Lab } from '../src/start-lab';

const waitFor = async (predicate: () => boolean | Promise<boolean>, timeoutMs: number) => {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await predicate()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return predicate();
};

describe('--encoder ffmpeg (real ffmpeg processes uploading with HTTP PUT)', () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await startLab({ ...LAB_DEFAULTS, port: 0, pipelines: 1, encoder: 'ffmpeg' });
  });
  afterAll(() => lab.stop());

  it('publishes live playlists that the checker keeps fresh', async () => {
    expect(
      await waitFor(() => lab.status().playlists.every((p) => p.state === 'live'), 15_000),
    ).toBe(true);
    const text = await (await fetch(new URL('/a/live/180p/index.m3u8', lab.url))).text();
    expect(text).toContain('#EXT-X-PROGRAM-DATE-TIME');
    expect(text).toMatch(/seg-\d+\.ts/);
  });

  it('a SIGKILLed ffmpeg leaves a stale playlist that is deleted within deadline + 1 s', async () => {
    await lab.control({ action: 'crash-rendition', pipeline: 'a', rendition: '180p' });
    expect(await waitFor(() => lab.status().playlists[0]?.state === 'deleted', 10_000)).toBe(true);
    const [row] = lab.status().playlists;
    expect(row?.lastDeleteLagMs).toBeLessThanOrEqual(1_000);
    expect((await fetch(new URL('/a/live/180p/index.m3u8', lab.url))).status).toBe(404);
  });

  it('SIGINT makes ffmpeg write #EXT-X-ENDLIST, and the checker keeps that playlist', async () => {
    await lab.control({ action: 'end' });
    const ended = await waitFor(() => lab.status().playlists[1]?.state === 'ended', 10_000);
    // On failure, the row and the last events say why (a missing final PUT, or a deletion after it).
    expect({
      ended,
      row: lab.status().playlists[1],
      events: lab.bus.recent().slice(-12),
    }).toMatchObject({ ended: true });
    // The edge caches playlists for up to its playlist TTL (1 s), so the ended version reaches players
    // within that time, not at the instant of the upload.
    const endedAtEdge = async () =>
      (await (await fetch(new URL('/a/live/90p/index.m3u8', lab.url))).text())
        .trimEnd()
        .endsWith('#EXT-X-ENDLIST');
    expect(await waitFor(endedAtEdge, 3_000)).toBe(true);
    expect(
      await waitFor(
        () =>
          lab.bus
            .recent()
            .some(
              (e) =>
                e.type === 'checker-decision' && e.verdict === 'kept' && e.reason === 'endlist',
            ),
        10_000,
      ),
    ).toBe(true);
  });
});
