import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../config/configError.js';
import { loadSecretKeys } from './loadSecretKeys.js';
import { randomSecretKey } from './testing/securityFixtures.js';

describe('loadSecretKeys', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'twofold-key-'));
    file = path.join(dir, 'secret.key');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates the key file on first start, readable by its owner only, and reuses it afterwards', () => {
    const first = loadSecretKeys({ kind: 'keyFile', file });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toMatch(/^[A-Za-z0-9+/]{43}=\n$/);
    expect(loadSecretKeys({ kind: 'keyFile', file }).current.id).toBe(first.current.id);
    expect(readdirSync(dir)).toEqual(['secret.key']);
  });

  it('refuses a key file other users can read, and says how to fix it', () => {
    loadSecretKeys({ kind: 'keyFile', file });
    chmodSync(file, 0o644);
    expect(() => loadSecretKeys({ kind: 'keyFile', file })).toThrow(new ConfigError(`The key file ${file} can be read by other users of this machine. Restrict it with: chmod 600 ${file}`));
  });

  it('refuses a damaged key file without quoting it', () => {
    const damaged = 'Zm9vYmFyYmF6cXV4cXV1eA==';
    writeFileSync(file, damaged, { mode: 0o600 });
    let message = '';
    try {
      loadSecretKeys({ kind: 'keyFile', file });
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      message = (e as Error).message;
    }
    expect(message).toMatch(/^The key file .* is not 32 bytes .* Restore it from a backup/);
    expect(message).not.toContain(damaged);
  });

  it('says so when the data folder cannot hold the key file', () => {
    expect(() => loadSecretKeys({ kind: 'keyFile', file: path.join(dir, 'missing', 'secret.key') })).toThrow(/^Cannot create the key file .*ENOENT/);
  });

  it('uses configured keys as given, and a fresh key per process for an in-memory database', () => {
    const [a, b] = [randomSecretKey(), randomSecretKey()];
    expect(loadSecretKeys({ kind: 'configured', keys: [a, b] }).all.map((k) => k.id)).toEqual([a.id, b.id]);
    expect(loadSecretKeys({ kind: 'ephemeral' }).current.id).not.toBe(loadSecretKeys({ kind: 'ephemeral' }).current.id);
  });
});
