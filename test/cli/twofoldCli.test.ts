import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeMigrationPayload } from '../../main/services/migration/migrationPayload.js';
import { hasSecretService } from '../support/realServices.js';
import { referenceTotp, RFC_SECRET, RFC_SECRET_B32 } from '../support/referenceTotp.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const bin = path.join(root, 'bin', 'twofold.js');

/** Compiled code of the CLI kept for these tests only, never in this machine's own cache folder. */
const testCodeCache = mkdtempSync(path.join(os.tmpdir(), 'twofold-cli-code-'));

function twofold(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], { env: { ...process.env, TWOFOLD_CACHE_DIR: testCodeCache, ...env }, encoding: 'utf8', timeout: 20_000 });
  return { status: r.status, stdout: r.stdout.trim(), stderr: r.stderr.trim() };
}


describe('twofold code --uri (no vault)', () => {
  it('prints the RFC 6238 SHA-1 code for a link at a given time', () => {
    const r = twofold(['code', '--uri', `otpauth://totp/Test:alice?secret=${RFC_SECRET_B32}&digits=8`, '--at', '59']);
    expect(r).toMatchObject({ status: 0, stdout: '94287082' });
  });

  it('agrees with an independent computation at the current time', () => {
    const now = Math.floor(Date.now() / 1000);
    const r = twofold(['code', '--uri', `otpauth://totp/Acme?secret=${RFC_SECRET_B32}`, '--at', String(now)]);
    expect(r.stdout).toBe(referenceTotp(RFC_SECRET, now));
  });

  it('prints an HOTP code at the counter the link names', () => {
    const r = twofold(['code', '--uri', `otpauth://hotp/Test?secret=${RFC_SECRET_B32}&counter=1`]);
    expect(r).toMatchObject({ status: 0, stdout: '287082' }); // RFC 4226 Appendix D, count 1
  });

  it('exits 2 with the reason on stderr, and never echoes the key, for a bad link', () => {
    const r = twofold(['code', '--uri', 'otpauth://totp/Acme?secret=JBSWY3DPEHPK3PX1']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/twofold: .+/);
    expect(r.stderr).not.toContain('JBSWY3DPEHPK3PX1');
  });

  it('runs as `npx twofold` from the repository root', () => {
    // --ignore-scripts: inside a test run, npx ran the package's `prepare` (the whole build) first, and
    // that rebuilt dist/ under the browser hosts other test files were running: their lazily loaded
    // chunk vanished and the copy test failed whenever the two files ran side by side.
    const r = spawnSync('npx', ['--no-install', '--ignore-scripts', 'twofold', 'code', '--uri', `otpauth://totp/Test:alice?secret=${RFC_SECRET_B32}&digits=8`, '--at', '59'], {
      cwd: root,
      env: { ...process.env, TWOFOLD_CACHE_DIR: testCodeCache },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe('94287082');
  });

  it('exits 2 with the reason for a time that is not a number of seconds', () => {
    const r = twofold(['code', '--uri', `otpauth://totp/a?secret=${RFC_SECRET_B32}`, '--at', 'yesterday']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^twofold: .*--at/);
  });

  it('exits 2 on an unknown command with the usage', () => {
    const r = twofold(['frobnicate']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('Unknown command');
    expect(r.stderr).toContain('Usage: twofold');
  });
});

describe.runIf(hasSecretService())('twofold on a vault (real Secret Service)', () => {
  const env = () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'twofold-cli-'));
    return { TWOFOLD_DATA_DIR: path.join(dir, 'data'), TWOFOLD_CACHE_DIR: path.join(dir, 'code-cache'), TWOFOLD_KEYCHAIN_SERVICE: `twofold-test-${randomUUID()}` };
  };

  it('adds, lists, prints codes and removes, with exit codes 0, 1 and 2 as documented', () => {
    const e = env();
    expect(twofold(['add', `otpauth://totp/Acme%20Imaging:alice%40clinic.org?secret=${RFC_SECRET_B32}&issuer=Acme%20Imaging`], e)).toMatchObject({
      status: 0,
      stdout: 'Added Acme Imaging (alice@clinic.org)',
    });
    expect(twofold(['add', `otpauth://totp/Acme%20Labs:bob?secret=JBSWY3DPEHPK3PXP`], e).status).toBe(0);

    const list = twofold(['list', '--json'], e);
    expect(list.status).toBe(0);
    const accounts = JSON.parse(list.stdout) as { issuer: string; accountName: string }[];
    expect(accounts.map((a) => a.issuer)).toEqual(['Acme Imaging', 'Acme Labs']);
    expect(list.stdout).not.toMatch(/secret|GEZDGNBV|JBSWY3DP/i);

    const before = Math.floor(Date.now() / 1000);
    const code = twofold(['code', 'imaging'], e);
    const after = Math.floor(Date.now() / 1000);
    expect(code.status).toBe(0);
    expect([referenceTotp(RFC_SECRET, before), referenceTotp(RFC_SECRET, after)]).toContain(code.stdout);

    expect(twofold(['code', 'acme'], e).status).toBe(2); // two accounts match: ambiguous is bad input
    expect(twofold(['code', 'nobody'], e).status).toBe(1);
    expect(twofold(['remove', 'labs'], e)).toMatchObject({ status: 0, stdout: 'Removed Acme Labs (bob)' });
    expect(twofold(['code', 'labs'], e).status).toBe(1);
  });

  it('prints every match with --json, a plain list, and says why on stderr for each refusal', () => {
    const e = env();
    const bob = Buffer.from('Hello!\xde\xad\xbe\xef', 'latin1'); // JBSWY3DPEHPK3PXP
    twofold(['add', `otpauth://totp/Acme%20Imaging:alice%40clinic.org?secret=${RFC_SECRET_B32}&issuer=Acme%20Imaging`], e);
    twofold(['add', `otpauth://totp/Acme%20Labs:bob?secret=JBSWY3DPEHPK3PXP`], e);

    expect(twofold(['list'], e)).toMatchObject({ status: 0, stdout: 'Acme Imaging (alice@clinic.org)  [totp]\nAcme Labs (bob)  [totp]' });

    // --json is for scripts: every account that matches, each with its code, instead of refusing to choose.
    const before = Math.floor(Date.now() / 1000);
    const json = twofold(['code', 'acme', '--json'], e);
    const after = Math.floor(Date.now() / 1000);
    expect(json.status).toBe(0);
    const codes = JSON.parse(json.stdout) as { issuer: string; accountName: string; code: string }[];
    expect(codes.map((c) => [c.issuer, c.accountName])).toEqual([
      ['Acme Imaging', 'alice@clinic.org'],
      ['Acme Labs', 'bob'],
    ]);
    expect([referenceTotp(RFC_SECRET, before), referenceTotp(RFC_SECRET, after)]).toContain(codes[0]!.code);
    expect([referenceTotp(bob, before), referenceTotp(bob, after)]).toContain(codes[1]!.code);

    expect(twofold(['code', 'acme'], e)).toMatchObject({ status: 2, stderr: expect.stringContaining('“acme” matches 2 accounts: Acme Imaging (alice@clinic.org); Acme Labs (bob). Be more specific.') });
    expect(twofold(['remove', 'acme'], e)).toMatchObject({ status: 2, stderr: expect.stringContaining('matches 2 accounts') });
    expect(twofold(['remove', 'nobody'], e)).toMatchObject({ status: 1, stderr: 'twofold: No account matches “nobody”.' });
    expect(twofold(['code', 'nobody', '--json'], e)).toMatchObject({ status: 1, stderr: 'twofold: No account matches “nobody”.' });

    const bad = twofold(['add', 'otpauth://totp/Acme:carol?secret=JBSWY3DPEHPK3PX0'], e);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^twofold: .*0/);
    expect(bad.stderr).not.toContain('JBSWY3DPEHPK3PX0');
    expect(twofold(['list', '--json'], e).stdout).not.toContain('carol');
  });

  it('adds every account of a Google Authenticator export link (its decoder loads from node_modules)', () => {
    const e = env();
    const secret = (n: number) => Uint8Array.from({ length: 20 }, (_, i) => (i * 7 + n) & 0xff);
    const bytes = encodeMigrationPayload({
      otpParameters: [
        { secret: secret(1), name: 'alice', issuer: 'Acme', algorithm: 1, digits: 1, type: 2, counter: '0' },
        { secret: secret(2), name: 'bob', issuer: 'Lab', algorithm: 2, digits: 2, type: 2, counter: '0' },
      ],
      version: 1,
      batchSize: 1,
      batchIndex: 0,
      batchId: 7,
    });
    const r = twofold(['add', `otpauth-migration://offline?data=${encodeURIComponent(Buffer.from(bytes).toString('base64'))}`], e);
    expect(r.status).toBe(0);
    const accounts = JSON.parse(twofold(['list', '--json'], e).stdout) as { issuer: string; digits: number }[];
    expect(accounts.map((a) => [a.issuer, a.digits])).toEqual([
      ['Acme', 6],
      ['Lab', 8],
    ]);
  });

  it('keeps its compiled code for the next run in the cache folder, private to this user, never in the data folder', () => {
    const e = env();
    expect(twofold(['add', `otpauth://totp/Acme:alice?secret=${RFC_SECRET_B32}`], e).status).toBe(0);
    const cacheFile = () => {
      const files = readdirSync(e.TWOFOLD_CACHE_DIR).filter((f) => /^twofold\.cjs-[0-9a-f]{32}\.v8$/.test(f));
      expect(files).toHaveLength(1);
      return path.join(e.TWOFOLD_CACHE_DIR, files[0]!);
    };
    const first = statSync(cacheFile());
    expect(first.mode & 0o077).toBe(0);
    expect(walk(e.TWOFOLD_DATA_DIR).filter((f) => f.endsWith('.v8'))).toEqual([]);
    // The next run takes it (a run that compiled would have written it again).
    expect(twofold(['list'], e).status).toBe(0);
    expect(statSync(cacheFile()).mtimeMs).toBe(first.mtimeMs);
  });

  it('keeps every key out of the files it writes in clear', () => {
    const e = env();
    twofold(['add', `otpauth://totp/Acme:alice?secret=${RFC_SECRET_B32}`], e);
    for (const file of walk(e.TWOFOLD_DATA_DIR)) {
      const text = readFileSync(file, 'utf8');
      expect(text).not.toContain(RFC_SECRET_B32);
      expect(text).not.toContain('12345678901234567890');
    }
  });
});

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}
