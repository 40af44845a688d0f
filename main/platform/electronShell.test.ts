// The Electron layer under plain Node: `electron` is replaced by small fakes that record what the
// layer asks of it, so window options, lockdown, tray, IPC gate, clipboard and the main entry's
// lifecycle are checked here, where no Electron binary can be had (test/e2e/electronApp.e2e.test.ts
// runs the real app wherever one exists).
import { EventEmitter } from 'node:events';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANNEL_NAMES } from '../../common/ipc/contract.js';
import type { Handlers } from '../services/ipc/dispatch.js';
import { silentLogger } from '../services/log/logger.js';

const fake = vi.hoisted(() => {
  // vi.hoisted runs before imports: node:events is required here rather than imported.
  const { EventEmitter: Emitter } = require('node:events') as typeof import('node:events');
  class FakeWebContents extends Emitter {
    readonly mainFrame = { url: '' };
    readonly send = vi.fn();
    readonly setWindowOpenHandler = vi.fn();
  }
  class FakeBrowserWindow extends Emitter {
    static created: FakeBrowserWindow[] = [];
    readonly webContents = new FakeWebContents();
    minimized = false;
    destroyed = false;
    readonly show = vi.fn();
    readonly focus = vi.fn();
    readonly restore = vi.fn(() => void (this.minimized = false));
    readonly loadFile = vi.fn(async () => {});
    constructor(readonly options: Record<string, unknown>) {
      super();
      FakeBrowserWindow.created.push(this);
    }
    isMinimized() {
      return this.minimized;
    }
    isDestroyed() {
      return this.destroyed;
    }
  }
  class FakeTray extends Emitter {
    static created: FakeTray[] = [];
    menu: Array<{ label?: string; type?: string; role?: string; click?: () => void }> = [];
    readonly setToolTip = vi.fn();
    constructor(readonly icon: unknown) {
      super();
      FakeTray.created.push(this);
    }
    setContextMenu(menu: FakeTray['menu']) {
      this.menu = menu;
    }
  }
  class FakeClipboardItem {
    constructor(readonly entries: Record<string, unknown>) {}
  }
  const app = Object.assign(new Emitter(), {
    lockGranted: true,
    ready: Promise.resolve(),
    requestSingleInstanceLock: vi.fn(() => app.lockGranted),
    quit: vi.fn(),
    whenReady: vi.fn(() => app.ready),
    getPath: vi.fn((name: string) => `/tmp/twofold-electron-test/${name}`),
  });
  const ipcHandlers = new Map<string, (event: unknown, payload: unknown) => Promise<unknown>>();
  const module = {
    app,
    BrowserWindow: FakeBrowserWindow,
    Tray: FakeTray,
    ClipboardItem: FakeClipboardItem,
    Menu: { buildFromTemplate: vi.fn((template: unknown) => template) },
    nativeImage: { createFromPath: vi.fn((p: string) => ({ path: p })) },
    nativeTheme: { shouldUseDarkColors: false },
    session: { defaultSession: { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() } },
    globalShortcut: { register: vi.fn(() => true), unregisterAll: vi.fn() },
    ipcMain: { handle: vi.fn((channel: string, fn: (event: unknown, payload: unknown) => Promise<unknown>) => void ipcHandlers.set(channel, fn)) },
    clipboard: { write: vi.fn(async () => {}), readText: vi.fn(async () => ''), clear: vi.fn() },
  };
  return { module, app, FakeBrowserWindow, FakeTray, FakeClipboardItem, ipcHandlers };
});
vi.mock('electron', () => fake.module);

const services = vi.hoisted(() => ({ shutdown: vi.fn(async () => {}), startApp: vi.fn() }));
vi.mock('../services/app/startApp.js', () => ({ startApp: services.startApp }));

beforeEach(() => {
  vi.clearAllMocks();
  fake.FakeBrowserWindow.created.length = 0;
  fake.FakeTray.created.length = 0;
  fake.ipcHandlers.clear();
  fake.app.removeAllListeners();
  fake.app.lockGranted = true;
  services.startApp.mockResolvedValue({ handlers: {}, shutdown: services.shutdown });
});

