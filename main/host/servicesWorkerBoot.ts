// The browser host's services thread starts here: it runs dist/host/servicesWorker.cjs with V8's
// compiled code from an earlier start (codeCache.ts), and saves that code once this start is done.
import os from 'node:os';
import path from 'node:path';
import { parentPort } from 'node:worker_threads';
import { runWithCodeCache } from '../services/codeCache/codeCache.js';
import { resolveCodeCacheDir } from '../services/codeCache/codeCacheLocation.js';
import type { ToServices } from './servicesThreadMessages.js';

/** Long enough for the first screen to have been answered, so its code is compiled and in the cache. */
const SAVE_AFTER_MS = 3_000;

const run = runWithCodeCache(path.join(__dirname, 'servicesWorker.cjs'), resolveCodeCacheDir(process.env, process.platform, os.homedir()));
if (!run.usedCache) {
  setTimeout(() => run.save(), SAVE_AFTER_MS).unref();
  // A start shorter than that (a quick look, a test) saves on the way out: the next start still gains.
  parentPort?.on('message', (message: ToServices) => {
    if (message.kind === 'shutdown') run.save();
  });
}
