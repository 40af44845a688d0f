// Electron entry: window, tray, shortcut and IPC glue only. Everything else is in main/services and
// runs the same under Node tests and in the browser host.
import { app, globalShortcut, type BrowserWindow } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startApp } from '../services/app/startApp.js';
import { consoleLogger } from '../services/log/logger.js';
import { resolveVaultLocation } from '../services/vault/vaultLocation.js';
import { bringToFront, createCodesWindow } from './codesWindow.js';
import { electronClipboard } from './electronClipboard.js';
import { registerIpc, sendEvent } from './ipcMainBridge.js';
import { lockDownWebContents } from './secureWebContents.js';
import { createTray } from './trayIcon.js';

const distDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const assetsDir = path.resolve(distDir, '..', 'assets');
const log = consoleLogger('main');
/** Brings the window up from anywhere; chosen to avoid the common browser and OS bindings. */
const SHOW_SHORTCUT = process.env.TWOFOLD_SHORTCUT ?? 'CommandOrControl+Shift+2';

let win: BrowserWindow | null = null;

if (!app.requestSingleInstanceLock()) {
  // A second launch only brings the first one forward (see 'second-instance').
  app.quit();
} else {
  app.on('second-instance', () => win && bringToFront(win));
  void app.whenReady().then(async () => {
    lockDownWebContents();
    const services = await startApp({
      // Electron's own userData unless the environment points elsewhere (same rule as the CLI's).
      location: resolveVaultLocation({ TWOFOLD_DATA_DIR: app.getPath('userData'), ...process.env }, process.platform, app.getPath('home')),
      profileId: process.env.TWOFOLD_PROFILE || 'default',
      clipboard: electronClipboard,
      emit: (event) => sendEvent(win, event),
      log,
    });
    registerIpc(() => win, path.join(distDir, 'renderer', 'index.html'), services.handlers, log);
    win = createCodesWindow(distDir);
    const show = () => {
      if (!win || win.isDestroyed()) win = createCodesWindow(distDir);
      bringToFront(win);
    };
    createTray(assetsDir, { show, quit: () => app.quit() });
    if (!globalShortcut.register(SHOW_SHORTCUT, () => {
      show();
      sendEvent(win, 'app:focusSearch');
    })) {
      log.warn('global shortcut is taken by another program', { shortcut: SHOW_SHORTCUT });
    }
    app.on('activate', show);
    // Clear a pending copied code and close the vault before the process goes: hold the quit until then.
    let shutDown = false;
    app.on('before-quit', (event) => {
      if (shutDown) return;
      event.preventDefault();
      shutDown = true;
      void services.shutdown().finally(() => app.quit());
    });
  });
  // Staying alive in the tray is the point of a tray icon: closing the window does not quit.
  app.on('window-all-closed', () => {});
  app.on('will-quit', () => globalShortcut.unregisterAll());
}
