// What `bin/twofold.js` runs: the CLI bundle (dist/cli/twofold.cjs) with V8's compiled code from an
// earlier run, kept in the data folder's cache (main/services/codeCache/codeCache.ts, decision 007).
// Compiling the 400 kB bundle was ~25 ms of every `twofold code`, whose target is 200 ms in all.
import os from 'node:os';
import path from 'node:path';
import { runWithCodeCache } from '../main/services/codeCache/codeCache.js';
import { resolveVaultLocation } from '../main/services/vault/vaultLocation.js';

const { dataDir } = resolveVaultLocation(process.env, process.platform, os.homedir());
const run = runWithCodeCache(path.join(__dirname, 'twofold.cjs'), path.join(dataDir, 'cache'));
// Saved as the process ends, so the code of the whole command (not only its start) is in it.
if (!run.usedCache) process.once('exit', () => run.save());
