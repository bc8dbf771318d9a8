import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { PlayerTimeline } from './player-timeline';

/** Debian's Chromium (`apt-get install -y chromium`). */
export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';
/** The environment variable that names another Chromium (or Chrome) executable, e.g. on macOS. */
export const CHROMIUM_PATH_ENV = 'CHROMIUM_PATH';

export type ChromiumLookup = { kind: 'found'; path: string } | { kind: 'missing'; message: string };

/**
 * Pure: the Chromium to launch. `CHROMIUM_PATH` when set (it must exist), else Debian's `/usr/bin/chromium`;
 * when missing, one line that says how to get one.
 */
export function lookUpChromium(
  env: Readonly<Record<string, string | undefined>>,
  exists: (path: string) => boolean,
): ChromiumLookup {
  const fromEnv = env[CHROMIUM_PATH_ENV];
  if (fromEnv) {
    return exists(fromEnv)
      ? { kind: 'found', path: fromEnv }
      : {
          kind: 'missing',
          message: `${CHROMIUM_PATH_ENV}=${fromEnv} does not exist: point it at a Chromium or Chrome executable`,
        };
  }
  return exists(DEFAULT_CHROMIUM_PATH)
    ? { kind: 'found', path: DEFAULT_CHROMIUM_PATH }
    : {
        kind: 'missing',
        message: `${DEFAULT_CHROMIUM_PATH} not found: install Chromium (Debian: apt-get install -y chromium) or set ${CHROMIUM_PATH_ENV} to a Chromium or Chrome executable (macOS: ${CHROMIUM_PATH_ENV}="/Applications/Google Chrome.app/Contents/MacOS/Google Chrome")`,
      };
}

/** `lookUpChromium` on this machine: the path, or a `PlayerLaunchError` with its one-line message. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string {
  const found = lookUpChromium(env, existsSync);
  if (found.kind === 'missing') throw new PlayerLaunchError(found.message);
  return found.path;
}

/**
 * Flags that work as root, offline, headless: no sandbox (root), no GPU, no QUIC, no background
 * traffic, autoplay allowed.
 */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--autoplay-policy=no-user-gesture-required',
] as const;

class PlayerLaunchError extends Error {
  override name = 'PlayerLaunchError';
}

/** A real player the scenarios can watch. */
export interface PlayerProbe {
  /** Opens the lab's page (it starts playing the stream at once). */
  open(url: string): Promise<void>;
  /** Everything the page recorded so far. */
  timeline(): Promise<PlayerTimeline>;
  screenshot(path: string): Promise<void>;
  /** The text of the page's element `#id` if it is shown, else ''. */
  visibleText(id: string): Promise<string>;
  /** Ends the browser this probe launched (playwright signals only its own child) and deletes its profile. */
  close(): Promise<void>;
}

/**
 * hls.js in Chromium (`findChromium`: `CHROMIUM_PATH` or Debian's) through playwright-core, with a fresh profile that is deleted on close.
 *
 * @example
 * const player = await launchChromiumPlayer();
 * await player.open(lab.url);
 * const { events, samples } = await player.timeline();
 * await player.close();
 */
export async function launchChromiumPlayer(
  options: { executablePath?: string } = {},
): Promise<PlayerProbe> {
  const executablePath = options.executablePath ?? findChromium();
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'lab-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      args: [...CHROMIUM_ARGS],
      viewport: { width: 1280, height: 900 },
    });
  } catch (cause) {
    rmSync(profile, { recursive: true, force: true });
    throw new PlayerLaunchError(`cannot start ${executablePath}`, { cause });
  }
  const page: Page = context.pages()[0] ?? (await context.newPage());
  return {
    async open(url) {
      await page.goto(url, { waitUntil: 'load' });
    },
    async timeline() {
      return page.evaluate(() => {
        const recorded = (globalThis as unknown as { __labPlayer?: PlayerTimeline }).__labPlayer;
        return { events: recorded?.events ?? [], samples: recorded?.samples ?? [] };
      });
    },
    async visibleText(id) {
      const element = page.locator(`#${id}`).first();
      if (!(await element.isVisible())) return '';
      return ((await element.textContent({ timeout: 1_000 })) ?? '').replace(/\s+/g, ' ').trim();
    },
    async screenshot(path) {
      await page.screenshot({ path, fullPage: true });
    },
    async close() {
      try {
        await context.close();
      } finally {
        rmSync(profile, { recursive: true, force: true });
      }
    },
  };
}
