// Builds every process's bundle into dist/: Electron main, the sandboxed preload, the browser host and
// its bridge, the CLI, the portal MFA service, the benchmarks (esbuild), and the renderer (Vite). Runs
// on `npm ci` (prepare), so `npx twofold` works straight after install.
import { build } from 'esbuild';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { confWithoutValidators } from './confWithoutValidators.mjs';
import { zodEnglishOnly } from './zodEnglishOnly.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
// Split bundles name their chunks by content hash: start clean so old chunks do not pile up.
rmSync('dist/host', { recursive: true, force: true });

// Native and Electron modules stay outside the bundles; everything else is bundled so a cold CLI start
// reads one file instead of hundreds.
const external = ['electron', '@napi-rs/keyring'];
// Bundled CommonJS dependencies call require(); give ESM bundles one.
const requireShim = "import { createRequire as __twofoldCreateRequire } from 'node:module'; const require = __twofoldCreateRequire(import.meta.url);";

const nodeEntry = (entry, outfile, extraExternal = [], more = {}) =>
  build({
    entryPoints: [entry],
    ...(more.splitting ? { outdir: path.dirname(outfile), splitting: true, chunkNames: 'chunks/[name]-[hash]' } : { outfile }),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    external: [...external, ...extraExternal],
    plugins: [zodEnglishOnly, confWithoutValidators],
    banner: { js: requireShim },
    // Minified: a cold `twofold code` or host start parses ~40 % less JavaScript.
    minify: true,
    keepNames: true,
    sourcemap: true,
    logLevel: 'warning',
  });

/**
 * A CommonJS bundle and the small boot that runs it with V8's code cache (main/services/codeCache/):
 * one file to load instead of a module graph, compiled code reused across starts. protobufjs stays in
 * node_modules; it loads only for a pasted export link.
 */
const codeCachedBundle = (entry, outfile, bootEntry, bootOutfile) => [
  build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: [...external, 'protobufjs', 'protobufjs/*'],
    plugins: [zodEnglishOnly, confWithoutValidators],
    minify: true,
    keepNames: true,
    sourcemap: true,
    logLevel: 'warning',
  }),
  build({ entryPoints: [bootEntry], outfile: bootOutfile, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning' }),
];

const jobs = [
  nodeEntry('main/platform/electronMain.ts', 'dist/main/electronMain.js'),
  // The browser host: a small entry that listens and serves the page (split: zod loads only for the
  // first clipboard answer), and the services it starts on a worker thread at once
  // (main/host/servicesThread.ts), as one CommonJS file: loading one file instead of an ES module graph
  // of chunks brought the first codes ~100 ms sooner while Chromium competes for the cores
  // (docs/benchmarks.md). protobufjs stays in node_modules; it loads only for a pasted export link.
  nodeEntry('main/host/browserHost.ts', 'dist/host/browserHost.js', [], { splitting: true }),
  ...codeCachedBundle('main/host/servicesWorker.ts', 'dist/host/servicesWorker.cjs', 'main/host/servicesWorkerBoot.ts', 'dist/host/servicesWorkerBoot.cjs'),
  // The CLI likewise, run by cli/boot.ts (bin/twofold.js requires it).
  ...codeCachedBundle('cli/twofold.ts', 'dist/cli/twofold.cjs', 'cli/boot.ts', 'dist/cli/boot.cjs'),
  // The portal MFA service. Native bindings load from node_modules; pg-native is pg's optional extra.
  nodeEntry('server/main.ts', 'dist/server/main.js', ['better-sqlite3', 'pg', 'pg-native', '@node-rs/argon2']),
  build({
    entryPoints: ['preload/electronPreload.ts'],
    outfile: 'dist/preload/electronPreload.cjs',
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['electron'],
    logLevel: 'warning',
  }),
  build({
    entryPoints: ['preload/browserBridge.ts'],
    outfile: 'dist/host/bridge.js',
    bundle: true,
    platform: 'browser',
    target: 'chrome120',
    format: 'iife',
    minify: true,
    logLevel: 'warning',
  }),
];
if (existsSync('bench/runBench.ts')) jobs.push(nodeEntry('bench/runBench.ts', 'dist/bench/runBench.js', ['playwright-core']));
// The portal service's benchmark: native bindings stay outside, as in the service's own bundle.
if (existsSync('bench/server/runServerBench.ts')) {
  jobs.push(nodeEntry('bench/server/runServerBench.ts', 'dist/bench/runServerBench.js', ['better-sqlite3', 'pg', 'pg-native', '@node-rs/argon2']));
}
await Promise.all(jobs.filter((j) => j));

// The renderer ships as React's production build. Vite picks React's build from NODE_ENV, which other
// tools in the same process may set to "development" when they find it unset; a development build
// once reached the tests that way (StrictMode's double effects then closed dialogs as they opened).
// So the mode is stated, not inferred, and the output is checked.
process.env.NODE_ENV = 'production';
const { build: viteBuild } = await import('vite');
await viteBuild({ configFile: path.join(root, 'renderer/vite.config.ts'), mode: 'production', logLevel: 'warn' });
assertProductionRenderer(path.join(root, 'dist/renderer/assets'));
console.log('build: dist/ ready');

/** Fails the build when React's development build slipped into the renderer bundle. */
function assertProductionRenderer(assetsDir) {
  for (const file of readdirSync(assetsDir).filter((f) => f.endsWith('.js'))) {
    if (readFileSync(path.join(assetsDir, file), 'utf8').includes('react-devtools')) {
      console.error(`build: ${file} holds React's development build; the renderer must ship the production build.`);
      process.exit(1);
    }
  }
}
