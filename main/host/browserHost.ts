// `npm run dev:web`: the main-process services in plain Node, the real renderer in any browser.
// Where no Electron binary can be had this is how the app runs, and how Playwright drives the real UI.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveVaultLocation } from '../services/vault/vaultLocation.js';
import { consoleLogger } from '../services/log/logger.js';
import { createHostServer } from './hostServer.js';
import { startServicesThread } from './servicesThread.js';
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
// The services start on a thread of their own at once, while this thread listens and serves the page
// and its scripts; the page's first requests wait for them (docs/benchmarks.md: start-up).
const services = startServicesThread(new URL('./servicesWorkerBoot.cjs', import.meta.url), { location, profileId: process.env.TWOFOLD_PROFILE || 'default' }, server, log, {
  max: 3,
  withinMs: 60_000,
  // The page then says "start Twofold again", which needs this port free: leave once it has been told.
  onGiveUp: () => {
    console.error('Twofold stopped: its services kept failing. Start it again; if it keeps happening, ask your IT team.');
    setTimeout(() => process.exit(1), 1000).unref();
  },
});
server.attach(services.backend);

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

const stop = async () => {
  server.events.closeAll();
  server.server.close();
  await services.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
