import { Worker } from 'node:worker_threads';
import { AppError } from '../../common/errors.js';
import type { AppEvent, Result } from '../../common/ipc/api.js';
import { errorSummary } from '../services/log/errorSummary.js';
import type { Logger } from '../services/log/logger.js';
import { releaseLocksOfThisProcess } from '../services/vault/vaultLock.js';
import { profileDir } from '../services/vault/vaultLocation.js';
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

export interface RestartPolicy {
  /** Restarts allowed within `withinMs`; past that the thread stays down and `onGiveUp` is told. */
  max: number;
  withinMs: number;
  /** The browser host exits then: the page's advice ("start Twofold again") needs the port free. */
  onGiveUp?: () => void;
}

const INTERRUPTED: Result<unknown> = {
  ok: false,
  error: { code: 'Internal', message: 'Twofold hit a problem in the background and restarted that part. Nothing saved was lost; check whether your last change was saved before trying it again.' },
};
const GONE: Result<unknown> = {
  ok: false,
  error: { code: 'Internal', message: 'Twofold stopped working in the background. Close this page and start Twofold again.' },
};

/**
 * Starts the services (servicesWorker.ts) on a thread of their own and answers the host server through
 * it. The main thread keeps the page's clipboard and event stream; the services ask it to use them.
 * Requests made before the services are up wait for them in the worker.
 *
 * A thread that dies (an error nothing caught, out of memory; a crash in native code takes the whole
 * process) is started again, a few times a minute at most: the vault is crash-safe by design, so a
 * fresh start finds everything that was saved. The vault lock it may have held names this living
 * process, so nobody else would break it: it is released first. Requests it was answering get a plain
 * error; the page is told to load its data again.
 */
export function startServicesThread(script: URL, data: ServicesThreadData, server: MainThreadSide, log: Logger, restarts: RestartPolicy = { max: 3, withinMs: 60_000 }): ServicesThread {
  const pending = new Map<number, (result: Result<unknown>) => void>();
  const restartTimes: number[] = [];
  let nextId = 0;
  let dead = false;
  let stopping = false;
  let stopped: (() => void) | null = null;

  const spawn = (): Worker => {
    const worker = new Worker(script, { workerData: data });
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
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      lost(worker);
    };
    // 'error' comes before the thread has stopped (its file writes may still land): act on 'exit'.
    worker.on('error', (e) => log.error('the services thread failed', { error: errorSummary(e) }));
    worker.on('exit', end);
    return worker;
  };

  let current = spawn();

  /** The current thread ended: answer what it held, then start another unless stopping or too often. */
  function lost(worker: Worker) {
    if (worker !== current) return;
    const now = Date.now();
    while (restartTimes.length > 0 && now - restartTimes[0]! > restarts.withinMs) restartTimes.shift();
    dead = !stopping && restartTimes.length >= restarts.max;
    const answer = stopping || dead ? GONE : INTERRUPTED;
    for (const reply of pending.values()) reply(answer);
    pending.clear();
    if (stopping) {
      stopped?.();
      return;
    }
    try {
      releaseLocksOfThisProcess(profileDir(data.location.dataDir, data.profileId));
    } catch (e) {
      log.warn('could not release the vault lock of the stopped thread', { error: errorSummary(e) });
    }
    if (dead) {
      log.error('the services thread keeps stopping; not starting it again', { restarts: restartTimes.length });
      restarts.onGiveUp?.();
      return;
    }
    restartTimes.push(now);
    log.warn('the services thread stopped; starting it again', { restarts: restartTimes.length });
    current = spawn();
    // What the page shows may be older than what the vault holds: it loads again.
    server.emit('vault:changed');
  }

  /** One request to the services; answered by their `result` message, or by `lost` if the thread ends first. */
  function ask(message: (id: number) => ToServices): Promise<Result<unknown>> {
    if (dead || stopping) return Promise.resolve(GONE);
    const id = nextId++;
    return new Promise((resolve) => {
      pending.set(id, resolve);
      current.postMessage(message(id));
    });
  }

  let ackSchema: Promise<typeof import('./clipboardAckSchema.js')> | null = null;
  let stopping$: Promise<void> | null = null;
  return {
    backend: {
      call: (channel, body) => ask((id) => ({ kind: 'call', id, channel, body })),
      firstScreen: (rows) => ask((id) => ({ kind: 'firstScreen', id, rows })),
      // zod stays out of the main thread until the page first answers a clipboard request.
      async clipboardAck(body) {
        const { ClipboardAckSchema } = await (ackSchema ??= import('./clipboardAckSchema.js'));
        const ack = ClipboardAckSchema.safeParse(body);
        if (ack.success) server.clipboard.acknowledge(ack.data);
        return ack.success;
      },
    },
    // Every caller (a second Ctrl+C, SIGTERM after SIGINT) waits for the same orderly stop.
    stop(timeoutMs = 5000) {
      stopping$ ??= (async () => {
        if (dead) return;
        stopping = true;
        const done = new Promise<void>((resolve) => (stopped = resolve));
        current.postMessage({ kind: 'shutdown' } satisfies ToServices);
        const timer = setTimeout(() => stopped?.(), timeoutMs);
        await done;
        clearTimeout(timer);
        await current.terminate();
      })();
      return stopping$;
    },
  };
}
