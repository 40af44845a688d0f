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
      secretKey: { kind: 'keyFile', file: path.join(cwd, '.twofold-server', 'secret.key') },
      delivery: { email: { kind: 'outbox' }, phone: { kind: 'outbox' }, devOutbox: { enabled: true, allowRemote: false } },
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
    const TWOFOLD_SECRET_KEY = 'q2Ht5gX0aZ3pLk9vWc8rYb1sNd4uEf7oJi6mTh2lQwA=';
    expect(load({ DATABASE_URL: url, TWOFOLD_SECRET_KEY })).toMatchObject({ database: { dialect: 'postgres', url }, seedDemo: false });
    expect(load({ DATABASE_URL: url, TWOFOLD_SECRET_KEY, TWOFOLD_SEED_DEMO: 'true' }).seedDemo).toBe(true);
    expect(load({ DATABASE_URL: 'postgresql://localhost/portal', TWOFOLD_SECRET_KEY }).database.dialect).toBe('postgres');
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

  it('takes the secret key from TWOFOLD_SECRET_KEY, and requires it on PostgreSQL without ever repeating it', () => {
    const key = 'q2Ht5gX0aZ3pLk9vWc8rYb1sNd4uEf7oJi6mTh2lQwA=';
    const configured = load({ TWOFOLD_SECRET_KEY: key }).secretKey;
    expect(configured.kind === 'configured' && configured.keys.map((k) => k.id)).toEqual([expect.stringMatching(/^[0-9a-f]{8}$/)]);
    expect(JSON.stringify(configured)).not.toContain(key);
    expect(load({ DATABASE_URL: 'sqlite::memory:' }).secretKey).toEqual({ kind: 'ephemeral' });
    expect(refusal({ DATABASE_URL: 'postgres://db.internal/portal' })).toMatch(/^TWOFOLD_SECRET_KEY is required with a PostgreSQL DATABASE_URL/);
    const message = refusal({ TWOFOLD_SECRET_KEY: key.slice(4) });
    expect(message).toMatch(/^TWOFOLD_SECRET_KEY is not 32 bytes/);
    expect(message).not.toContain(key.slice(4));
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

describe('loadServerConfig: delivery', () => {
  const TLS = { TLS_CERT_FILE: 'cert.pem', TLS_KEY_FILE: 'key.pem' };
  const TWILIO = {
    TWILIO_ACCOUNT_SID: 'AC0123456789abcdef0123456789abcdef',
    TWILIO_AUTH_TOKEN: 'tok-3e1f9a77c2',
    TWILIO_FROM: '+15555550100',
    TWILIO_CALLBACK_URL: 'https://portal.clinic.example/',
  };

  it('keeps the development outbox on only for the zero set-up run on this machine', () => {
    expect(load({}).delivery.devOutbox).toEqual({ enabled: true, allowRemote: false });
    const named = load({ DATABASE_URL: 'sqlite::memory:' }).delivery;
    expect(named).toEqual({ email: { kind: 'none' }, phone: { kind: 'none' }, devOutbox: { enabled: false, allowRemote: false } });
    expect(load({ DATABASE_URL: 'sqlite::memory:', DEV_OUTBOX: 'true' }).delivery.email).toEqual({ kind: 'outbox' });
    expect(load({ HOST: '0.0.0.0', ...TLS }).delivery.devOutbox.enabled).toBe(false);
    expect(load({ TRUST_PROXY: '10.0.0.5' }).delivery.devOutbox.enabled).toBe(false);
    expect(load({ DEV_OUTBOX: 'no' }).delivery).toMatchObject({ email: { kind: 'none' }, phone: { kind: 'none' } });
  });

  it('refuses DEV_OUTBOX=true where other machines can reach it, unless DEV_OUTBOX_ALLOW_REMOTE says so', () => {
    expect(refusal({ HOST: '0.0.0.0', ...TLS, DEV_OUTBOX: 'true' })).toMatch(/^Refusing DEV_OUTBOX=true on HOST=0\.0\.0\.0: .*DEV_OUTBOX_ALLOW_REMOTE=true/s);
    expect(refusal({ TRUST_PROXY: 'loopback', DEV_OUTBOX: 'true' })).toMatch(/behind a proxy \(TRUST_PROXY\)/);
    expect(load({ HOST: '0.0.0.0', ...TLS, DEV_OUTBOX: 'true', DEV_OUTBOX_ALLOW_REMOTE: 'true' }).delivery.devOutbox).toEqual({ enabled: true, allowRemote: true });
    expect(refusal({ DEV_OUTBOX: 'perhaps' })).toMatch(/^DEV_OUTBOX must be true or false\.$/);
  });

  it('reads SMTP_URL into host, port, TLS rule and credentials, keeping the password out of print', () => {
    const email = load({ SMTP_URL: 'smtp://mailer%40clinic:p%3Ass@mail.clinic.example', MAIL_FROM: 'Riverside Portal <no-reply@riverside.example>' }).delivery.email;
    if (email.kind !== 'smtp') throw new Error('expected SMTP');
    expect(email.smtp).toMatchObject({ host: 'mail.clinic.example', port: 587, secure: false, requireTls: true, user: 'mailer@clinic', from: 'Riverside Portal <no-reply@riverside.example>' });
    expect(email.smtp.password?.reveal()).toBe('p:ss');
    expect(JSON.stringify(email)).not.toContain('p:ss');
    expect(String(email.smtp.password)).toBe('[redacted]');
    const local = load({ SMTP_URL: 'smtp://127.0.0.1:2525', MAIL_FROM: 'portal@localhost.example' }).delivery.email;
    expect(local).toMatchObject({ kind: 'smtp', smtp: { port: 2525, requireTls: false, user: null, password: null } });
    expect(load({ SMTP_URL: 'smtps://u:p@mail.example', MAIL_FROM: 'a@b.example' }).delivery.email).toMatchObject({ smtp: { port: 465, secure: true, requireTls: false } });
  });

  it('sends email by SMTP, not also to the outbox, when both are on', () => {
    const d = load({ SMTP_URL: 'smtp://127.0.0.1:2525', MAIL_FROM: 'portal@clinic.example' }).delivery;
    expect(d.email.kind).toBe('smtp');
    expect(d.phone.kind).toBe('outbox');
  });

  it('refuses a bad SMTP_URL or MAIL_FROM without repeating the password', () => {
    const wrongScheme = refusal({ SMTP_URL: 'http://u:hunter2@mail.example', MAIL_FROM: 'a@b.example' });
    expect(wrongScheme).toBe('SMTP_URL must start with smtp:// or smtps:// (it starts with "http:").');
    expect(refusal({ SMTP_URL: 'smtp://u:hunter2@mail.example' })).toMatch(/^SMTP_URL is set but MAIL_FROM is not/);
    expect(refusal({ MAIL_FROM: 'a@b.example' })).toMatch(/^MAIL_FROM is set but SMTP_URL is not/);
    expect(refusal({ SMTP_URL: 'smtp://u:hunter2@mail.example', MAIL_FROM: 'nobody' })).toMatch(/^MAIL_FROM must be an address/);
    expect(refusal({ SMTP_URL: 'smtp://u@mail.example', MAIL_FROM: 'a@b.example' })).toMatch(/user name without a password/);
    for (const message of [wrongScheme, refusal({ SMTP_URL: 'smtp://u:hunter2@mail.example/x', MAIL_FROM: 'a@b.example' })]) {
      expect(message).not.toContain('hunter2');
    }
  });

  it('reads the Twilio settings, all four together, and keeps the token out of print', () => {
    const phone = load(TWILIO).delivery.phone;
    if (phone.kind !== 'twilio') throw new Error('expected Twilio');
    expect(phone.twilio).toMatchObject({ accountSid: TWILIO.TWILIO_ACCOUNT_SID, from: '+15555550100', baseUrl: 'https://api.twilio.com', callbackUrl: 'https://portal.clinic.example' });
    expect(phone.twilio.authToken.reveal()).toBe(TWILIO.TWILIO_AUTH_TOKEN);
    expect(JSON.stringify(phone)).not.toContain(TWILIO.TWILIO_AUTH_TOKEN);
    const { TWILIO_CALLBACK_URL: _, ...withoutCallback } = TWILIO;
    expect(refusal(withoutCallback)).toMatch(/missing: TWILIO_CALLBACK_URL\.$/);
    expect(refusal({ ...TWILIO, TWILIO_FROM: '555-0100' })).toMatch(/^TWILIO_FROM must be the sending number in E\.164 form/);
  });

  it('sends the Twilio token only over https, or plain http to this machine', () => {
    expect(refusal({ ...TWILIO, TWILIO_BASE_URL: 'http://sms-gateway.internal' })).toMatch(/^TWILIO_BASE_URL must be an https:\/\/ address/);
    expect(load({ ...TWILIO, TWILIO_BASE_URL: 'http://127.0.0.1:8999/' }).delivery.phone).toMatchObject({ twilio: { baseUrl: 'http://127.0.0.1:8999' } });
    expect(refusal({ ...TWILIO, TWILIO_CALLBACK_URL: 'https://user:pw@portal.example' })).toMatch(/^TWILIO_CALLBACK_URL must be a plain address/);
  });
});
