import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The built service, as `npm run server` runs it: proves the esbuild bundle carries its migrations and
// finds its native modules (better-sqlite3, @node-rs/argon2) from node_modules. `npm test` builds first.
const root = path.resolve(import.meta.dirname, '..', '..');
const bundle = path.join(root, 'dist', 'server', 'main.js');

describe('dist/server/main.js', () => {
  let child: ChildProcess;
  let cwd: string;
  let stdout = '';
  let url = '';

  beforeAll(async () => {
    if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run \`npm run build\` (npm test does) first`);
    cwd = mkdtempSync(path.join(os.tmpdir(), 'twofold-server-bundle-'));
    child = spawn(process.execPath, [bundle], { cwd, env: { ...process.env, PORT: '0', HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no address printed within 20 s:\n${stdout}`)), 20_000);
      child.stdout?.on('data', () => {
        const match = /listening on (http:\/\/\S+)/.exec(stdout);
        // Wait for the whole sign-in table, which follows the address.
        if (match?.[1] && /chloe\.nguyen/.test(stdout)) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      child.once('exit', (code) => reject(new Error(`exited with ${code} before listening:\n${stdout}`)));
    });
  });

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    if (cwd) rmSync(cwd, { recursive: true, force: true });
  });

  it('starts on the embedded database and answers /healthz', async () => {
    const res = await fetch(`${url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('prints the five demo sign-ins once, and never puts a password or a query string in a log line', async () => {
    const passwords = [...stdout.matchAll(/\b(demo-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})\b/g)].map((m) => m[1] ?? '');
    expect(new Set(passwords).size).toBe(5);

    await fetch(`${url}/healthz?token=not-for-the-log`);
    await new Promise((r) => setTimeout(r, 200));
    const logLines = stdout.split('\n').filter((l) => l.startsWith('{'));
    expect(logLines.length).toBeGreaterThan(0);
    for (const line of logLines) {
      expect(line).not.toContain('not-for-the-log');
      for (const p of passwords) expect(line).not.toContain(p);
    }
  });

  it('stops cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});

describe('dist/server/main.js with a configuration it refuses', () => {
  it('exits 2 with a sentence on stderr for plain HTTP on 0.0.0.0', () => {
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'twofold-server-bundle-'));
    try {
      const r = spawnSync(process.execPath, [bundle], { cwd, env: { ...process.env, HOST: '0.0.0.0', PORT: '0' }, encoding: 'utf8', timeout: 20_000 });
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^twofold-server: Refusing to serve plain HTTP on HOST=0\.0\.0\.0/);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});
