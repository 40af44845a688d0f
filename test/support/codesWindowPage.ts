import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { removeDir, startBrowserHost, type RunningHost } from './browserHost.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './realServices.js';

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
