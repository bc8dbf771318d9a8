import { DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LAB_DEFAULTS } from '../src/lab-options';
import { runScenario } from '../src/scenarios/run-scenario';
import { startLab, type Lab } from '../src/start-lab';

/** Delete lags measured here, printed for the README. */
const lags: number[] = [];

afterAll(() => {
  if (lags.length > 0)
    process.stdout.write(`lab delete lag after deadline, ms: ${lags.join(', ')}\n`);
});

describe('the lab on 127.0.0.1 (no browser)', () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await startLab({ ...LAB_DEFAULTS, port: 0 });
  });
  afterAll(() => lab.stop());

  it('publishes a master with one origin-group URL per rendition and live media playlists on both pipelines', async () => {
    const master = await (await fetch(new URL('/live/master.m3u8', lab.url))).text();
    expect(master.match(/#EXT-X-STREAM-INF/g)).toHaveLength(2);
    expect(
      master
        .trim()
        .split('\n')
        .filter((l) => !l.startsWith('#')),
    ).toEqual(['/live/180p/index.m3u8', '/live/90p/index.m3u8']);
    for (const path of ['/a/live/180p/index.m3u8', '/b/live/90p/index.m3u8']) {
      const answer = await fetch(new URL(path, lab.url));
      expect(answer.status).toBe(200);
      const text = await answer.text();
      expect(text).toContain('#EXT-X-TARGETDURATION:2');
      expect(text).not.toContain('#EXT-X-ENDLIST');
    }
    expect(lab.status().playlists.map((p) => p.state)).toEqual(['live', 'live', 'live', 'live']);
  });

  it('aligns the pipelines: the same media sequence, segment names and program date times on A and B', async () => {
    const segmentsOf = async (pipeline: 'a' | 'b') =>
      (await (await fetch(new URL(`/${pipeline}/live/180p/index.m3u8`, lab.url))).text())
        .split('\n')
        .filter((l) => /^(#EXT-X-MEDIA-SEQUENCE|#EXT-X-PROGRAM-DATE-TIME|#EXTINF|seg-)/.test(l));
    // Both pipelines upload on the same tick; read again if one read fell between their two uploads.
    let pair: string[][] = [];
    for (let attempt = 0; attempt < 3; attempt += 1) {
      pair = await Promise.all([segmentsOf('a'), segmentsOf('b')]);
      if (JSON.stringify(pair[0]) === JSON.stringify(pair[1])) break;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    expect(pair[0]?.length).toBeGreaterThan(3);
    expect(pair[1]).toEqual(pair[0]);
  });

  it('serves real MPEG-TS segments from the window', async () => {
    const playlist = await (await fetch(new URL('/a/live/180p/index.m3u8', lab.url))).text();
    const segment = playlist.trim().split('\n').at(-1) ?? '';
    const bytes = new Uint8Array(
      await (await fetch(new URL(`/a/live/180p/${segment}`, lab.url))).arrayBuffer(),
    );
    expect(bytes.length % 188).toBe(0);
    expect(bytes[0]).toBe(0x47);
  });

  it('takes controls over its API and refuses bad ones with the reason', async () => {
    const post = (body: unknown, contentType = 'application/json') =>
      fetch(new URL('/api/control', lab.url), {
        method: 'POST',
        headers: { 'content-type': contentType },
        body: JSON.stringify(body),
      });
    expect(
      (await post({ action: 'crash-rendition', pipeline: 'b', rendition: '90p' })).status,
    ).toBe(200);
    expect(lab.status().playlists.find((p) => p.id === 'b/90p')?.stream).toBe('crashed');
    expect((await post({ action: 'restore' })).status).toBe(200);
    expect(lab.status().playlists.find((p) => p.id === 'b/90p')?.stream).toBe('running');
    const bad = await post({ action: 'crash-pipeline', pipeline: 'c' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      ok: false,
      problem: expect.stringContaining('"pipeline"'),
    });
    expect((await post({ action: 'restore' }, 'text/plain')).status).toBe(415);
  });
});

describe('a deletion by another S3 client', () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await startLab({ ...LAB_DEFAULTS, port: 0, pipelines: 1, checker: false });
  });
  afterAll(() => lab.stop());

  const rowOf = async (id: string) => {
    const status = (await (await fetch(new URL('/api/status', lab.url))).json()) as {
      playlists: Array<{ id: string; state: string; deletedBy?: string }>;
      eventLines: string[];
    };
    return { row: status.playlists.find((p) => p.id === id), eventLines: status.eventLines };
  };
  const waitForState = async (id: string, state: string) => {
    const by = Date.now() + 2_000;
    let seen = await rowOf(id);
    while (seen.row?.state !== state && Date.now() < by) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      seen = await rowOf(id);
    }
    return seen;
  };

  it('through the endpoint the banner prints shows deleted within 2 s, and live again after an upload', async () => {
    expect(lab.s3.endpoint).toBe(lab.origin.uploadEndpoint);
    const s3 = new S3Client({ ...lab.s3, forcePathStyle: true });
    try {
      // A crashed rendition is not uploaded again: only the client's requests change it.
      await lab.control({ action: 'crash-rendition', pipeline: 'a', rendition: '90p' });
      await s3.send(
        new DeleteObjectCommand({ Bucket: 'lab-origin-a', Key: 'live/90p/index.m3u8' }),
      );
      const gone = await waitForState('a/90p', 'deleted');
      expect(gone.row).toMatchObject({ state: 'deleted', deletedBy: 'other' });
      expect(gone.eventLines.join('\n')).toContain(
        's3://lab-origin-a/live/90p/index.m3u8 deleted by another client',
      );
      expect((await rowOf('a/180p')).row?.state).toBe('live');

      await s3.send(
        new PutObjectCommand({
          Bucket: 'lab-origin-a',
          Key: 'live/90p/index.m3u8',
          Body: '#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:1\n#EXTINF:2.0,\nseg-1.ts\n',
        }),
      );
      expect((await waitForState('a/90p', 'live')).row?.state).toBe('live');
    } finally {
      s3.destroy();
    }
  });
});

