// `npm run dev:web`: the main-process services in plain Node, the real renderer in any browser.
// Where no Electron binary can be had this is how the app runs, and how Playwright drives the real UI.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveVaultLocation } from '../services/vault/vaultLocation.js';
import { consoleLogger } from '../services/log/logger.js';
import { createHostServer } from './hostServer.js';
import type { HostApp } from './hostBackend.js';
import os from 'node:os';

const distDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const log = consoleLogger('host');

const host = process.env.HOST ?? '127.0.0.1';
if (!['127.0.0.1', 'localhost', '::1'].includes(host)) {
  console.error('The browser host serves your codes and only listens on this computer (127.0.0.1).');
  process.exit(2);
}
const port = Number(process.env.TWOFOLD_HOST_PORT ?? process.env.PORT ?? 5317);
const token = randomBytes(24).toString('hex');
const location = resolveVaultLocation(process.env, process.platform, os.homedir());
const { dataDir } = location;

const server = createHostServer({
  // Another renderer build (a development build, in the test that checks one) can be served instead.
  rendererDir: process.env.TWOFOLD_RENDERER_DIR || path.join(distDir, 'renderer'),
  bridgeFile: path.join(distDir, 'host', 'bridge.js'),
  token,
  log,
});
// Listen first: the browser fetches the page and its scripts while the services below start, and the
// page's first requests wait for them (docs/benchmarks.md: start-up).
server.server.listen(port, host, () => {
  const address = server.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  // Tests read this line to find the address when they ask for port 0.
  console.log(`Twofold browser host: http://127.0.0.1:${actualPort}/`);
  console.log(`  data folder: ${dataDir}`);
});
server.server.on('error', (e: NodeJS.ErrnoException) => {
  console.error(e.code === 'EADDRINUSE' ? `Port ${port} is taken; set TWOFOLD_HOST_PORT to another port.` : `The browser host could not listen: ${e.message}`);
  process.exit(2);
});

let app: HostApp | null = null;
const stop = async () => {
  server.events.closeAll();
  server.server.close();
  await app?.shutdown();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());

// The services load right away, while the browser fetches the page: loading them keeps this thread busy
// for ~100 ms, which delays serving the page a little but brings the first codes sooner than waiting
// for the page first (measured both ways: docs/benchmarks.md).
try {
  const { startHostBackend } = await import('./hostBackend.js');
  app = await startHostBackend({ location, profileId: process.env.TWOFOLD_PROFILE || 'default', clipboard: server.clipboard, emit: server.emit, log });
  server.attach(app.backend);
} catch (e) {
  log.error('the services did not start', { error: e instanceof Error ? e.name : typeof e });
  // Every request then gets this answer instead of waiting forever.
  const message = 'Twofold could not open its data folder. Close this page, start Twofold again, and if it keeps happening, ask your IT team.';
  server.attach({ call: async () => ({ ok: false, error: { code: 'Internal', message } }), clipboardAck: () => false });
}

