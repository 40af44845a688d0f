import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountRow, accountRows, focusedAccountId, openCodesWindow, keyboardToAccount, type CodesWindowSession } from '../support/codesWindowPage.js';
import { hasChromium, hasSecretService } from '../support/realServices.js';
import { referenceTotp, RFC_SECRET as SECRET, RFC_SECRET_B32 as SECRET_B32 } from '../support/referenceTotp.js';

const ready = hasChromium() && hasSecretService();

describe.runIf(ready)('the codes window in Chromium through the browser host', () => {
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
  const clipboard = () => page.evaluate(() => navigator.clipboard.readText());
  // The copy confirmation (the toast counts down from the "clear after" setting, 30 s by default).
  const copiedToast = () => page.getByRole('status').getByText(/^Copied — clears in \d+ s$/);

  it('greets a first-time user with an empty state that says what to do', async () => {
    await expect.poll(() => page.getByText(/add your first account/i).count()).toBeGreaterThan(0);
  });

  it('adds an account from a pasted otpauth:// link and shows the same code as an independent computation', async () => {
    await page.getByRole('button', { name: 'Add account' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Add account' });
    await dialog.getByRole('textbox').first().fill(`otpauth://totp/Acme%20Imaging:alice%40clinic.org?secret=${SECRET_B32}&issuer=Acme%20Imaging`);
    await dialog.getByRole('button', { name: 'Add' }).click();
    await expect.poll(() => row('Acme Imaging').count()).toBe(1);

    const code = row('Acme Imaging').getByTestId('code');
    const t0 = Math.floor(Date.now() / 1000);
    const shown = await code.getAttribute('data-code');
    const t1 = Math.floor(Date.now() / 1000);
    expect([referenceTotp(SECRET, t0), referenceTotp(SECRET, t1)]).toContain(shown);
    expect((await code.textContent())?.replace(/\s/g, '')).toBe(shown);
  });

  it('explains a bad key in words a receptionist can act on', async () => {
    await page.getByRole('button', { name: 'Add account' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Add account' });
    await dialog.getByRole('textbox').first().fill('otpauth://totp/Broken?secret=JBSWY3DPEHPK3PX1');
    await dialog.getByRole('button', { name: 'Add' }).click();
    await expect.poll(() => dialog.getByText(/“1”/).count()).toBeGreaterThan(0);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
  });

  it('copies the code with Enter on a row reached by keyboard alone, and confirms it', async () => {
    await page.bringToFront();
    const id = await row('Acme Imaging').getAttribute('data-account-id');
    expect(id).toBeTruthy();
    const SENTINEL = 'sentinel: put here by the test';
    await page.evaluate((text) => navigator.clipboard.writeText(text), SENTINEL);

    // Keys only, no mouse: focus lands on it (it becomes the selected row) and nothing is copied yet.
    await keyboardToAccount(page, id!);
    expect(await row('Acme Imaging').getAttribute('aria-current')).toBe('true');
    expect(await clipboard()).toBe(SENTINEL);
    expect(await copiedToast().count()).toBe(0);

    const t0 = Math.floor(Date.now() / 1000);
    await page.keyboard.press('Enter');
    await expect.poll(() => copiedToast().count()).toBe(1);
    const clip = await clipboard();
    const t1 = Math.floor(Date.now() / 1000);
    // The row's own code, as RFC 6238 gives it for the moment of the key press (or the next period's).
    expect([referenceTotp(SECRET, t0), referenceTotp(SECRET, t1)]).toContain(clip);
    // And the row that had focus says it was the one copied.
    expect(await row('Acme Imaging').getAttribute('class')).toContain('row--copied');
    expect(await focusedAccountId(page)).toBe(id);
  });

  it('finds an account by typing in the search box', async () => {
    await page.getByRole('button', { name: 'Add account' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Add account' });
    await dialog.getByRole('textbox').first().fill('otpauth://totp/Medicaid%20Portal:bob?secret=JBSWY3DPEHPK3PXP');
    await dialog.getByRole('button', { name: 'Add' }).click();
    await expect.poll(() => rows().count()).toBe(2);
    await page.getByRole('searchbox', { name: 'Search accounts' }).fill('medic');
    await expect.poll(() => rows().count()).toBe(1);
    await expect.poll(() => row('Medicaid Portal').count()).toBe(1);
    await page.getByRole('searchbox', { name: 'Search accounts' }).fill('');
    await expect.poll(() => rows().count()).toBe(2);
  });

  it('edits an account name', async () => {
    await row('Medicaid Portal').click();
    await page.keyboard.press('F2');
    const dialog = page.getByRole('dialog', { name: 'Edit account' });
    const issuer = dialog.getByRole('textbox', { name: /issuer|portal/i });
    await issuer.fill('State Medicaid');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => row('State Medicaid').count()).toBe(1);
  });

  it('opens a row’s menu from the keyboard and returns focus to the row', async () => {
    await row('Acme Imaging').focus();
    await page.keyboard.press('Shift+F10');
    const menu = page.getByRole('menu');
    await expect.poll(() => menu.count()).toBe(1);
    expect(await menu.getByRole('menuitem').allTextContents()).toEqual([expect.stringContaining('Copy code'), expect.stringContaining('Edit'), expect.stringContaining('Remove')]);
    await page.keyboard.press('Escape');
    await expect.poll(() => menu.count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-account-id'))).toBe(await row('Acme Imaging').getAttribute('data-account-id'));
  });

  it('deletes with undo', async () => {
    await row('State Medicaid').click();
    await page.keyboard.press('Delete');
    await expect.poll(() => row('State Medicaid').count()).toBe(0);
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => row('State Medicaid').count()).toBe(1);
  });

  it('keeps everything after a reload and after the host restarts', async () => {
    await page.reload();
    await expect.poll(() => rows().count()).toBe(2);
    await session.restartHost();
    await expect.poll(() => rows().count()).toBe(2);
    const names = await rows().allTextContents();
    expect(names.join(' ')).toContain('Acme Imaging');
    expect(names.join(' ')).toContain('State Medicaid');
  });

  it('shows the first screen without a request of its own: the host sent its answer with the page', async () => {
    const asked: string[] = [];
    page.on('request', (r) => {
      const m = /\/__twofold\/ipc\/([^?]+)/.exec(r.url());
      if (m?.[1]) asked.push(m[1]);
    });
    await page.reload();
    await expect.poll(async () => (await row('Acme Imaging').getByTestId('code').getAttribute('data-code')) ?? '').toMatch(/^\d{6}$/);
    // Nothing was needed for the first screen (a later period-end refresh may add codes:snapshot).
    expect(asked.filter((c) => c !== 'codes:snapshot')).toEqual([]);
  });

  it('never gives the page a secret', async () => {
    // The page as sent (with the host's first screen and its answer) and as it is now.
    const opened = { 'sec-fetch-dest': 'document', 'sec-fetch-site': 'none', 'sec-fetch-mode': 'navigate' };
    const sent = await (await page.request.get(session.host.url, { headers: opened })).text();
    expect(sent).toContain('data-first-screen-code');
    for (const html of [sent, await page.content()]) {
      expect(html).not.toContain(SECRET_B32);
      expect(html).not.toContain('JBSWY3DPEHPK3PXP');
    }
  });
});
