import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSystemKeychain } from '../../main/services/keychain/systemKeychain.js';
import { openSettingsStore } from '../../main/services/settings/settingsStore.js';
import { openVault } from '../../main/services/vault/openVault.js';
import { removeDir, startBrowserHost, type RunningHost } from '../support/browserHost.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH, hasChromium, hasSecretService } from '../support/realServices.js';
import { referenceTotp, RFC_SECRET } from '../support/referenceTotp.js';

// The host draws the first codes into the page before the renderer's scripts load (main/host/firstScreen.ts);
// React then takes over. Here the renderer's bundle is held back, so the picture can be looked at alone.
const ready = hasChromium() && hasSecretService();

describe.runIf(ready)('the browser host’s first screen', () => {
  let host: RunningHost;
  let browser: Browser;

  beforeAll(async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'twofold-first-'));
    // Pinned dark while Chromium's own scheme is light: the picture must follow the setting, as the app does.
    openSettingsStore(dataDir).update({ theme: 'dark' });
    const keychainService = `twofold-test-${randomUUID()}`;
    const vault = await openVault({ dataDir, profileId: 'default', keychain: createSystemKeychain(), keychainService });
    const totp = { kind: 'totp' as const, algorithm: 'SHA1' as const, digits: 6, period: 30, counter: 0 };
    await vault.add([
      { issuer: 'Acme Imaging', accountName: 'alice@clinic.org', secret: RFC_SECRET, params: totp },
      { issuer: '<b>Billing</b>', accountName: 'bob@clinic.org', secret: RFC_SECRET, params: totp },
    ]);
    await vault.close();
    host = await startBrowserHost({ dataDir, keychainService });
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    if (host) removeDir(host.dataDir);
  });

  /** Boxes of the first row's parts and of the search field, relative to the page. */
  const boxes = (page: Page, scope: string) =>
    page.evaluate((scope) => {
      const box = (selector: string) => {
        const r = document.querySelector(`${scope} ${selector}`)?.getBoundingClientRect();
        return r ? [Math.round(r.x), Math.round(r.y), Math.round(r.width), Math.round(r.height)] : null;
      };
      return { row: box('.row'), issuer: box('.row__issuer'), code: box('.code'), ring: box('.ring'), search: box('.search__input'), hints: box('.hints') };
    }, scope);

  it('shows the current codes before the scripts run, in the window’s own layout, and hands over without a jump', async () => {
    const page = await browser.newPage({ viewport: { width: 900, height: 700 } });
    const refused: string[] = [];
    page.on('console', (m) => {
      if (/Refused to|Content Security Policy/i.test(m.text())) refused.push(m.text());
    });
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await page.route(/\/assets\/index-[^/]+\.js$/, async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(host.url, { waitUntil: 'commit' });

    const first = page.locator('#first-screen [data-first-screen-code]');
    await expect.poll(() => first.count(), { timeout: 10_000 }).toBe(2);
    const t0 = Math.floor(Date.now() / 1000);
    const shown = await first.first().getAttribute('data-first-screen-code');
    const t1 = Math.floor(Date.now() / 1000);
    // What an independent computation gives around now (the page was drawn a moment earlier).
    expect([referenceTotp(RFC_SECRET, t0 - 1), referenceTotp(RFC_SECRET, t0), referenceTotp(RFC_SECRET, t1)]).toContain(shown);
    expect((await first.first().textContent())?.replace(/\s/g, '')).toBe(shown);
    expect(await page.locator('#first-screen').isVisible()).toBe(true);
    const background = (selector: string) => page.evaluate((sel) => getComputedStyle(document.querySelector(sel)!).backgroundColor, selector);
    expect(await background('#first-screen .row')).toBe('rgb(22, 25, 30)'); // --surface, dark
    // A name from a link is text, not markup.
    expect(await page.locator('#first-screen .row__issuer').nth(1).textContent()).toBe('<b>Billing</b>');
    // A picture only: no React yet, nothing to reach by keyboard or assistive technology.
    expect(await page.getByTestId('code').count()).toBe(0);
    expect(await page.getByRole('listitem').count()).toBe(0);
    const picture = await boxes(page, '#first-screen');

    release();
    await expect.poll(() => page.locator('#first-screen').count(), { timeout: 10_000 }).toBe(0);
    expect(await page.getByTestId('code').count()).toBe(2);
    const app = await boxes(page, '#root');
    expect(app).toEqual(picture);
    expect(await background('#root .row')).toBe('rgb(22, 25, 30)');
    expect(picture.row).not.toBeNull();
    expect(refused).toEqual([]);
    await page.close();
  });

  it('gives the renderer its first answer in the page, so it asks for nothing before showing codes', async () => {
    const page = await browser.newPage();
    const asked: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/__twofold/ipc/')) asked.push(new URL(r.url()).pathname.split('/').pop()!);
    });
    await page.goto(host.url);
    await expect.poll(() => page.getByTestId('code').count()).toBe(2);
    expect(asked).not.toContain('app:bootstrap');
    expect(await page.locator('#twofold-bootstrap').count()).toBe(0); // read once, then gone
    await page.close();
  });
});
