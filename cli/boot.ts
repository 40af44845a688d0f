// What `bin/twofold.js` runs: the CLI bundle (dist/cli/twofold.cjs) with V8's compiled code from an
// earlier run, kept in this machine's cache folder (main/services/codeCache/, decision 007).
// Compiling the 400 kB bundle was ~25 ms of every `twofold code`, whose target is 200 ms in all.
import os from 'node:os';
import path from 'node:path';
import { runWithCodeCache } from '../main/services/codeCache/codeCache.js';
import { resolveCodeCacheDir } from '../main/services/codeCache/codeCacheLocation.js';

const run = runWithCodeCache(path.join(__dirname, 'twofold.cjs'), resolveCodeCacheDir(process.env, process.platform, os.homedir()));
// Saved as the process ends, so the code of the whole command (not only its start) is in it.
if (!run.usedCache) process.once('exit', () => run.save());