describe('the codes window', () => {
  it('is created isolated, sandboxed and without Node, from the built preload and renderer, shown once ready', async () => {
    const { createCodesWindow } = await import('./codesWindow.js');
    createCodesWindow('/opt/twofold/dist');
    const win = fake.FakeBrowserWindow.created[0]!;
    expect(win.options.webPreferences).toMatchObject({
      preload: path.join('/opt/twofold/dist', 'preload', 'electronPreload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
    expect(win.options.show).toBe(false);
    expect(win.loadFile).toHaveBeenCalledWith(path.join('/opt/twofold/dist', 'renderer', 'index.html'));
    expect(win.show).not.toHaveBeenCalled();
    win.emit('ready-to-show');
    expect(win.show).toHaveBeenCalledTimes(1);
  });

  it('comes to the front from minimized', async () => {
    const { bringToFront, createCodesWindow } = await import('./codesWindow.js');
    createCodesWindow('/d');
    const win = fake.FakeBrowserWindow.created[0]!;
    win.minimized = true;
    bringToFront(win as never);
    expect(win.restore).toHaveBeenCalled();
    expect(win.show).toHaveBeenCalled();
    expect(win.focus).toHaveBeenCalled();
  });
});

describe('lockDownWebContents', () => {
  it('prevents navigation, redirects and webviews, denies new windows and every permission', async () => {
    const { lockDownWebContents } = await import('./secureWebContents.js');
    lockDownWebContents();
    const contents = new (class extends EventEmitter {
      readonly setWindowOpenHandler = vi.fn();
    })();
    fake.app.emit('web-contents-created', {}, contents);
    for (const name of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const event = { preventDefault: vi.fn() };
      contents.emit(name, event, 'https://evil.example/');
      expect(event.preventDefault, name).toHaveBeenCalled();
    }
    const openHandler = contents.setWindowOpenHandler.mock.calls[0]![0] as (d: unknown) => unknown;
    expect(openHandler({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });

    const session = fake.module.session.defaultSession;
    const onRequest = session.setPermissionRequestHandler.mock.calls[0]![0] as (wc: unknown, p: string, cb: (ok: boolean) => void) => void;
    const answer = vi.fn();
    onRequest({}, 'clipboard-read', answer);
    expect(answer).toHaveBeenCalledWith(false);
    const onCheck = session.setPermissionCheckHandler.mock.calls[0]![0] as () => boolean;
    expect(onCheck()).toBe(false);
  });
});

describe('the tray icon', () => {
  it('offers Show and Quit, each doing what it says, and shows the window on a click', async () => {
    const { createTray } = await import('./trayIcon.js');
    const actions = { show: vi.fn(), quit: vi.fn() };
    createTray('/opt/twofold/assets', actions);
    const tray = fake.FakeTray.created[0]!;
    expect(tray.setToolTip).toHaveBeenCalledWith('Twofold');
    expect(tray.menu.map((i) => i.label ?? i.type)).toEqual(['Show Twofold', 'separator', 'Quit Twofold']);
    // A role would make Electron ignore the click (and skip the app's own quit).
    expect(tray.menu.every((i) => i.role === undefined)).toBe(true);
    tray.menu[0]!.click!();
    expect(actions.show).toHaveBeenCalledTimes(1);
    tray.menu[2]!.click!();
    expect(actions.quit).toHaveBeenCalledTimes(1);
    tray.emit('click');
    expect(actions.show).toHaveBeenCalledTimes(2);
  });
});

describe('registerIpc', () => {
  const index = '/opt/twofold/dist/renderer/index.html';
  const status = { state: 'ready', message: null, accountCount: 0, profileId: 'default' };

  async function registered() {
    const { registerIpc } = await import('./ipcMainBridge.js');
    const { createCodesWindow } = await import('./codesWindow.js');
    createCodesWindow('/opt/twofold/dist');
    const win = fake.FakeBrowserWindow.created[0]!;
    win.webContents.mainFrame.url = pathToFileURL(index).href;
    const handler = vi.fn(async () => status);
    registerIpc(() => win as never, index, { 'vault:status': handler } as unknown as Handlers, silentLogger);
    return { win, handler, invoke: (event: unknown) => fake.ipcHandlers.get('vault:status')!(event, {}) };
  }

  it('registers exactly the contract channels', async () => {
    await registered();
    expect([...fake.ipcHandlers.keys()].sort()).toEqual([...CHANNEL_NAMES].sort());
  });

  it("serves our window's main frame showing our page", async () => {
    const { win, handler, invoke } = await registered();
    expect(await invoke({ sender: win.webContents, senderFrame: win.webContents.mainFrame })).toEqual({ ok: true, value: status });
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('refuses another window, a subframe and another page before the handler runs', async () => {
    const { win, handler, invoke } = await registered();
    const refused = { ok: false, error: { code: 'InvalidInput', message: 'Request refused.' } };
    expect(await invoke({ sender: {}, senderFrame: win.webContents.mainFrame })).toEqual(refused);
    expect(await invoke({ sender: win.webContents, senderFrame: { url: pathToFileURL(index).href } })).toEqual(refused);
    win.webContents.mainFrame.url = 'https://evil.example/';
    expect(await invoke({ sender: win.webContents, senderFrame: win.webContents.mainFrame })).toEqual(refused);
    expect(handler).not.toHaveBeenCalled();
  });
});

describe('the Electron clipboard', () => {
  it("writes the code with this OS's concealed marks in one write, and clears only its own code", async () => {
    const { electronClipboard } = await import('./electronClipboard.js');
    const { concealedFormats } = await import('../services/clipboard/concealedFormats.js');
    await electronClipboard.writeConcealed('123456');
    const [items] = fake.module.clipboard.write.mock.calls[0] as unknown as [InstanceType<typeof fake.FakeClipboardItem>[]];
    expect(items).toHaveLength(1);
    const entries = items[0]!.entries;
    expect(entries['text/plain']).toBe('123456');
    for (const name of Object.keys(concealedFormats(process.platform))) expect(Object.keys(entries)).toContain(`electron application/osclipboard;format="${name}"`);

    fake.module.clipboard.readText.mockResolvedValueOnce('something the user copied since');
    expect(await electronClipboard.clearIfHolds('123456')).toBe(false);
    expect(fake.module.clipboard.clear).not.toHaveBeenCalled();
    fake.module.clipboard.readText.mockResolvedValueOnce('123456');
    expect(await electronClipboard.clearIfHolds('123456')).toBe(true);
    expect(fake.module.clipboard.clear).toHaveBeenCalledTimes(1);
  });
});

describe('the main entry', () => {
  async function start() {
    vi.resetModules();
    await import('./electronMain.js');
    await fake.app.ready;
    // startApp and the window come in the whenReady continuation.
    await vi.waitFor(() => expect(fake.FakeTray.created).toHaveLength(1));
  }

  it('quits at once when another instance holds the lock', async () => {
    fake.app.lockGranted = false;
    vi.resetModules();
    await import('./electronMain.js');
    expect(fake.app.quit).toHaveBeenCalledTimes(1);
    expect(fake.app.whenReady).not.toHaveBeenCalled();
  });

  it('locks down, opens the window, tray and shortcut, and brings the window up for a second launch', async () => {
    await start();
    expect(fake.module.session.defaultSession.setPermissionCheckHandler).toHaveBeenCalled();
    expect(fake.ipcHandlers.size).toBe(CHANNEL_NAMES.length);
    const win = fake.FakeBrowserWindow.created[0]!;
    expect(fake.module.globalShortcut.register).toHaveBeenCalledWith('CommandOrControl+Shift+2', expect.any(Function));

    win.minimized = true;
    fake.app.emit('second-instance');
    expect(win.restore).toHaveBeenCalled();
    expect(win.focus).toHaveBeenCalled();

    // The shortcut brings the window up and puts the cursor in the search box.
    const onShortcut = (fake.module.globalShortcut.register.mock.calls[0] as unknown as [string, () => void])[1];
    onShortcut();
    expect(win.show).toHaveBeenCalled();
    expect(win.webContents.send).toHaveBeenCalledWith('twofold:event', 'app:focusSearch');
  });

  it('holds the quit until the services have shut down, and lets the shortcut go', async () => {
    await start();
    let finish!: () => void;
    services.shutdown.mockImplementationOnce(() => new Promise<void>((resolve) => (finish = resolve)));
    const event = { preventDefault: vi.fn() };
    fake.app.emit('before-quit', event);
    expect(event.preventDefault).toHaveBeenCalled();
    expect(services.shutdown).toHaveBeenCalledTimes(1);
    expect(fake.app.quit).not.toHaveBeenCalled();
    finish();
    await vi.waitFor(() => expect(fake.app.quit).toHaveBeenCalledTimes(1));
    // The second before-quit (from that quit) goes through.
    const again = { preventDefault: vi.fn() };
    fake.app.emit('before-quit', again);
    expect(again.preventDefault).not.toHaveBeenCalled();
    fake.app.emit('will-quit');
    expect(fake.module.globalShortcut.unregisterAll).toHaveBeenCalled();
  });

  it('keeps running in the tray when the window is closed', async () => {
    await start();
    fake.app.emit('window-all-closed');
    expect(fake.app.quit).not.toHaveBeenCalled();
  });
});
