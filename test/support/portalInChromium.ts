// Test-only: the real portal service (startServer on a temporary SQLite file, with its demo clinic and
// development outbox) and Debian's Chromium, for the browser walks in test/server/. Registers the hooks
// of the calling describe block; every test gets a fresh browser context and fails on any CSP refusal.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { startServer, type RunningServer } from '../../server/startServer.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './realServices.js';

export interface PortalInChromium {
  /** The service's base URL (valid inside tests). */
  readonly url: string;
  /** This test's page, in a context of its own. */
  readonly page: Page;
  /** What the demo seed made (users, the provider registration code). */
  readonly seed: RunningServer['seed'];
  /** A demo user's password, as the service printed it at start. */
  passwordOf(username: string): string;
}

export function portalInChromium(tempPrefix: string): PortalInChromium {
  let dir = '';
  let running: RunningServer | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  let refusedByCsp: string[] = [];
  const passwords = new Map<string, string>();

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), tempPrefix));
    running = await startServer({ HOST: '127.0.0.1', PORT: '0', TWOFOLD_SERVER_DATA_DIR: dir, LOG_LEVEL: 'silent' }, dir, () => {});
    if (!running.seed.created) throw new Error('the demo clinic was not created');
    for (const u of running.seed.users) passwords.set(u.username, u.password);
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await running?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    page = await (await browser!.newContext()).newPage();
    page.setDefaultTimeout(15_000);
    refusedByCsp = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) refusedByCsp.push(m.text());
    });
  });
  afterEach(async () => {
    try {
      // One round trip to the page first, so a refusal logged at the very end has arrived.
      await page?.evaluate(() => 0).catch(() => {});
      expect(refusedByCsp).toEqual([]);
    } finally {
      await page?.context().close();
    }
  });

  return {
    get url() {
      if (!running) throw new Error('the portal is not running (use it inside a test)');
      return running.url;
    },
    get page() {
      if (!page) throw new Error('no page (use it inside a test)');
      return page;
    },
    get seed() {
      if (!running) throw new Error('the portal is not running (use it inside a test)');
      return running.seed;
    },
    passwordOf(username) {
      const password = passwords.get(username);
      if (password === undefined) throw new Error(`no demo user ${username}`);
      return password;
    },
  };
}
