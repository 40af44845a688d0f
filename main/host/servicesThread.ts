import { Worker } from 'node:worker_threads';
import { AppError } from '../../common/errors.js';
import type { AppEvent, Result } from '../../common/ipc/api.js';
import type { Logger } from '../services/log/logger.js';
import type { HostBackend } from './hostServer.js';
import type { PageClipboard } from './pageClipboard.js';
import type { FromServices, ServicesThreadData, ToServices } from './servicesThreadMessages.js';

/** What the services use on the main thread: the page's clipboard and the event stream to the page. */
export interface MainThreadSide {
  clipboard: Pick<PageClipboard, 'writeConcealed' | 'clearIfHolds' | 'acknowledge'>;
  emit(event: AppEvent): void;
}

export interface ServicesThread {
  backend: HostBackend;
  /** Lets the services finish (clipboard clear, vault close), at most `timeoutMs`. */
  stop(timeoutMs?: number): Promise<void>;
}

const GONE: Result<unknown> = {
  ok: false,
  error: { code: 'Internal', message: 'Twofold stopped working in the background. Close this page and start Twofold again.' },
};

/**
 * Starts the services (servicesWorker.ts) on a thread of their own and answers the host server through
 * it. The main thread keeps the page's clipboard and event stream; the services ask it to use them.
 * Requests made before the services are up wait for them in the worker.
 */
export function startServicesThread(script: URL, data: ServicesThreadData, server: MainThreadSide, log: Logger): ServicesThread {
  const worker = new Worker(script, { workerData: data });
  const pending = new Map<number, (result: Result<unknown>) => void>();
  let nextId = 0;
  let gone = false;
  let stopped: (() => void) | null = null;
  const send = (message: ToServices) => worker.postMessage(message);

  worker.on('message', (message: FromServices) => {
    switch (message.kind) {
      case 'result':
        pending.get(message.id)?.(message.result);
        pending.delete(message.id);
        return;
      case 'event':
        server.emit(message.event);
        return;
      case 'clipboard': {
        const use = message.op === 'write' ? server.clipboard.writeConcealed(message.text).then(() => true) : server.clipboard.clearIfHolds(message.text);
        void use.then(
          (ok) => send({ kind: 'clipboardDone', id: message.id, ok }),
          (e: unknown) => {
            const error = e instanceof AppError ? { code: e.code, message: e.message } : { code: 'Internal', message: 'The clipboard could not be used.' };
            send({ kind: 'clipboardDone', id: message.id, ok: false, error });
          },
        );
        return;
      }
      case 'stopped':
        stopped?.();
        return;
    }
  });
  // A worker that dies answers everything still waiting, and everything after, with a plain message.
  const onGone = () => {
    if (gone) return;
    gone = true;
    for (const answer of pending.values()) answer(GONE);
    pending.clear();
    stopped?.();
  };
  worker.on('error', (e) => {
    log.error('the services thread failed', { error: e.name });
    onGone();
  });
  worker.on('exit', onGone);

  let ackSchema: Promise<typeof import('./clipboardAckSchema.js')> | null = null;
  return {
    backend: {
      call(channel, body) {
        if (gone) return Promise.resolve(GONE);
        const id = nextId++;
        return new Promise((resolve) => {
          pending.set(id, resolve);
          send({ kind: 'call', id, channel, body });
        });
      },
      // zod stays out of the main thread until the page first answers a clipboard request.
      async clipboardAck(body) {
        const { ClipboardAckSchema } = await (ackSchema ??= import('./clipboardAckSchema.js'));
        const ack = ClipboardAckSchema.safeParse(body);
        if (ack.success) server.clipboard.acknowledge(ack.data);
        return ack.success;
      },
    },
    async stop(timeoutMs = 5000) {
      if (gone) return;
      const done = new Promise<void>((resolve) => (stopped = resolve));
      send({ kind: 'shutdown' });
      const timer = setTimeout(() => stopped?.(), timeoutMs);
      await done;
      clearTimeout(timer);
      await worker.terminate();
    },
  };
}
