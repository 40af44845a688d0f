import { loadAuthSettings } from './auth/authSettings.js';
import { createAdminDeps } from './admin/adminDeps.js';
import { isLoopbackHost } from './config/loopback.js';
import { readPublicBaseUrl } from './config/publicBaseUrl.js';
import { ConfigError } from './config/configError.js';
import { describeDatabase } from './config/databaseLocation.js';
import { prepareDataDir } from './config/prepareDataDir.js';
import { readTlsCredentials } from './config/readTlsCredentials.js';
import { loadServerConfig, type ServerConfig } from './config/serverConfig.js';
import { migrateToLatest } from './db/migrateToLatest.js';
import { openDatabase, type OpenDatabase } from './db/openDatabase.js';
import { selectDelivery, type Delivery } from './delivery/selectDelivery.js';
import { buildServer, type PortalServer } from './http/buildServer.js';
import { formatDemoUsers } from './seed/formatDemoUsers.js';
import { generateDemoPassword } from './security/demoPassword.js';
import { argon2idHasher } from './security/passwordHash.js';
import { loadSecretKeys } from './security/loadSecretKeys.js';
import type { SecretKeyRing } from './security/secretKeyRing.js';
import { seedDemoClinicIfEmpty, type SeedOutcome } from './seed/seedDemoClinic.js';

export interface RunningServer {
  config: ServerConfig;
  /** e.g. http://127.0.0.1:8080 */
  url: string;
  app: PortalServer;
  database: OpenDatabase;
  seed: SeedOutcome;
  /** TWOFOLD_SECRET_KEY, or the embedded default's key file: for createSecretBox and createOneTimeCodes. */
  secretKeys: SecretKeyRing;
  /** Where email, texts and calls go (SMTP, the phone provider, or the development outbox). */
  delivery: Delivery;
  close(): Promise<void>;
}

/**
 * The service's start-up, in order: configuration, database and its migrations, the demo clinic when
 * asked for, then the HTTP listener. Throws ConfigError for anything the person starting it must fix.
 * `print` receives the lines meant for that person (address, database, demo sign-ins), not log lines.
 */
export async function startServer(
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
  print: (line: string) => void,
): Promise<RunningServer> {
  const config = loadServerConfig(env, cwd);
  // Checked before anything touches the disk, like the rest of the configuration.
  const publicBaseUrl = readPublicBaseUrl(env);
  if (!publicBaseUrl && !isLoopbackHost(config.host)) {
    throw new ConfigError('Set PUBLIC_BASE_URL to the address people use to reach the portal (e.g. https://portal.example.org): the links it emails need it.');
  }
  const authSettings = loadAuthSettings(env);
  const tlsCredentials = readTlsCredentials(config.tls);
  if (config.database.dialect === 'sqlite' && config.database.file !== ':memory:') prepareDataDir(config.dataDir);
  const secretKeys = loadSecretKeys(config.secretKey);

  // The logger exists once the app does; a connection lost before that has nobody to tell but stderr.
  let reportPoolError = (error: Error): void => {
    process.stderr.write(`twofold-server: database connection lost: ${error.message}\n`);
  };
  const database = openDatabase(config.database, { onPoolError: (error) => reportPoolError(error) });
  try {
    await migrateToLatest(database.db, database.dialect).catch((error: unknown) => {
      throw new Error(`${describeDatabase(config.database)}: ${(error as Error).message}`, { cause: error });
    });
    const seed: SeedOutcome = config.seedDemo
      ? await seedDemoClinicIfEmpty(database.db, { hasher: argon2idHasher, now: () => new Date(), generatePassword: generateDemoPassword })
      : { created: false };

    const delivery = selectDelivery(config, database.db);
    const admin = createAdminDeps({ db: database.db, keys: secretKeys, delivery, publicBaseUrl });
    const app = await buildServer(config, {
      db: database.db,
      tlsCredentials,
      deliveryRoutes: delivery.routes,
      signIn: { db: database.db, groupCommit: database.groupCommit, keys: secretKeys, hasher: argon2idHasher, email: delivery.email, phone: delivery.phone, settings: authSettings },
      admin,
    });
    reportPoolError = (error) => app.log.warn({ err: error }, 'database connection lost; the pool reconnects');
    try {
      await app.listen({ host: config.host, port: config.port });
    } catch (error) {
      await app.close();
      throw listenError(error, config);
    }
    const url = serverUrl(app, config);
    // On loopback without PUBLIC_BASE_URL, emailed links use the address just bound (its port may have been 0).
    admin.publicBaseUrl ??= url;

    print(`Twofold portal MFA service listening on ${url}`);
    print(`Database: ${describeDatabase(config.database)}`);
    print(`API description: ${url}/openapi.json`);
    // The delivery summary names the outbox by path; here the address is known, so give it whole.
    for (const line of delivery.summary) print(line.replace(/^Development outbox: \/dev\/outbox/, `Development outbox: ${url}/dev/outbox`));
    if (seed.created) for (const line of formatDemoUsers(seed)) print(line);

    return {
      config,
      url,
      app,
      database,
      seed,
      secretKeys,
      delivery,
      async close() {
        await app.close();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}

function serverUrl(app: PortalServer, config: ServerConfig): string {
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host.includes(':') && !config.host.startsWith('[') ? `[${config.host}]` : config.host;
  return `${config.tls ? 'https' : 'http'}://${host}:${port}`;
}

function listenError(error: unknown, config: ServerConfig): Error {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') return new ConfigError(`Port ${config.port} on ${config.host} is already in use. Stop the other program or choose another PORT.`);
  if (code === 'EADDRNOTAVAIL') return new ConfigError(`HOST=${config.host} is not an address of this machine.`);
  if (code === 'EACCES') return new ConfigError(`Not allowed to listen on port ${config.port}; ports below 1024 need privileges. Choose a PORT above 1023.`);
  return error instanceof Error ? error : new Error(String(error));
}
