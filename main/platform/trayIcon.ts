import { Menu, Tray, nativeImage } from 'electron';
import path from 'node:path';

/** Tray icon with the two things people look for there: bring the window up, or quit. */
export function createTray(assetsDir: string, actions: { show: () => void; quit: () => void }): Tray {
  const icon = nativeImage.createFromPath(path.join(assetsDir, process.platform === 'darwin' ? 'trayTemplate.png' : 'tray.png'));
  const tray = new Tray(icon);
  tray.setToolTip('Twofold');
  tray.setContextMenu(
    Menu.buildFromTemplate([
      { label: 'Show Twofold', click: actions.show },
      { type: 'separator' },
      // No `role: 'quit'` here: Electron ignores `click` on an item with a role, and quitting goes through
      // the app's own quit (which lets the services clear the clipboard and close the vault first).
      { label: 'Quit Twofold', click: actions.quit },
    ]),
  );
  tray.on('click', actions.show);
  return tray;
}
