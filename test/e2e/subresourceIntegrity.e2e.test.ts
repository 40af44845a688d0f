import { appendFileSync, cpSync, mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, startBrowserHost, type RunningHost } from '../support/browserHost.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH, hasChromium, hasSecretService } from '../support/realServices.js';

// The browser may keep the renderer's content-named files for good, so the page (always fetched fresh)
// names each one's hash: a kept file that is not what the host has now must not run.
const ready = hasChromium() && hasSecretService();
const root = path.resolve(import.meta.dirname, '..', '..');

describe.runIf(ready)('the page’s scripts carry their hashes', () => {
  let rendererDir: string;
  let host: RunningHost;
  let browser: Browser;

  beforeAll(async () => {
    rendererDir = mkdtempSync(path.join(os.tmpdir(), 'twofold-sri-'));
    cpSync(path.join(root, 'dist', 'renderer'), rendererDir, { recursive: true });
    host = await startBrowserHost({ env: { TWOFOLD_RENDERER_DIR: rendererDir } });
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    if (host) removeDir(host.dataDir);
    if (rendererDir) removeDir(rendererDir);
  });

  it('runs the renderer as built, and refuses it once its file no longer matches the page', async () => {
    const page = await browser.newPage();
    await page.goto(host.url);
    await expect.poll(() => page.getByRole('button', { name: 'Add account' }).count()).toBeGreaterThan(0);
    await page.close();

    // What something else on this port could have left in the browser's cache under the same name.
    const bundle = readdirSync(path.join(rendererDir, 'assets')).find((f) => /^index-.*\.js$/.test(f))!;
    appendFileSync(path.join(rendererDir, 'assets', bundle), '\ndocument.title = "tampered";\n');
    const tampered = await browser.newPage();
    const errors: string[] = [];
    tampered.on('console', (m) => errors.push(m.text()));
    await tampered.goto(host.url);
    await expect.poll(() => errors.some((e) => /integrity/i.test(e))).toBe(true);
    expect(await tampered.title()).not.toBe('tampered');
    expect(await tampered.getByRole('button', { name: 'Add account' }).count()).toBe(0);
    await tampered.close();
  });
});
