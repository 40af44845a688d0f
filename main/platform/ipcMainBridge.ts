import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { pathToFileURL } from 'node:url';
import { CHANNEL_NAMES, type AppEvent } from '../../common/ipc/contract.js';
import { dispatch, type Handlers } from '../services/ipc/dispatch.js';
import type { Logger } from '../services/log/logger.js';
import { isTrustedSender } from '../services/ipc/trustedSender.js';

/** The IPC event name for pushes; the preload listens on this one name only. */
export const EVENT_CHANNEL = 'twofold:event';

/**
 * Registers one handler per contract channel. A request is served only when it comes from the main
 * frame of our own window showing our own bundled page: anything else (an injected frame, a page that
 * somehow navigated) is refused before its payload is even parsed.
 */
export function registerIpc(getWindow: () => BrowserWindow | null, rendererIndex: string, handlers: Handlers, log: Logger): void {
  const expectedUrl = pathToFileURL(rendererIndex).href;
  const trusted = (event: IpcMainInvokeEvent) => {
    const win = getWindow();
    const frame = event.senderFrame;
    return isTrustedSender(
      { fromOurWindow: !!win && event.sender === win.webContents, isMainFrame: !!win && frame === win.webContents.mainFrame, url: frame?.url ?? null },
      expectedUrl,
    );
  };
  for (const channel of CHANNEL_NAMES) {
    ipcMain.handle(channel, async (event, payload: unknown) => {
      if (!trusted(event)) {
        log.warn('refused IPC from an untrusted sender', { channel });
        return { ok: false, error: { code: 'InvalidInput', message: 'Request refused.' } };
      }
      return dispatch(handlers, channel, payload, log);
    });
  }
}

export function sendEvent(win: BrowserWindow | null, event: AppEvent): void {
  if (win && !win.isDestroyed()) win.webContents.send(EVENT_CHANNEL, event);
}
