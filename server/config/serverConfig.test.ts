import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './configError.js';
import { describeDatabase } from './databaseLocation.js';
import { isLoopbackHost } from './loopback.js';
import { loadServerConfig } from './serverConfig.js';

const cwd = '/srv/portal';
const load = (env: Record<string, string>) => loadServerConfig(env, cwd);
const refusal = (env: Record<string, string>): string => {
  try {
    load(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('loadServerConfig', () => {
  it('starts with zero set-up: 127.0.0.1:8080, SQLite in .twofold-server, demo clinic, plain HTTP', () => {
    expect(load({})).toEqual({
      host: '127.0.0.1',
      port: 8080,
      dataDir: path.join(cwd, '.twofold-server'),
      database: { dialect: 'sqlite', file: path.join(cwd, '.twofold-server', 'portal.db') },
      tls: null,
      trustProxy: false,
      seedDemo: true,
      logLevel: 'info',
    });
  });

  it('takes HOST, PORT, the data folder and the log level from the environment', () => {
    const c = load({ HOST: 'localhost', PORT: '0', TWOFOLD_SERVER_DATA_DIR: '/var/lib/twofold', LOG_LEVEL: 'warn' });
    expect(c).toMatchObject({ host: 'localhost', port: 0, dataDir: '/var/lib/twofold', logLevel: 'warn' });
    expect(c.database).toEqual({ dialect: 'sqlite', file: '/var/lib/twofold/portal.db' });
  });

  it('treats an empty variable as unset', () => {
    expect(load({ HOST: '', PORT: '', DATABASE_URL: '' })).toMatchObject({ host: '127.0.0.1', port: 8080, seedDemo: true });
  });

  it('rejects a PORT that is not a port number, naming the variable', () => {
    expect(refusal({ PORT: 'eighty' })).toMatch(/^PORT must be a whole number from 0 to 65535\.$/);
    expect(refusal({ PORT: '70000' })).toMatch(/PORT must be a whole number/);
    expect(refusal({ PORT: '-1' })).toMatch(/PORT must be a whole number/);
  });

  it('rejects an unknown log level and a seed flag that is not a yes or no', () => {
    expect(refusal({ LOG_LEVEL: 'loud' })).toMatch(/LOG_LEVEL must be one of fatal, error/);
    expect(refusal({ TWOFOLD_SEED_DEMO: 'maybe' })).toMatch(/TWOFOLD_SEED_DEMO must be true or false/);
  });

  it('reads a PostgreSQL DATABASE_URL and then does not seed the demo clinic unless asked', () => {
    const url = 'postgres://portal:s3cret@db.internal:5432/portal';
    expect(load({ DATABASE_URL: url })).toMatchObject({ database: { dialect: 'postgres', url }, seedDemo: false });
    expect(load({ DATABASE_URL: url, TWOFOLD_SEED_DEMO: 'true' }).seedDemo).toBe(true);
    expect(load({ DATABASE_URL: 'postgresql://localhost/portal' }).database.dialect).toBe('postgres');
  });

  it('reads sqlite: URLs, relative to the working folder or absolute, and in memory', () => {
    expect(load({ DATABASE_URL: 'sqlite:data/p.db' }).database).toEqual({ dialect: 'sqlite', file: '/srv/portal/data/p.db' });
    expect(load({ DATABASE_URL: 'sqlite:///tmp/p.db' }).database).toEqual({ dialect: 'sqlite', file: '/tmp/p.db' });
    expect(load({ DATABASE_URL: 'sqlite::memory:' }).database).toEqual({ dialect: 'sqlite', file: ':memory:' });
  });

  it('rejects another database scheme without repeating the URL, which may hold a password', () => {
    const message = refusal({ DATABASE_URL: 'mysql://root:hunter2@db/portal' });
    expect(message).toBe('DATABASE_URL must start with postgres://, postgresql:// or sqlite: (it starts with "mysql:").');
    expect(message).not.toContain('hunter2');
  });

  it('describes a PostgreSQL database without its password', () => {
    const description = describeDatabase({ dialect: 'postgres', url: 'postgres://portal:s3cret@db.internal:6432/portal' });
    expect(description).toBe('PostgreSQL db.internal:6432/portal as portal');
  });

  it('refuses plain HTTP on an address other machines can reach, and says what to do', () => {
    for (const host of ['0.0.0.0', '::', '10.1.2.3', 'portal.clinic.example']) {
      const message = refusal({ HOST: host });
      expect(message).toContain(`Refusing to serve plain HTTP on HOST=${host}`);
      expect(message).toContain('TLS_CERT_FILE');
      expect(message).toContain('TRUST_PROXY');
      expect(message).toContain('HOST=127.0.0.1');
    }
  });

  it('serves HTTPS on any address when given a certificate and its key', () => {
    const c = load({ HOST: '0.0.0.0', TLS_CERT_FILE: 'tls/cert.pem', TLS_KEY_FILE: '/etc/twofold/key.pem' });
    expect(c.tls).toEqual({ certFile: '/srv/portal/tls/cert.pem', keyFile: '/etc/twofold/key.pem' });
  });

  it('refuses a certificate without its key, and a key without its certificate', () => {
    expect(refusal({ TLS_CERT_FILE: 'cert.pem' })).toMatch(/needs both TLS_CERT_FILE .* and TLS_KEY_FILE/);
    expect(refusal({ TLS_KEY_FILE: 'key.pem' })).toMatch(/only one is set/);
  });

  it('allows plain HTTP on a public address behind a TLS-terminating proxy named in TRUST_PROXY', () => {
    expect(load({ HOST: '0.0.0.0', TRUST_PROXY: '10.0.0.5, 192.168.0.0/16' }).trustProxy).toEqual(['10.0.0.5', '192.168.0.0/16']);
    expect(load({ HOST: '0.0.0.0', TRUST_PROXY: 'loopback' }).trustProxy).toEqual(['loopback']);
    expect(load({ HOST: '0.0.0.0', TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(load({ HOST: '0.0.0.0', TRUST_PROXY: 'true' }).trustProxy).toBe(true);
  });

  it('does not count TRUST_PROXY=false or 0 as a proxy in front', () => {
    expect(refusal({ HOST: '0.0.0.0', TRUST_PROXY: 'false' })).toContain('Refusing to serve plain HTTP');
    expect(refusal({ HOST: '0.0.0.0', TRUST_PROXY: '0' })).toContain('Refusing to serve plain HTTP');
  });

  it('rejects a TRUST_PROXY entry that is not an address, a range or a named range', () => {
    expect(refusal({ TRUST_PROXY: '10.0.0.5, the-proxy' })).toMatch(/TRUST_PROXY has "the-proxy", which is not an IP address/);
    expect(refusal({ TRUST_PROXY: '10.0.0.0/33' })).toMatch(/TRUST_PROXY has "10.0.0.0\/33"/);
  });
});

describe('isLoopbackHost', () => {
  it('accepts only addresses no other machine can reach', () => {
    for (const h of ['127.0.0.1', '127.8.9.10', 'localhost', 'LOCALHOST', '::1', '[::1]', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1']) {
      expect(isLoopbackHost(h), h).toBe(true);
    }
    for (const h of ['0.0.0.0', '::', '192.168.1.10', '128.0.0.1', 'portal.example', '::ffff:10.0.0.1', '::2']) {
      expect(isLoopbackHost(h), h).toBe(false);
    }
  });
});
