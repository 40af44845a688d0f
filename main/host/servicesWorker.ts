// The browser host's services thread: the same startApp and dispatch gate as Electron's main process,
// in a worker thread of its own, so that loading them (zod, conf, the vault, the keychain read) does not
// hold up the host's main thread, which meanwhile serves the page and its scripts to the browser.
import { parentPort, workerData } from 'node:worker_threads';
import { AppError, isErrorCode } from '../../common/errors.js';
import type { Result } from '../../common/ipc/api.js';
import { startApp } from '../services/app/startApp.js';
import type { ClipboardPort } from '../services/clipboard/clipboardGuard.js';
import { dispatch } from '../services/ipc/dispatch.js';
import { errorSummary } from '../services/log/errorSummary.js';
import { consoleLogger } from '../services/log/logger.js';
import type { FromServices, ServicesThreadData, ToServices } from './servicesThreadMessages.js';

const port = parentPort;
if (!port) throw new Error('servicesWorker.ts runs as a worker thread of the browser host');
const data = workerData as ServicesThreadData;
const log = consoleLogger('host');
const post = (message: FromServices) => port.postMessage(message);

/** The clipboard belongs to the page, which main reaches: ask main and wait for its answer. */
const waiting = new Map<number, (answer: Extract<ToServices, { kind: 'clipboardDone' }>) => void>();
let nextId = 0;
const ask = (op: 'write' | 'clearIfHolds', text: string) =>
  new Promise<Extract<ToServices, { kind: 'clipboardDone' }>>((resolve) => {
    const id = nextId++;
    waiting.set(id, resolve);
    post({ kind: 'clipboard', id, op, text });
  });
const clipboard: ClipboardPort = {
  async writeConcealed(text) {
    const answer = await ask('write', text);
    if (!answer.ok) {
      const code = answer.error && isErrorCode(answer.error.code) ? answer.error.code : 'Internal';
      throw new AppError(code, answer.error?.message ?? 'The clipboard could not be used.');
    }
  },
  clearIfHolds: async (text) => (await ask('clearIfHolds', text)).ok,
};

const FAILED: Result<unknown> = {
  ok: false,
  error: { code: 'Internal', message: 'Twofold could not open its data folder. Close this page, start Twofold again, and if it keeps happening, ask your IT team.' },
};

const app = startApp({ location: data.location, profileId: data.profileId, clipboard, emit: (event) => post({ kind: 'event', event }), log }).catch((e: unknown) => {
  log.error('the services did not start', { error: errorSummary(e) });
  return null;
});

type Started = NonNullable<Awaited<typeof app>>;

/** Posts the answer to request `id` once the services are up (FAILED if they could not start). */
function answer(id: number, produce: (started: Started) => Promise<Result<unknown>>) {
  void app
    .then(async (started) => post({ kind: 'result', id, result: started ? await produce(started) : FAILED }))
    // For a result that cannot be posted at all.
    .catch((e: unknown) => {
      log.error('a result could not be sent', { error: errorSummary(e) });
      post({ kind: 'result', id, result: { ok: false, error: { code: 'Internal', message: 'Something went wrong inside Twofold. Check whether your last change was saved.' } } });
    });
}

port.on('message', (message: ToServices) => {
  switch (message.kind) {
    case 'call':
      // dispatch answers every failure itself.
      answer(message.id, (started) => dispatch(started.handlers, message.channel, message.body, log));
      return;
    case 'firstScreen':
      answer(message.id, async (started) => {
        try {
          return { ok: true, value: await started.firstScreen(message.rows) };
        } catch (e) {
          // The page then goes out without its picture; the renderer asks, and reports, as usual.
          log.warn('the first screen could not be drawn', { error: errorSummary(e) });
          return FAILED;
        }
      });
      return;
    case 'clipboardDone':
      waiting.get(message.id)?.(message);
      waiting.delete(message.id);
      return;
    case 'shutdown':
      void app
        .then((started) => started?.shutdown())
        .catch((e: unknown) => log.warn('the services did not stop cleanly', { error: errorSummary(e) }))
        .finally(() => post({ kind: 'stopped' }));
      return;
  }
});