describe('a crashed pipeline, end to end without a browser', () => {
  it('deletes A’s playlists within deadline + 1 s and the origin group answers from B', async () => {
    const { summary } = await runScenario('crash-pipeline', { lab: { ...LAB_DEFAULTS, port: 0 } });
    const crashed = summary.playlists.filter((p) => p.pipeline === 'a');
    expect(crashed).toHaveLength(2);
    for (const playlist of crashed) {
      lags.push(playlist.lagMs ?? Number.NaN);
      expect(playlist.deletedAtMs).toBeGreaterThanOrEqual(
        playlist.checkerDeadlineMs ?? Number.POSITIVE_INFINITY,
      );
      expect(playlist.lagMs).toBeLessThanOrEqual(1_000);
    }
    expect(
      summary.edge.filter((p) => p.path.startsWith('/live/')).map((p) => [p.status, p.servedBy]),
    ).toEqual([
      [200, 'b'],
      [200, 'b'],
    ]);
    expect(summary.checks.filter((c) => !c.ok)).toEqual([]);
  });
});

describe('the port', () => {
  it('falls back to an ephemeral port when the default one is taken, and refuses an explicit one', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as AddressInfo;
    try {
      const lab = await startLab({ ...LAB_DEFAULTS, port, portFallback: true });
      try {
        expect(lab.port).not.toBe(port);
        expect(
          lab.bus
            .recent()
            .some((e) => e.type === 'log' && e.message.includes(`port ${port} is taken`)),
        ).toBe(true);
      } finally {
        await lab.stop();
      }
      await expect(startLab({ ...LAB_DEFAULTS, port, portFallback: false })).rejects.toMatchObject({
        code: 'EADDRINUSE',
      });
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});
