/**
 * Debian's chromium driven by playwright-core (no browser download), for the explorer's tests:
 * headless, with a fresh profile folder, every console error and page error recorded.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { findExternal, type ExternalTools } from '../helpers/external.js';

/** The chromium the suites need (Debian package `chromium`). */
export const CHROMIUM: ExternalTools = findExternal([{ command: 'chromium', debianPackage: 'chromium' }]);

/** The flags of every launch: no GPU, no network of its own (updates, sync, QUIC), no sandbox (containers). */
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A running browser and its profile folder. */
export interface TestBrowser {
  context: BrowserContext;
  /** A new page whose console errors and uncaught exceptions land in `errors`. */
  page(): Promise<{ page: Page; errors: string[] }>;
  close(): Promise<void>;
}

/** Launches chromium with a fresh profile. */
export async function launchBrowser(): Promise<TestBrowser> {
  const profile = await mkdtemp(join(tmpdir(), 'cairn-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM.paths['chromium']!,
      headless: true,
      args: ARGS,
      viewport: { width: 1200, height: 900 },
    });
  } catch (err) {
    await rm(profile, { recursive: true, force: true });
    throw err;
  }
  return {
    context,
    async page() {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(`console: ${m.text()}`);
      });
      page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
      return { page, errors };
    },
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
