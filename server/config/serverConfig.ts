import path from 'node:path';
import { z } from 'zod';
import { DELIVERY_ENV_SHAPE, deliverySettingsFrom, type DeliverySettings } from '../delivery/deliveryConfig.js';
import { ConfigError } from './configError.js';
import { parseDatabaseUrl, type DatabaseLocation } from './databaseLocation.js';
import { isLoopbackHost } from './loopback.js';
import { isBehindProxy, parseTrustProxy, type TrustProxy } from './trustProxy.js';
import { secretKeySourceFor, type SecretKeySource } from '../security/secretKeySource.js';

export interface TlsFiles {
  certFile: string;
  keyFile: string;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface ServerConfig {
  host: string;
  port: number;
  /** Where the embedded database and anything else the service keeps on disk live. */
  dataDir: string;
  database: DatabaseLocation;
  /** HTTPS when set; plain HTTP otherwise (allowed only on loopback or behind a trusted proxy). */
  tls: TlsFiles | null;
  trustProxy: TrustProxy;
  /** Create the demo clinic when the database has no organization yet. */
  seedDemo: boolean;
  logLevel: LogLevel;
  /** Email, texts and calls: SMTP, a Twilio-compatible API, the development outbox (docs/server.md, Delivery). */
  delivery: DeliverySettings;
  /** Encrypts TOTP keys at rest and keys code hashes; read or created by loadSecretKeys at start. */
  secretKey: SecretKeySource;
}

const flag = (name: string) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: `${name} must be true or false.` })
    .transform((v) => v === 'true' || v === '1' || v === 'yes');

// Every variable arrives as a string or not at all; an empty string counts as unset.
const EnvSchema = z.object({
  HOST: z.string().trim().min(1).regex(/^[^\s/]+$/, 'HOST must be an address or host name, e.g. 127.0.0.1.').default('127.0.0.1'),
  PORT: z
    .string()
    .trim()
    .regex(/^\d{1,5}$/, 'PORT must be a whole number from 0 to 65535.')
    .transform(Number)
    .refine((n) => n <= 65535, 'PORT must be a whole number from 0 to 65535.')
    .default(8080),
  TWOFOLD_SERVER_DATA_DIR: z.string().trim().min(1).optional(),
  DATABASE_URL: z.string().optional(),
  TLS_CERT_FILE: z.string().trim().min(1).optional(),
  TLS_KEY_FILE: z.string().trim().min(1).optional(),
  TRUST_PROXY: z.string().optional(),
  TWOFOLD_SEED_DEMO: flag('TWOFOLD_SEED_DEMO').optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}.` }).default('info'),
  TWOFOLD_SECRET_KEY: z.string().optional(),
  ...DELIVERY_ENV_SHAPE,
});

/**
 * Reads the service's configuration from environment variables (docs/server.md lists them). Throws a
 * ConfigError with a message a person can act on; never returns a configuration that would send
 * passwords over plain HTTP to another machine.
 */
export function loadServerConfig(env: Readonly<Record<string, string | undefined>>, cwd: string): ServerConfig {
  const present = Object.fromEntries(
    Object.keys(EnvSchema.shape).flatMap((k) => (env[k] !== undefined && env[k] !== '' ? [[k, env[k]]] : [])),
  );
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    // Messages name the variable; values are not echoed, since some of them are secrets.
    const lines = parsed.error.issues.map((i) => {
      const key = String(i.path[0] ?? 'configuration');
      return i.message.startsWith(key) ? i.message : `${key}: ${i.message}`;
    });
    throw new ConfigError([...new Set(lines)].join('\n'));
  }
  const e = parsed.data;

  const dataDir = path.resolve(cwd, e.TWOFOLD_SERVER_DATA_DIR ?? '.twofold-server');
  const database = parseDatabaseUrl(e.DATABASE_URL, dataDir, cwd);
  const trustProxy = parseTrustProxy(e.TRUST_PROXY);
  const secretKey = secretKeySourceFor(e.TWOFOLD_SECRET_KEY, database, dataDir);

  if ((e.TLS_CERT_FILE === undefined) !== (e.TLS_KEY_FILE === undefined)) {
    throw new ConfigError('HTTPS needs both TLS_CERT_FILE (the certificate, PEM) and TLS_KEY_FILE (its private key, PEM); only one is set.');
  }
  const tls = e.TLS_CERT_FILE && e.TLS_KEY_FILE ? { certFile: path.resolve(cwd, e.TLS_CERT_FILE), keyFile: path.resolve(cwd, e.TLS_KEY_FILE) } : null;

  if (!tls && !isLoopbackHost(e.HOST) && !isBehindProxy(trustProxy)) {
    throw new ConfigError(
      `Refusing to serve plain HTTP on HOST=${e.HOST}: other machines could reach it, and passwords and codes would cross the network unencrypted.\n` +
        'Do one of these:\n' +
        '  - give the service a certificate: TLS_CERT_FILE=/path/cert.pem TLS_KEY_FILE=/path/key.pem\n' +
        '  - if a TLS-terminating proxy is in front, name it: TRUST_PROXY=<proxy address or CIDR>\n' +
        '  - listen on this machine only: HOST=127.0.0.1',
    );
  }

  return {
    host: e.HOST,
    port: e.PORT,
    dataDir,
    database,
    tls,
    trustProxy,
    // Zero set-up means a demo clinic on the embedded database; a named database is someone's real one.
    seedDemo: e.TWOFOLD_SEED_DEMO ?? e.DATABASE_URL === undefined,
    logLevel: e.LOG_LEVEL,
    delivery: deliverySettingsFrom(e, { host: e.HOST, behindProxy: isBehindProxy(trustProxy), embeddedDatabase: e.DATABASE_URL === undefined }),
    secretKey,
  };
}
