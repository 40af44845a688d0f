import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountRow, accountRows, openCodesWindow, type CodesWindowSession } from '../support/codesWindowPage.js';
import { hasChromium, hasSecretService } from '../support/realServices.js';

const ready = hasChromium() && hasSecretService();

// The clipboard tests really wait for the 10 s clear; each gets this long in all.
const CLEAR_TEST_MS = 25_000;

describe.runIf(ready)('the Settings dialog in Chromium through the browser host', () => {
  let session: CodesWindowSession;
  let page: Page;

  beforeAll(async () => {
    session = await openCodesWindow();
    page = session.page;
  });
  afterAll(async () => {
    await session?.close();
  });

  const rows = () => accountRows(page);
  const row = (text: string) => accountRow(page, text);
  const settings = () => page.getByRole('dialog', { name: 'Settings' });
  const clearAfter = () => settings().getByRole('combobox', { name: 'Clear the clipboard after' });
  const theme = () => page.evaluate(() => document.documentElement.dataset.theme ?? 'system');
  const clipboard = () => page.evaluate(() => navigator.clipboard.readText());
  const codeOf = (text: string) => row(text).getByTestId('code').getAttribute('data-code');

  async function openSettings() {
    await page.getByRole('button', { name: 'Settings' }).click();
    await expect.poll(() => settings().count()).toBe(1);
  }

  async function saveSettings() {
    await settings().getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => settings().count()).toBe(0);
  }

  it('has an account to copy', async () => {
    await page.getByRole('button', { name: 'Add account' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Add account' });
    await dialog.getByRole('textbox').first().fill('otpauth://totp/Acme%20Imaging:alice%40clinic.org?secret=JBSWY3DPEHPK3PXP&issuer=Acme%20Imaging');
    await dialog.getByRole('button', { name: 'Add' }).click();
    await expect.poll(() => row('Acme Imaging').count()).toBe(1);
  });

  it('opens from the gear in the header and with Ctrl+, and starts on the defaults', async () => {
    await openSettings();
    expect(await clearAfter().inputValue()).toBe('30');
    expect(await settings().getByRole('radio', { name: 'System' }).isChecked()).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => settings().count()).toBe(0);

    await page.keyboard.press('Control+,');
    await expect.poll(() => settings().count()).toBe(1);
    // Focus starts inside the dialog, on the first setting.
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('SELECT');
    await settings().getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => settings().count()).toBe(0);
  });

  it('previews Appearance as soon as it is picked and drops the preview on Cancel', async () => {
    await openSettings();
    await settings().getByRole('radio', { name: 'Dark' }).check();
    expect(await theme()).toBe('dark');
    await settings().getByRole('radio', { name: 'Light' }).check();
    expect(await theme()).toBe('light');
    await settings().getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => settings().count()).toBe(0);
    expect(await theme()).toBe('system');
  });

  it('shows the reason when saving fails and keeps the dialog open', async () => {
    const failing = (url: URL) => url.pathname.endsWith('/ipc/settings:update');
    await page.route(failing, (route) =>
      route.fulfill({ json: { ok: false, error: { code: 'Internal', message: 'Twofold couldn’t save your settings.', ref: 'T-1' } } }),
    );
    try {
      await openSettings();
      await clearAfter().selectOption({ label: '45 s' });
      await settings().getByRole('button', { name: 'Save' }).click();
      await expect.poll(() => settings().getByRole('alert').textContent()).toContain('Twofold couldn’t save your settings. (reference T-1)');
      expect(await settings().count()).toBe(1);
    } finally {
      await page.unroute(failing);
    }
    await page.keyboard.press('Escape');
    await openSettings();
    expect(await clearAfter().inputValue()).toBe('30');
    await page.keyboard.press('Escape');
  });

  it(
    'clears a copied code from the clipboard after the 10 s chosen, counting down and then saying so',
    async () => {
      await openSettings();
      await clearAfter().selectOption({ label: '10 s' });
      await saveSettings();

      await page.bringToFront();
      const before = await codeOf('Acme Imaging');
      await row('Acme Imaging').click();
      await expect.poll(() => page.getByText('Copied — clears in 10 s').count()).toBe(1);
      const clip = await clipboard();
      expect([before, await codeOf('Acme Imaging')]).toContain(clip);

      await expect.poll(() => page.getByText(/^Copied — clears in [1-8] s$/).count(), { timeout: 4_000 }).toBe(1);
      await expect.poll(() => page.getByText('Clipboard cleared').count(), { timeout: 13_000, interval: 200 }).toBe(1);
      expect(await clipboard()).toBe('');
    },
    CLEAR_TEST_MS,
  );

  it(
    'leaves alone something else the person copied after the code',
    async () => {
      await page.bringToFront();
      await row('Acme Imaging').click();
      await expect.poll(() => page.getByText('Copied — clears in 10 s').count()).toBe(1);
      await page.evaluate(() => navigator.clipboard.writeText('note'));

      await page.waitForTimeout(11_500);
      expect(await clipboard()).toBe('note');
      expect(await page.getByText('Clipboard cleared').count()).toBe(0);
    },
    CLEAR_TEST_MS,
  );

  it('keeps the settings after the host restarts', async () => {
    await openSettings();
    await settings().getByRole('radio', { name: 'Dark' }).check();
    await saveSettings();
    expect(await theme()).toBe('dark');

    await session.restartHost();
    await expect.poll(() => theme()).toBe('dark');
    // Act on the window once it shows its accounts, as a person would (see the note in codesWindowPage).
    await expect.poll(() => rows().count()).toBe(1);
    await openSettings();
    expect(await clearAfter().inputValue()).toBe('10');
    expect(await settings().getByRole('radio', { name: 'Dark' }).isChecked()).toBe(true);
    await page.keyboard.press('Escape');
  });
});
