import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { PlayerTimeline } from './player-timeline';

/** Debian's Chromium (`apt-get install -y chromium`). */
export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Flags that work as root, offline, headless (FACTS): no sandbox (root), no GPU, no QUIC, no background
 * traffic, autoplay allowed.
 */
export const CHROMIUM_ARGS = [
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

export class PlayerLaunchError extends Error {
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
 * hls.js in Debian Chromium through playwright-core, with a fresh profile that is deleted on close.
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
  const executablePath = options.executablePath ?? DEFAULT_CHROMIUM_PATH;
  if (!existsSync(executablePath)) {
    throw new PlayerLaunchError(
      `${executablePath} not found: install Debian's Chromium (apt-get install -y chromium)`,
    );
  }
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
