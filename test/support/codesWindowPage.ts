import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { removeDir, startBrowserHost, type RunningHost } from './browserHost.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './realServices.js';
import { referenceTotp } from './referenceTotp.js';

export interface CodesWindowSession {
  host: RunningHost;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Host restarted on the same data; the page is pointed at it. */
  restartHost(): Promise<void>;
  close(): Promise<void>;
}

/*
 * A click right after a page load is fine: the dialogs that once "did not open" under CI were React's
 * development build closing them again (see test/e2e/developmentBuild.e2e.test.ts).
 */

/**
 * A fresh browser host (own data folder and keychain service) and Debian's Chromium on it, with the
 * clipboard permissions a person grants by using the page.
 */
export async function openCodesWindow(): Promise<CodesWindowSession> {
  const session = {} as CodesWindowSession;
  session.host = await startBrowserHost();
  session.browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  session.context = await session.browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  session.page = await session.context.newPage();
  await session.page.goto(session.host.url);
  session.restartHost = async () => {
    session.host = await session.host.restart();
    await session.page.goto(session.host.url);
  };
  session.close = async () => {
    await session.browser.close();
    await session.host.stop();
    removeDir(session.host.dataDir);
  };
  return session;
}

/** Account rows, found by role as a screen reader would (every group's list is named "… accounts"). */
export const accountRows = (page: Page) => page.getByRole('list', { name: 'Accounts' }).getByRole('listitem');
export const accountRow = (page: Page, text: string) => accountRows(page).filter({ hasText: text });

/** The `data-account-id` of the element that has keyboard focus, or null when focus is not on a row. */
export const focusedAccountId = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-account-id') ?? null);

/**
 * Moves keyboard focus onto the account row with this id as a person without a mouse would: Tab until
 * focus is in the list (its one Tab stop), then ↓ until it is on that row. Fails when it gets nowhere.
 */
export async function keyboardToAccount(page: Page, id: string, maxPresses = 10): Promise<void> {
  for (let i = 0; i < maxPresses && (await focusedAccountId(page)) === null; i++) await page.keyboard.press('Tab');
  for (let i = 0; i < maxPresses && ![id, null].includes(await focusedAccountId(page)); i++) await page.keyboard.press('ArrowDown');
  if ((await focusedAccountId(page)) !== id) throw new Error(`the keyboard did not reach the row of account ${id} in ${maxPresses} presses`);
}

/** The account names in the order the list shows them (each row's issuer, or its account name). */
export const accountOrder = (page: Page) => accountRows(page).locator('.row__issuer').allTextContents();

/**
 * 'ok' when the row's shown code is RFC 6238's for `secret` at the moment it was read (this period's, or
 * the next one's at a boundary); otherwise what it showed against what it should, for the failure
 * message. Poll it: just after a period ends the window shows the old code until its refresh lands.
 */
export async function codeCheck(row: Locator, secret: Uint8Array): Promise<string> {
  const code = row.getByTestId('code');
  if ((await code.count()) !== 1) return 'no code shown';
  const t0 = Math.floor(Date.now() / 1000);
  const shown = await code.getAttribute('data-code');
  const t1 = Math.floor(Date.now() / 1000);
  const expected = [referenceTotp(secret, t0), referenceTotp(secret, t1)];
  return shown !== null && expected.includes(shown) ? 'ok' : `shows ${shown}, RFC 6238 gives ${[...new Set(expected)].join(' or ')}`;
}
