// `npm start`: open the desktop app. Where no Electron binary could be installed (as on machines that
// cannot reach Electron's release host), say so and start the browser host instead.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let electronPath = null;
try {
  const candidate = require('electron'); // the package's main exports the binary's path
  if (typeof candidate === 'string' && existsSync(candidate)) electronPath = candidate;
} catch {
  // The package throws when its binary was never downloaded: handled below.
}

const run = (cmd, args) => {
  const child = spawn(cmd, args, { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
};

if (electronPath) {
  run(electronPath, ['.']);
} else {
  console.log('No Electron binary is installed here (it downloads from a release host this machine cannot reach).');
  console.log('Starting the browser host instead: the same app, in your browser.');
  run(process.execPath, ['dist/host/browserHost.js']);
}
