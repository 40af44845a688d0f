import type { Locator, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountOrder, accountRow, accountRows, codeCheck, focusedAccountId, keyboardToAccount, openCodesWindow, type CodesWindowSession } from '../support/codesWindowPage.js';
import { hasChromium, hasSecretService } from '../support/realServices.js';
import { RFC_SECRET, toBase32 } from '../support/referenceTotp.js';

const ready = hasChromium() && hasSecretService();

// A key of its own per account, so a code shown in a row proves which account's key made it.
const KEYS = {
  'Acme Imaging': RFC_SECRET,
  'Blue Cross': Buffer.from('Blue Cross portal key'),
  'Medicaid Portal': Buffer.from('Medicaid portal key!'),
};
type Name = keyof typeof KEYS;

// base.css: the body is painted with --surface, light-dark(#ffffff, #16191e).
const LIGHT_SURFACE = 'rgb(255, 255, 255)';
const DARK_SURFACE = 'rgb(22, 25, 30)';

describe.runIf(ready)('editing the codes window in Chromium through the browser host', () => {
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
  const order = () => accountOrder(page);
  const idOf = async (name: Name) => (await row(name).getAttribute('data-account-id'))!;
  const addDialog = () => page.getByRole('dialog', { name: 'Add account' });
  const bodyBackground = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const theme = () => page.evaluate(() => document.documentElement.dataset.theme ?? 'system');
  const settings = () => page.getByRole('dialog', { name: 'Settings' });

  /** The text of whatever a control's aria-describedby points at: its hint, or its error after a failed try. */
  const descriptionOf = (control: Locator) =>
    control.evaluate((el) =>
      (el.getAttribute('aria-describedby') ?? '')
        .split(/\s+/)
        .filter(Boolean)
        .flatMap((id) => document.getElementById(id)?.textContent ?? [])
        .join(' '),
    );

  /** The row's shown code equals RFC 6238 for that account's own key. */
  const expectCodeOf = (name: Name) => expect.poll(() => codeCheck(row(name), KEYS[name])).toBe('ok');

  /**
   * Carries out one reorder and waits, as a person watching the list does, until it has settled: the host
   * has saved it and the window has read the list back. Reloading sooner can cancel a save still on its
   * way, and a move made sooner can start from a stale list: a re-read set off by the previous save, answered
   * before this save is written, puts the older order back on screen until the next re-read.
   */
  async function reorder(act: () => Promise<void>) {
    const saved = page.waitForResponse((r) => new URL(r.url()).pathname.endsWith('/ipc/accounts:reorder'));
    const readBack = page.waitForResponse((r) => new URL(r.url()).pathname.endsWith('/ipc/accounts:list'));
    await act();
    expect((await (await saved).json()).ok).toBe(true);
    await readBack;
  }

  async function addByLink(name: Name) {
    const before = await rows().count();
    await page.getByRole('button', { name: 'Add account' }).first().click();
    await addDialog().getByRole('textbox').first().fill(`otpauth://totp/${encodeURIComponent(name)}:clinic?secret=${toBase32(KEYS[name])}&issuer=${encodeURIComponent(name)}`);
    await addDialog().getByRole('button', { name: 'Add' }).click();
    await expect.poll(() => rows().count()).toBe(before + 1);
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
  }

  it('adds an account by typing its key, and says next to the Key field what is wrong with an empty or mistyped one', async () => {
    // Act once the window shows its (empty) list, as a person would.
    await expect.poll(() => page.getByText(/add your first account/i).count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Add account' }).first().click();
    const dialog = addDialog();
    await dialog.getByRole('tab', { name: 'Type key' }).click();
    await expect.poll(() => dialog.getByRole('tab', { name: 'Type key' }).getAttribute('aria-selected')).toBe('true');
    await dialog.getByRole('textbox', { name: 'Issuer' }).fill('Acme Imaging');
    await dialog.getByRole('textbox', { name: 'Account name' }).fill('alice@clinic.org');
    const key = dialog.getByRole('textbox', { name: 'Key', exact: true });
    const add = dialog.getByRole('button', { name: 'Add', exact: true });

    // No key at all.
    await add.click();
    await expect.poll(() => key.getAttribute('aria-invalid')).toBe('true');
    expect(await descriptionOf(key)).toBe('Type the key shown under the QR code on your portal’s setup page.');
    expect(await page.getByRole('dialog').count()).toBe(1);
    expect(await rows().count()).toBe(0);

    // The RFC key with its last letter typed as the digit 1, which Base32 does not have.
    const mistyped = `${toBase32(KEYS['Acme Imaging']).slice(0, -1)}1`;
    await key.fill(mistyped);
    await add.click();
    await expect
      .poll(() => descriptionOf(key))
      .toBe(`The key contains “1”, which is not allowed in a key (only letters A–Z and digits 2–7). Check for a mistyped character at position ${mistyped.length}. It is probably the letter I or L.`);
    expect(await key.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('dialog').count()).toBe(1);
    expect(await rows().count()).toBe(0);

    // The right key, typed as people do: lower case, in groups of four.
    await key.fill(toBase32(KEYS['Acme Imaging']).toLowerCase().replace(/(.{4})(?=.)/g, '$1 '));
    await add.click();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    await expect.poll(() => rows().count()).toBe(1);
    expect(await row('Acme Imaging').locator('.row__account').textContent()).toBe('alice@clinic.org');
    expect(await page.getByRole('status').getByText('Added Acme Imaging').count()).toBe(1);
    await expectCodeOf('Acme Imaging');
  });

  it('reorders by dragging a row’s handle with the mouse, and the order survives a reload', async () => {
    await addByLink('Blue Cross');
    await addByLink('Medicaid Portal');
    expect(await order()).toEqual(['Acme Imaging', 'Blue Cross', 'Medicaid Portal']);

    // Medicaid Portal's grip, dropped on the top half of Acme Imaging: it goes first.
    await row('Medicaid Portal').hover();
    await reorder(() => row('Medicaid Portal').locator('.row__handle').dragTo(row('Acme Imaging'), { targetPosition: { x: 40, y: 8 } }));
    await expect.poll(() => order()).toEqual(['Medicaid Portal', 'Acme Imaging', 'Blue Cross']);

    // And Acme Imaging's, dropped on the bottom half of Blue Cross: it goes last.
    await row('Acme Imaging').hover();
    const box = (await row('Blue Cross').boundingBox())!;
    await reorder(() => row('Acme Imaging').locator('.row__handle').dragTo(row('Blue Cross'), { targetPosition: { x: 40, y: box.height - 8 } }));
    await expect.poll(() => order()).toEqual(['Medicaid Portal', 'Blue Cross', 'Acme Imaging']);

    await page.reload();
    await expect.poll(() => rows().count()).toBe(3);
    expect(await order()).toEqual(['Medicaid Portal', 'Blue Cross', 'Acme Imaging']);
    // Each row still shows its own account's code: the names moved with their keys.
    for (const name of ['Medicaid Portal', 'Blue Cross', 'Acme Imaging'] as const) await expectCodeOf(name);
  });

  it('reorders with Alt+↑ / Alt+↓ on the focused row, which keeps focus, and the order survives a reload', async () => {
    const acme = await idOf('Acme Imaging');
    await keyboardToAccount(page, acme);

    let saves = 0;
    const countSaves = (r: Request) => void (new URL(r.url()).pathname.endsWith('/ipc/accounts:reorder') && saves++);
    page.on('request', countSaves);

    await reorder(() => page.keyboard.press('Alt+ArrowUp'));
    await expect.poll(() => order()).toEqual(['Medicaid Portal', 'Acme Imaging', 'Blue Cross']);
    await reorder(() => page.keyboard.press('Alt+ArrowUp'));
    await expect.poll(() => order()).toEqual(['Acme Imaging', 'Medicaid Portal', 'Blue Cross']);
    expect(await focusedAccountId(page)).toBe(acme);
    // Already first: Alt+↑ has nothing to swap with and saves nothing; Alt+↓ then moves it down one place.
    await page.keyboard.press('Alt+ArrowUp');
    await reorder(() => page.keyboard.press('Alt+ArrowDown'));
    await expect.poll(() => order()).toEqual(['Medicaid Portal', 'Acme Imaging', 'Blue Cross']);
    page.off('request', countSaves);
    expect(saves).toBe(3);
    expect(await focusedAccountId(page)).toBe(acme);

    await page.reload();
    await expect.poll(() => rows().count()).toBe(3);
    expect(await order()).toEqual(['Medicaid Portal', 'Acme Imaging', 'Blue Cross']);
    await session.restartHost();
    await expect.poll(() => rows().count()).toBe(3);
    expect(await order()).toEqual(['Medicaid Portal', 'Acme Imaging', 'Blue Cross']);
  });

  it('brings a deleted account back with Ctrl+Z, in its place and with its own codes', async () => {
    const blue = await idOf('Blue Cross');
    await keyboardToAccount(page, blue);
    await page.keyboard.press('Delete');
    await expect.poll(() => row('Blue Cross').count()).toBe(0);
    expect(await order()).toEqual(['Medicaid Portal', 'Acme Imaging']);
    // The undo is offered once main has removed it (the row goes from the screen before that).
    await expect.poll(() => page.getByRole('status').getByText('Removed Blue Cross').count()).toBe(1);

    await page.keyboard.press('Control+z');
    await expect.poll(() => order()).toEqual(['Medicaid Portal', 'Acme Imaging', 'Blue Cross']);
    expect(await row('Blue Cross').getAttribute('data-account-id')).toBe(blue);
    await expectCodeOf('Blue Cross');

    // Restored in the vault, not only on screen.
    await page.reload();
    await expect.poll(() => rows().count()).toBe(3);
    expect(await order()).toEqual(['Medicaid Portal', 'Acme Imaging', 'Blue Cross']);
    await expectCodeOf('Blue Cross');
  });

  it('follows the OS between light and dark while Appearance is “System”', async () => {
    await page.getByRole('button', { name: 'Settings' }).click();
    await expect.poll(() => settings().count()).toBe(1);
    expect(await settings().getByRole('radio', { name: 'System' }).isChecked()).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => settings().count()).toBe(0);
    expect(await theme()).toBe('system');

    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => bodyBackground()).toBe(DARK_SURFACE);
    await page.emulateMedia({ colorScheme: 'light' });
    await expect.poll(() => bodyBackground()).toBe(LIGHT_SURFACE);
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => bodyBackground()).toBe(DARK_SURFACE);

    // Only while it is "System": a pinned choice (here tried out in Settings) wins over the OS.
    await page.getByRole('button', { name: 'Settings' }).click();
    await expect.poll(() => settings().count()).toBe(1);
    await settings().getByRole('radio', { name: 'Light' }).check();
    await expect.poll(() => bodyBackground()).toBe(LIGHT_SURFACE);
    await settings().getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => settings().count()).toBe(0);
    await expect.poll(() => bodyBackground()).toBe(DARK_SURFACE);
    expect(await theme()).toBe('system');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('keeps quick moves on screen and saves them in order while a save is slow', async () => {
    const start = await order();
    const first = start[0]!;
    await keyboardToAccount(page, await idOf(first as Name));
    // The second save reaches the host 800 ms late. Meanwhile the first save's change notice has the
    // window read the list again, and that answer (one move only) must not put the older order back.
    let saves = 0;
    await page.route('**/ipc/accounts:reorder', async (route) => {
      if (++saves === 2) await new Promise((r) => setTimeout(r, 800));
      await route.continue();
    });
    try {
      const twoDown = [start[1]!, start[2]!, first];
      await page.keyboard.press('Alt+ArrowDown');
      await page.keyboard.press('Alt+ArrowDown');
      await expect.poll(() => order()).toEqual(twoDown);
      const seen = new Set<string>();
      for (const until = Date.now() + 1_200; Date.now() < until; ) {
        seen.add((await order()).join(' / '));
        await new Promise((r) => setTimeout(r, 25));
      }
      expect([...seen]).toEqual([twoDown.join(' / ')]);
      expect(saves).toBe(2);
      await page.reload();
      await expect.poll(() => rows().count()).toBe(3);
      expect(await order()).toEqual(twoDown);
    } finally {
      await page.unroute('**/ipc/accounts:reorder');
    }
  });
});
