import { build } from 'esbuild';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * Bundles a TypeScript worker (tsx and vite-node are not installed) into node_modules/.cache, where Node
 * resolves the native `@napi-rs/keyring` left outside the bundle, and returns the file to run with `node` (the caller removes it in `afterAll`).
 */
export async function buildWorker(name: string): Promise<string> {
  const outDir = path.join(root, 'node_modules', '.cache', 'twofold-vault-tests');
  mkdirSync(outDir, { recursive: true });
  const outfile = path.join(outDir, `${name}-${process.pid}.mjs`);
  await build({
    entryPoints: [path.join(root, 'test', 'vault', 'workers', `${name}.ts`)],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    external: ['@napi-rs/keyring'],
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: 'warning',
  });
  return outfile;
}

export function runWorker(file: string, args: unknown, env: NodeJS.ProcessEnv = process.env): ChildProcess {
  return spawn(process.execPath, [file, JSON.stringify(args)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Runs a worker to its end and returns its stdout, rejecting with its stderr on a non-zero exit. */
export function runWorkerToEnd(file: string, args: unknown, env?: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = runWorker(file, args, env);
    let out = '';
    let err = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`worker exited ${code}: ${err}`))));
  });
}
