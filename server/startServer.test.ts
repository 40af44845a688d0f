import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { requireService } from '../test/support/realServices.js';
import { ConfigError } from './config/configError.js';
import { startServer, type RunningServer } from './startServer.js';

const running: RunningServer[] = [];
const folders: string[] = [];
afterEach(async () => {
  for (const r of running.splice(0)) await r.close();
  for (const f of folders.splice(0)) rmSync(f, { recursive: true, force: true });
});

function tempFolder(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'twofold-server-start-'));
  folders.push(dir);
  return dir;
}

async function start(cwd: string, env: Record<string, string> = {}): Promise<{ server: RunningServer; printed: string[] }> {
  const printed: string[] = [];
  const server = await startServer({ PORT: '0', LOG_LEVEL: 'silent', ...env }, cwd, (line) => printed.push(line));
  running.push(server);
  return { server, printed };
}

describe('startServer', () => {
  it('starts with zero set-up: SQLite in .twofold-server, demo clinic, address and demo sign-ins printed', async () => {
    const cwd = tempFolder();
    const { server, printed } = await start(cwd);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(printed[0]).toBe(`Twofold portal MFA service listening on ${server.url}`);
    expect(printed).toContain(`Database: SQLite ${path.join(cwd, '.twofold-server', 'portal.db')}`);
    if (!server.seed.created) throw new Error('expected the demo clinic');
    for (const user of server.seed.users) {
      expect(printed.some((l) => l.includes(user.username) && l.includes(user.password))).toBe(true);
    }
    expect(readFileSync(path.join(cwd, '.twofold-server', '.gitignore'), 'utf8')).toMatch(/^\*$/m);

    const health = await fetch(`${server.url}/healthz`);
    expect(await health.json()).toEqual({ status: 'ok' });
  });

  it('keeps its data across a restart and prints no sign-ins the second time', async () => {
    const cwd = tempFolder();
    const first = await start(cwd);
    await first.server.close();
    running.splice(running.indexOf(first.server), 1);

    const second = await start(cwd);
    expect(second.server.seed).toEqual({ created: false });
    expect(second.printed.join('\n')).not.toMatch(/demo-/);
    const users = await second.server.database.db.selectFrom('users').select('username').execute();
    expect(users).toHaveLength(5);
  });

  it('refuses plain HTTP on 0.0.0.0 before touching the disk', async () => {
    const cwd = tempFolder();
    await expect(start(cwd, { HOST: '0.0.0.0' })).rejects.toThrow(ConfigError);
    expect(existsSync(path.join(cwd, '.twofold-server'))).toBe(false);
  });

  it('refuses to listen beyond loopback without PUBLIC_BASE_URL, which emailed links need', async () => {
    const cwd = tempFolder();
    await expect(start(cwd, { HOST: '0.0.0.0', TRUST_PROXY: 'loopback' })).rejects.toThrow(/Set PUBLIC_BASE_URL/);
    expect(existsSync(path.join(cwd, '.twofold-server'))).toBe(false);
  });

  it('names a certificate file it cannot read', async () => {
    const cwd = tempFolder();
    await expect(start(cwd, { TLS_CERT_FILE: 'missing.pem', TLS_KEY_FILE: 'missing-key.pem' })).rejects.toThrow(
      `TLS_CERT_FILE=${path.join(cwd, 'missing.pem')} cannot be read: there is no such file.`,
    );
  });

  it('says which port is taken', async () => {
    const cwd = tempFolder();
    const first = await start(cwd, { DATABASE_URL: 'sqlite::memory:', TWOFOLD_SEED_DEMO: 'false' });
    const port = new URL(first.server.url).port;
    await expect(start(cwd, { DATABASE_URL: 'sqlite::memory:', PORT: port })).rejects.toThrow(`Port ${port} on 127.0.0.1 is already in use`);
  });

  const hasOpenssl = spawnSync('openssl', ['version']).status === 0;
  it.runIf(requireService('openssl', hasOpenssl, 'apt-get install openssl'))('serves HTTPS with HSTS when given a certificate and key', async () => {
    const cwd = tempFolder();
    const made = spawnSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=localhost',
        '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', 'key.pem', '-out', 'cert.pem'],
      { cwd, encoding: 'utf8' },
    );
    expect(made.status, made.stderr).toBe(0);
    const { server } = await start(cwd, { TLS_CERT_FILE: 'cert.pem', TLS_KEY_FILE: 'key.pem', DATABASE_URL: 'sqlite::memory:' });
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);

    const ca = readFileSync(path.join(cwd, 'cert.pem'));
    const { status, headers, body } = await new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
      https
        .get(`${server.url}/healthz`, { ca }, (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        })
        .on('error', reject);
    });
    expect(status).toBe(200);
    expect(JSON.parse(body)).toEqual({ status: 'ok' });
    expect(headers['strict-transport-security']).toBe('max-age=63072000; includeSubDomains');
  });
});
