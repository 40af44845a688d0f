// Builds every process's bundle into dist/: Electron main, the sandboxed preload, the browser host and
// its bridge, the CLI, the portal MFA service, the benchmarks (esbuild), and the renderer (Vite). Runs
// on `npm ci` (prepare), so `npx twofold` works straight after install.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { zodEnglishOnly } from './zodEnglishOnly.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

// Native and Electron modules stay outside the bundles; everything else is bundled so a cold CLI start
// reads one file instead of hundreds.
const external = ['electron', '@napi-rs/keyring'];
// Bundled CommonJS dependencies call require(); give ESM bundles one.
const requireShim = "import { createRequire as __twofoldCreateRequire } from 'node:module'; const require = __twofoldCreateRequire(import.meta.url);";

const nodeEntry = (entry, outfile, extraExternal = []) =>
  build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    external: [...external, ...extraExternal],
    plugins: [zodEnglishOnly],
    banner: { js: requireShim },
    // Minified: a cold `twofold code` or host start parses ~40 % less JavaScript.
    minify: true,
    keepNames: true,
    sourcemap: true,
    logLevel: 'warning',
  });

const jobs = [
  nodeEntry('main/platform/electronMain.ts', 'dist/main/electronMain.js'),
  nodeEntry('main/host/browserHost.ts', 'dist/host/browserHost.js'),
  nodeEntry('cli/twofold.ts', 'dist/cli/twofold.js'),
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
await Promise.all(jobs.filter((j) => j));

const { build: viteBuild } = await import('vite');
await viteBuild({ configFile: path.join(root, 'renderer/vite.config.ts'), logLevel: 'warn' });
console.log('build: dist/ ready');
