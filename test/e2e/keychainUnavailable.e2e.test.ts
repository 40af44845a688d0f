import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, startBrowserHost, type RunningHost } from '../support/browserHost.js';
import { accountRow, accountRows, codeCheck } from '../support/codesWindowPage.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH, hasChromium, hasSecretService } from '../support/realServices.js';
import { RFC_SECRET as SECRET, RFC_SECRET_B32 as SECRET_B32 } from '../support/referenceTotp.js';

const ready = hasChromium() && hasSecretService();

// The session bus the broken start is pointed at. The words in brackets are the D-Bus library's own and
// may change with its version; the sentence around them is ours.
const NO_BUS = '/nonexistent/bus';
const UNREACHABLE = expect.stringMatching(
  new RegExp(`^Twofold can't reach the system keychain \\(.*${NO_BUS}.*\\)\\. Your accounts are safe on disk; unlock your keychain or sign in again, then retry\\.$`),
);

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

  /** Acme Imaging's shown code is RFC 6238's for its key. */
  const expectAcmeCode = (page: Page) => expect.poll(() => codeCheck(accountRow(page, 'Acme Imaging'), SECRET)).toBe('ok');

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
    await dialog.getByRole('textbox').first().fill(`otpauth://totp/Acme%20Imaging:alice?secret=${SECRET_B32}`);
    await dialog.getByRole('button', { name: 'Add' }).click();
    await expect.poll(() => accountRow(page, 'Acme Imaging').count()).toBe(1);
    await expectAcmeCode(page);
    await first.stop();

    // Then a start with no Secret Service on the session bus.
    const broken = await startBrowserHost({ dataDir: first.dataDir, keychainService: first.keychainService, env: { DBUS_SESSION_BUS_ADDRESS: `unix:path=${NO_BUS}` } });
    hosts.push(broken);
    await page.goto(broken.url);
    const banner = page.locator('.banner');
    await expect.poll(() => banner.getByRole('paragraph').allTextContents()).toEqual(['Your codes can’t be shown right now', UNREACHABLE]);
    expect(await banner.getAttribute('role')).toBe('alert');
    // The account's name is still listed (metadata needs no key), but no code can be made.
    expect(await accountRows(page).count()).toBe(1);
    expect(await accountRow(page, 'Acme Imaging').getByTestId('code').count()).toBe(0);
    expect(await accountRow(page, 'Acme Imaging').getByLabel('Code loading').count()).toBe(1);

    // Adding is refused in the same words, next to the Add button, and the dialog stays open.
    await page.getByRole('button', { name: 'Add account' }).first().click();
    await dialog.getByRole('textbox').first().fill('otpauth://totp/Medicaid%20Portal:bob?secret=JBSWY3DPEHPK3PXP');
    await dialog.getByRole('button', { name: 'Add' }).click();
    await expect.poll(() => dialog.getByRole('alert').allTextContents()).toEqual([UNREACHABLE]);
    expect(await page.getByRole('status').getByText(/^Added /).count()).toBe(0);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    expect(await accountRows(page).allTextContents()).toEqual([expect.stringContaining('Acme Imaging')]);
    // Nor did the host save it anywhere: a fresh load of the page shows the same single account.
    await page.reload();
    await expect.poll(() => banner.count()).toBe(1);
    await expect.poll(() => accountRows(page).count()).toBe(1);
    expect(await accountRow(page, 'Medicaid Portal').count()).toBe(0);
    await broken.stop();

    // Keychain back: the one saved account and its codes are all there, and the refused one is not.
    const again = await startBrowserHost({ dataDir: first.dataDir, keychainService: first.keychainService });
    hosts.push(again);
    await page.goto(again.url);
    await expect.poll(() => accountRow(page, 'Acme Imaging').count()).toBe(1);
    expect(await accountRows(page).count()).toBe(1);
    expect(await accountRow(page, 'Medicaid Portal').count()).toBe(0);
    expect(await page.locator('.banner').count()).toBe(0);
    await expectAcmeCode(page);
  });
});
