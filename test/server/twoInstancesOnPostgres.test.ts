import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresTestDatabase, testDialects, type TestDatabase } from '../../server/db/testing/testDatabases.js';
import { fromBase32, referenceTotp } from '../support/referenceTotp.js';

// Two processes of the built service on one PostgreSQL database, as behind a load balancer: what one
// accepts or counts, the other knows (issue 4). The in-process version of this is in signInApi.test.ts;
// here they are separate processes sharing nothing but the database and the secret key.
const root = path.resolve(import.meta.dirname, '..', '..');
const bundle = path.join(root, 'dist', 'server', 'main.js');
const postgres = (await testDialects()).find((d) => d.name === 'PostgreSQL')!;

interface Instance {
  child: ChildProcess;
  url: string;
  stdout: string;
}

function startInstance(databaseUrl: string, secretKey: string, cwd: string, waitFor: RegExp, seed: boolean): Promise<Instance> {
  const child = spawn(process.execPath, [bundle], {
    cwd,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATABASE_URL: databaseUrl, TWOFOLD_SECRET_KEY: secretKey, TWOFOLD_SEED_DEMO: String(seed), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no address within 30 s:\n${stdout}`)), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const url = /listening on (http:\/\/\S+)/.exec(stdout)?.[1];
      if (url && waitFor.test(stdout)) {
        clearTimeout(timer);
        resolve({ child, url, stdout });
      }
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code} before listening:\n${stdout}`)));
  });
}

describe.runIf(postgres.available)('two service processes on one PostgreSQL database', () => {
  let database: TestDatabase;
  let cwd: string;
  let a: Instance;
  let b: Instance;
  let passwords: Record<string, string>;

  beforeAll(async () => {
    if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run \`npm run build\` (npm test does) first`);
    database = await createPostgresTestDatabase();
    if (database.location.dialect !== 'postgres') throw new Error('expected PostgreSQL');
    cwd = mkdtempSync(path.join(os.tmpdir(), 'twofold-two-instances-'));
    const key = randomBytes(32).toString('hex');
    // The first migrates and seeds the demo clinic (its sign-ins are printed once); the second finds them.
    // (On PostgreSQL the demo seed is asked for: a real database is not filled with demo people unasked.)
    a = await startInstance(database.location.url, key, cwd, /chloe\.nguyen/, true);
    b = await startInstance(database.location.url, key, cwd, /./, false);
    passwords = Object.fromEntries([...a.stdout.matchAll(/^\s+\S+(?: admin)?\s+(\S+\.\S+)\s+(\S+)\s/gm)].map((m) => [m[1]!, m[2]!]));
  }, 60_000);

  afterAll(async () => {
    for (const instance of [a, b]) {
      if (instance?.child.exitCode === null) {
        const exited = new Promise((resolve) => instance.child.once('exit', resolve));
        instance.child.kill('SIGTERM');
        await exited;
      }
    }
    await database?.drop();
    if (cwd) rmSync(cwd, { recursive: true, force: true });
  });

  const post = async (on: Instance, url: string, body: object, token?: string) => {
    const res = await fetch(`${on.url}${url}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };

  it('refuses on one a code the other accepted: registration on A, sign-in on B, replay on A', async () => {
    expect(passwords['ana.lopez']).toBeDefined();
    const first = await post(a, '/api/auth/login', { username: 'ana.lopez', password: passwords['ana.lopez'] });
    const chosen = await post(a, '/api/auth/registration/method', { method: 'totp' }, first.body.loginToken);
    const secret = fromBase32(chosen.body.authenticator.secret);
    const now = Math.floor(Date.now() / 1000);
    // Registration spends this step's code; the next step's is within the look-around window.
    expect((await post(a, '/api/auth/registration/verify', { code: referenceTotp(secret, now) }, first.body.loginToken)).body).toMatchObject({ status: 'signed_in', method: 'totp' });

    const onB = await post(b, '/api/auth/login', { username: 'ana.lopez', password: passwords['ana.lopez'] });
    expect((await post(b, '/api/auth/second-factor/verify', { code: referenceTotp(secret, now) }, onB.body.loginToken)).body.error?.reason).toBe('mfa_failed');
    const onB2 = await post(b, '/api/auth/login', { username: 'ana.lopez', password: passwords['ana.lopez'] });
    expect((await post(b, '/api/auth/second-factor/verify', { code: referenceTotp(secret, now + 30) }, onB2.body.loginToken)).body).toMatchObject({ status: 'signed_in' });
    const onA = await post(a, '/api/auth/login', { username: 'ana.lopez', password: passwords['ana.lopez'] });
    expect((await post(a, '/api/auth/second-factor/verify', { code: referenceTotp(secret, now + 30) }, onA.body.loginToken)).body.error?.reason).toBe('mfa_failed');
  });

  it('shares the lockout: five wrong passwords across both lock the account on both', async () => {
    expect(passwords['ben.carter']).toBeDefined();
    for (let i = 0; i < 5; i++) expect((await post(i % 2 ? a : b, '/api/auth/login', { username: 'ben.carter', password: `guess ${i}` })).status).toBe(401);
    expect((await post(a, '/api/auth/login', { username: 'ben.carter', password: passwords['ben.carter'] })).status).toBe(429);
    expect((await post(b, '/api/auth/login', { username: 'ben.carter', password: passwords['ben.carter'] })).status).toBe(429);
  });
});
