// Test-only: a fresh, empty database of each dialect for one test file. Never imported by the service.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { requireService } from '../../../test/support/realServices.js';
import type { DatabaseLocation } from '../../config/databaseLocation.js';

/** The PostgreSQL every project machine runs (docs: ENVIRONMENT.md); override for another server. */
export const POSTGRES_TEST_URL = process.env.TWOFOLD_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  location: DatabaseLocation;
  /** Removes the file or drops the database, whatever the test left in it. */
  drop(): Promise<void>;
}

export interface TestDialect {
  name: 'SQLite' | 'PostgreSQL';
  /** False when the dialect's server is missing outside CI (the reason has been printed). */
  available: boolean;
  create(): Promise<TestDatabase>;
}

export async function testDialects(): Promise<TestDialect[]> {
  const postgresUp = await canReachPostgres();
  return [
    { name: 'SQLite', available: true, create: async () => createSqliteTestDatabase() },
    {
      name: 'PostgreSQL',
      available: requireService(
        'PostgreSQL',
        postgresUp,
        `nothing answers at ${describeUrl(POSTGRES_TEST_URL)}; start PostgreSQL there or set TWOFOLD_TEST_POSTGRES_URL`,
      ),
      create: createPostgresTestDatabase,
    },
  ];
}

export function createSqliteTestDatabase(): TestDatabase {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'twofold-server-db-'));
  return {
    location: { dialect: 'sqlite', file: path.join(dir, 'portal.db') },
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A database of its own per call (`twofold_test_<random>`), dropped with every connection to it. */
export async function createPostgresTestDatabase(): Promise<TestDatabase> {
  const name = `twofold_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withAdminClient((c) => c.query(`create database ${name}`));
  const url = new URL(POSTGRES_TEST_URL);
  url.pathname = `/${name}`;
  return {
    location: { dialect: 'postgres', url: url.toString() },
    drop: () => withAdminClient((c) => c.query(`drop database if exists ${name} with (force)`)).then(() => undefined),
  };
}

async function canReachPostgres(): Promise<boolean> {
  try {
    await withAdminClient((c) => c.query('select 1'));
    return true;
  } catch {
    return false;
  }
}

async function withAdminClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_TEST_URL, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function describeUrl(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || 5432}${u.pathname}`;
}
