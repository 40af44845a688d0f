import { BrowserWindow, nativeTheme } from 'electron';
import path from 'node:path';

/** The one app window. Renderer = the built bundle on disk; preload = the sandboxed CommonJS bundle. */
export function createCodesWindow(distDir: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 460,
    height: 720,
    minWidth: 360,
    minHeight: 420,
    show: false,
    title: 'Twofold',
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#111418' : '#f6f7f9',
    webPreferences: {
      preload: path.join(distDir, 'preload', 'electronPreload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
      devTools: !process.env.TWOFOLD_NO_DEVTOOLS,
    },
  });
  win.once('ready-to-show', () => win.show());
  void win.loadFile(path.join(distDir, 'renderer', 'index.html'));
  return win;
}

export function bringToFront(win: BrowserWindow): void {
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}
