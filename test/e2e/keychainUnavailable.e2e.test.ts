import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, startBrowserHost, type RunningHost } from '../support/browserHost.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH, hasChromium, hasSecretService } from '../support/realServices.js';

const KEY = 'JBSWY3DPEHPK3PXP';
const ready = hasChromium() && hasSecretService();

describe.runIf(ready)('when the keychain cannot be reached', () => {
  let browser: Browser;
  let hosts: RunningHost[] = [];

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    for (const h of hosts) await h.stop();
    if (hosts[0]) removeDir(hosts[0].dataDir);
  });

  it('says so plainly, refuses to add, and loses nothing that was saved', async () => {
    // First a normal start that saves one account.
    const first = await startBrowserHost();
    hosts.push(first);
    const page = await browser.newPage();
    await page.goto(first.url);
    // Act once the window shows its (empty) list, as a person would.
    await expect.poll(() => page.getByText(/add your first account/i).count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Add account' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Add account' });
    await dialog.getByRole('textbox').first().fill(`otpauth://totp/Acme%20Imaging:alice?secret=${KEY}`);
    await dialog.getByRole('button', { name: 'Add' }).click();
    await expect.poll(() => page.getByRole('listitem').filter({ hasText: 'Acme Imaging' }).count()).toBe(1);
    await first.stop();

    // Then a start with no Secret Service on the session bus.
    const broken = await startBrowserHost({ dataDir: first.dataDir, keychainService: first.keychainService, env: { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' } });
    hosts.push(broken);
    await page.goto(broken.url);
    await expect.poll(() => page.getByText(/keychain/i).count()).toBeGreaterThan(0);
    // The account's name is still listed (metadata needs no key), but no code can be made.
    await expect.poll(() => page.getByText('Acme Imaging').count()).toBeGreaterThan(0);
    await broken.stop();

    // Keychain back: the account and its codes are all there.
    const again = await startBrowserHost({ dataDir: first.dataDir, keychainService: first.keychainService });
    hosts.push(again);
    await page.goto(again.url);
    const row = page.getByRole('listitem').filter({ hasText: 'Acme Imaging' });
    await expect.poll(() => row.count()).toBe(1);
    await expect.poll(async () => (await row.getByTestId('code').getAttribute('data-code')) ?? '').toMatch(/^\d{6}$/);
  });
});
