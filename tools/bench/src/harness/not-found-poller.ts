import { Agent, request } from 'node:http';

/** What the poller saw for one key. */
export interface PollResult {
  /** When a poll first answered 404 (response received), epoch ms; `undefined`: never within the watch. */
  firstNotFoundMs?: number;
  polls: number;
}

export interface NotFoundPoller {
  /** Polls `bucket/key` from `fromMs` until it answers 404 or `untilMs` passes. */
  watch(bucket: string, key: string, fromMs: number, untilMs: number): Promise<PollResult>;
  /** Polls sent so far, and the mean time between two polls of the same key (the resolution). */
  stats(): { polls: number; meanIntervalMs: number | undefined; errors: number };
  stop(): void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** A counting semaphore: at most `limit` polls in flight, whatever the number of watched keys. */
class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly limit: number) {}
  async acquire(): Promise<void> {
    if (this.active < this.limit) {
      this.active += 1;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }
  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active -= 1;
  }
}

function encodeKey(key: string): string {
  return key.split('/').map(encodeURIComponent).join('/');
}

/**
 * Watches stopped playlists for their first 404, like a player would see it, cheaply: only keys whose
 * encoder stopped, only from their deadline on, one unsigned HEAD every `intervalMs` per key straight to
 * the S3 server (not through the counting proxy: the benchmark's own polls are not the guard's cost),
 * at most `concurrency` in flight.
 *
 * @example
 * const poller = startNotFoundPoller({ endpoint: aws.endpoint, intervalMs: 25, concurrency: 8 });
 * const { firstNotFoundMs } = await poller.watch('origin-a', 'live/ch001/720p.m3u8', deadline, deadline + 10_000);
 */
export function startNotFoundPoller(options: {
  endpoint: string;
  intervalMs: number;
  concurrency: number;
}): NotFoundPoller {
  const target = new URL(options.endpoint);
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const semaphore = new Semaphore(options.concurrency);
  let polls = 0;
  let errors = 0;
  let intervalSum = 0;
  let intervals = 0;
  let running = true;

  const head = (bucket: string, key: string) =>
    new Promise<number>((resolve) => {
      const req = request(
        {
          host: target.hostname,
          port: target.port,
          method: 'HEAD',
          path: `/${encodeURIComponent(bucket)}/${encodeKey(key)}`,
          agent,
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', () => resolve(0));
      req.end();
    });

  return {
    async watch(bucket, key, fromMs, untilMs) {
      await sleep(fromMs - Date.now());
      let count = 0;
      let previousStart: number | undefined;
      while (running && Date.now() <= untilMs) {
        const start = Date.now();
        if (previousStart !== undefined) {
          intervalSum += start - previousStart;
          intervals += 1;
        }
        previousStart = start;
        await semaphore.acquire();
        let status: number;
        try {
          status = await head(bucket, key);
        } finally {
          semaphore.release();
        }
        count += 1;
        polls += 1;
        if (status === 404) return { firstNotFoundMs: Date.now(), polls: count };
        if (status !== 200) errors += 1;
        await sleep(start + options.intervalMs - Date.now());
      }
      return { polls: count };
    },
    stats: () => ({
      polls,
      errors,
      meanIntervalMs: intervals > 0 ? intervalSum / intervals : undefined,
    }),
    stop() {
      running = false;
      agent.destroy();
    },
  };
}
