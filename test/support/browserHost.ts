import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';

export interface RunningHost {
  url: string;
  dataDir: string;
  keychainService: string;
  child: ChildProcess;
  stop(): Promise<void>;
  /** Stop, then start again on the same data (a "restart the app"). */
  restart(): Promise<RunningHost>;
}

const root = path.resolve(import.meta.dirname, '..', '..');

/**
 * Starts the built browser host (dist/host/browserHost.js) on a fresh data folder and a keychain
 * service name of its own, so a test never sees a person's real accounts or another test's.
 */
export async function startBrowserHost(opts: { dataDir?: string; keychainService?: string; env?: NodeJS.ProcessEnv } = {}): Promise<RunningHost> {
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'twofold-e2e-'));
  const keychainService = opts.keychainService ?? `twofold-test-${randomUUID()}`;
  const child = spawn(process.execPath, [path.join(root, 'dist/host/browserHost.js')], {
    // Compiled code kept inside the test's own folder (removed with it), not in this machine's cache.
    env: { ...process.env, TWOFOLD_CACHE_DIR: path.join(dataDir, '.test-code-cache'), ...opts.env, TWOFOLD_DATA_DIR: dataDir, TWOFOLD_KEYCHAIN_SERVICE: keychainService, TWOFOLD_HOST_PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`browser host did not start:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /Twofold browser host: (http:\/\/\S+)/.exec(output);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`browser host exited with ${code}:\n${output}`));
    });
  });
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  };
  return {
    url,
    dataDir,
    keychainService,
    child,
    stop,
    async restart() {
      await stop();
      return startBrowserHost({ ...opts, dataDir, keychainService });
    },
  };
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
