/** In-memory fakes of the canary's ports that keep the real semantics (time only moves when awaited). */
import type { CanaryStore, Clock, FetchLike, Sleep } from '../src/ports';

export interface FakeTime {
  readonly clock: Clock;
  readonly sleep: Sleep;
  advance(ms: number): void;
}

/** A clock that only moves when someone sleeps (or a fake request takes time). */
export function createFakeTime(startMs = 1_000_000): FakeTime {
  let now = startMs;
  return {
    clock: { now: () => now },
    sleep: async (ms, signal) => {
      if (!signal?.aborted) now += ms;
    },
    advance: (ms) => {
      now += ms;
    },
  };
}

export type Responder = (url: string, nowMs: number) => { status: number; body?: string } | Error;

/** A fetch whose answers are a function of URL and fake time; each request takes `latencyMs`. */
export function createFakeFetch(
  time: FakeTime,
  respond: Responder,
  latencyMs = 50,
): FetchLike & { readonly requests: string[] } {
  const requests: string[] = [];
  const fetch = async (url: string) => {
    requests.push(url);
    const answer = respond(url, time.clock.now());
    time.advance(latencyMs);
    if (answer instanceof Error) throw answer;
    return { status: answer.status, text: async () => answer.body ?? '' };
  };
  return Object.assign(fetch, { requests });
}

/** An in-memory bucket. `failOn` makes one operation on one key throw. */
export function createMemoryStore(
  failOn: { op?: 'put' | 'remove' | 'exists'; key?: string } = {},
): CanaryStore & { readonly objects: Map<string, string> } {
  const objects = new Map<string, string>();
  const maybeFail = (op: 'put' | 'remove' | 'exists', key: string) => {
    if (failOn.op === op && (failOn.key === undefined || key.endsWith(failOn.key)))
      throw Object.assign(new Error(`${op} ${key}: AccessDenied`), { name: 'AccessDenied' });
  };
  return {
    objects,
    async put(key, body) {
      maybeFail('put', key);
      objects.set(key, body);
    },
    async remove(key) {
      maybeFail('remove', key);
      objects.delete(key);
    },
    async exists(key) {
      maybeFail('exists', key);
      return objects.has(key);
    },
  };
}
