// Runs sandboxed before the renderer. Exposes exactly the contract's channels and events as
// window.twofold, and nothing of Electron or Node itself.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { isAppEvent, isChannel, type TwofoldApi } from '../common/ipc/api.js';

const EVENT_CHANNEL = 'twofold:event';

const api: TwofoldApi = {
  host: 'electron',
  invoke(channel, request) {
    if (!isChannel(channel)) return Promise.reject(new Error('unknown channel'));
    return ipcRenderer.invoke(channel, request);
  },
  on(event, listener) {
    if (!isAppEvent(event)) throw new Error('unknown event');
    const handler = (_e: IpcRendererEvent, name: unknown) => {
      if (name === event) listener();
    };
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => void ipcRenderer.removeListener(EVENT_CHANNEL, handler);
  },
};

contextBridge.exposeInMainWorld('twofold', api);
