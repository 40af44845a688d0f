import { dispatch } from '../services/ipc/dispatch.js';
import { startApp, type StartAppOptions } from '../services/app/startApp.js';
import { ClipboardAckSchema } from './clipboardAckSchema.js';
import type { HostBackend } from './hostServer.js';
import type { PageClipboard } from './pageClipboard.js';

export interface HostApp {
  backend: HostBackend;
  shutdown(): Promise<void>;
}

/**
 * The services behind the browser host: the same startApp as Electron's main, and the same dispatch
 * gate. browserHost.ts imports this module only after it is listening, so zod, conf and the vault
 * load while the browser is already fetching the page.
 */
export async function startHostBackend(opts: Omit<StartAppOptions, 'clipboard'> & { clipboard: PageClipboard }): Promise<HostApp> {
  const app = await startApp(opts);
  return {
    backend: {
      call: (channel, body) => dispatch(app.handlers, channel, body, opts.log),
      clipboardAck: (body) => {
        const ack = ClipboardAckSchema.safeParse(body);
        if (ack.success) opts.clipboard.acknowledge(ack.data);
        return ack.success;
      },
    },
    shutdown: () => app.shutdown(),
  };
}
