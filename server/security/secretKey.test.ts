import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/configError.js';
import { parseSecretKey, SecretKey } from './secretKey.js';
import { secretKeyRing } from './secretKeyRing.js';
import { secretKeySourceFor } from './secretKeySource.js';

const bytes = randomBytes(32);
const hex = bytes.toString('hex');
const base64 = bytes.toString('base64');

const refusal = (run: () => unknown): string => {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('parseSecretKey', () => {
  it('reads the same key from hex, base64 and base64url', () => {
    const ids = [hex, hex.toUpperCase(), base64, bytes.toString('base64url'), `  ${base64}\n`].map((text) => {
      const parsed = parseSecretKey(text);
      if (!parsed.ok) throw new Error(parsed.problem);
      return parsed.key.id;
    });
    expect(new Set(ids).size).toBe(1);
    expect(ids[0]).toMatch(/^[0-9a-f]{8}$/);
  });

  it('refuses a key of the wrong length or alphabet, and a placeholder of repeated bytes', () => {
    for (const text of [hex.slice(2), `${hex}00`, randomBytes(16).toString('base64'), randomBytes(33).toString('base64'), `${base64.slice(0, -2)}!=`, 'changeme']) {
      expect(parseSecretKey(text)).toMatchObject({ ok: false, problem: expect.stringMatching(/is not 32 bytes/) });
    }
    expect(parseSecretKey('0'.repeat(64))).toEqual({ ok: false, problem: 'does not look random (too few distinct bytes)' });
    expect(parseSecretKey('ab'.repeat(32))).toMatchObject({ ok: false });
  });
});

describe('SecretKey', () => {
  it('never shows its bytes when logged, inspected or serialized', () => {
    const key = new SecretKey(bytes);
    for (const shown of [JSON.stringify(key), JSON.stringify({ config: { secretKey: key } }), inspect(key), inspect({ key }, { depth: 5 }), String(Object.values(key))]) {
      expect(shown).not.toContain(hex);
      expect(shown).not.toContain(base64);
      expect(shown).not.toContain(bytes.toString('base64url'));
    }
    expect(JSON.stringify(key)).toBe(`{"id":"${key.id}"}`);
  });

  it('derives independent keys per purpose, none equal to the secret itself', () => {
    const key = new SecretKey(bytes);
    const a = key.derive('secret-box/aes-256-gcm/v1');
    const b = key.derive('one-time-code/hmac-sha256/v1');
    expect(a).toHaveLength(32);
    expect(a.equals(b)).toBe(false);
    expect(a.equals(bytes) || b.equals(bytes)).toBe(false);
    expect(key.derive('secret-box/aes-256-gcm/v1').equals(a)).toBe(true);
  });

  it('makes a ring whose first key is current, without duplicates', () => {
    const [k1, k2] = [new SecretKey(randomBytes(32)), new SecretKey(randomBytes(32))];
    const ring = secretKeyRing([k2, k1, new SecretKey(Buffer.from(k2.exportBase64(), 'base64'))]);
    expect(ring.current.id).toBe(k2.id);
    expect(ring.all.map((k) => k.id)).toEqual([k2.id, k1.id]);
  });
});

describe('secretKeySourceFor', () => {
  const sqlite = { dialect: 'sqlite', file: '/srv/portal/.twofold-server/portal.db' } as const;
  const postgres = { dialect: 'postgres', url: 'postgres://db.internal/portal' } as const;

  it('keeps the embedded default in secret.key in the data folder, and in memory for an in-memory database', () => {
    expect(secretKeySourceFor(undefined, sqlite, '/srv/portal/.twofold-server')).toEqual({ kind: 'keyFile', file: '/srv/portal/.twofold-server/secret.key' });
    expect(secretKeySourceFor('', { dialect: 'sqlite', file: ':memory:' }, '/srv/portal/.twofold-server')).toEqual({ kind: 'ephemeral' });
  });

  it('takes TWOFOLD_SECRET_KEY on either database, several keys current first', () => {
    const other = randomBytes(32).toString('hex');
    const source = secretKeySourceFor(` ${base64} , ${other}`, postgres, '/d');
    if (source.kind !== 'configured') throw new Error('expected configured keys');
    expect(source.keys.map((k) => k.id)).toEqual([new SecretKey(bytes).id, new SecretKey(Buffer.from(other, 'hex')).id]);
    expect(secretKeySourceFor(hex, sqlite, '/d').kind).toBe('configured');
  });

  it('requires TWOFOLD_SECRET_KEY on PostgreSQL and says how to make one', () => {
    const message = refusal(() => secretKeySourceFor(undefined, postgres, '/d'));
    expect(message).toMatch(/^TWOFOLD_SECRET_KEY is required with a PostgreSQL DATABASE_URL/);
    expect(message).toContain('openssl rand -base64 32');
    expect(message).toContain('same value to every instance');
  });

  it('refuses a malformed key with a sentence that names the setting and never contains the value', () => {
    const shortKey = randomBytes(20).toString('hex');
    const message = refusal(() => secretKeySourceFor(shortKey, postgres, '/d'));
    expect(message).toMatch(/^TWOFOLD_SECRET_KEY is not 32 bytes written as 64 hex digits or 44 base64 characters\. Make one with/);
    expect(message).not.toContain(shortKey);
    const second = refusal(() => secretKeySourceFor(`${hex},${shortKey}`, postgres, '/d'));
    expect(second).toMatch(/^Entry 2 of TWOFOLD_SECRET_KEY is not 32 bytes/);
    expect(second).not.toContain(shortKey);
    expect(second).not.toContain(hex);
  });
});
