/**
 * The probe with the real `fetch` against tiny local HTTP servers: one that answers 200 and then 404, one
 * that redirects, and one that never answers (the per-request timeout must fire).
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { CANARY_DEFAULTS, planCanary } from '../src/canary-plan';
import { FAIL_REASONS } from '../src/judge-probe';
import type { Sleep } from '../src/ports';
import { probePlayback } from '../src/probe-playback';

const RUN_ID = 'probe-it';
const servers: Server[] = [];

async function serve(listener: RequestListener): Promise<string> {
  const server = createServer(listener);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

const sleep: Sleep = async (ms) => {
  await delay(ms);
};

function plan(domain: string, timeoutS: number) {
  return planCanary(
    {
      ...CANARY_DEFAULTS,
      domain,
      bucket: 'unused',
      targetDurationS: 1,
      errorTtlS: 0,
      intervalS: 0.1,
      requestTimeoutS: 0.3,
      timeoutS,
      region: undefined,
    },
    RUN_ID,
  );
}

const probeDeps = { fetch, clock: { now: () => performance.now() }, sleep, log: () => {} };

describe('probePlayback over real HTTP', () => {
  it('passes against a server that answers 200 for the live playlist, then 404', async () => {
    let liveRequests = 0;
    const base = await serve((req, res) => {
      if (req.url?.endsWith('/live.m3u8') && ++liveRequests > 3) res.writeHead(404).end();
      else res.writeHead(200).end(`#EXTM3U\n# ${RUN_ID}\n`);
    });

    const { verdict, observations } = await probePlayback(
      probeDeps,
      plan(base, 5),
      performance.now(),
    );

    expect(verdict).toMatchObject({ kind: 'pass', liveServedFirst: true });
    expect(observations.filter((o) => o.target === 'live').map((o) => o.status)).toEqual([
      200, 200, 200, 404,
    ]);
  });

  it('does not follow a redirect: a 302 is not the playlist being served', async () => {
    const base = await serve((req, res) => {
      if (req.url?.endsWith('/ended.m3u8')) res.writeHead(302, { location: '/elsewhere' }).end();
      else res.writeHead(404).end();
    });

    const { verdict } = await probePlayback(probeDeps, plan(base, 2), performance.now());

    expect(verdict).toMatchObject({ kind: 'fail', reason: FAIL_REASONS.endedNotServed });
  });

  it('records a hanging server as request errors and fails when the budget is spent', async () => {
    const base = await serve(() => {
      // never answers
    });
    const started = performance.now();

    const { verdict, observations } = await probePlayback(probeDeps, plan(base, 1), started);

    expect(verdict).toMatchObject({ kind: 'fail', reason: FAIL_REASONS.liveNotRemoved });
    expect(observations.length).toBeGreaterThan(0);
    expect(observations.every((o) => o.status === null && o.error !== undefined)).toBe(true);
  });
});
