// Fresh databases for `npm run bench:server`: a SQLite file in a temporary folder, or a PostgreSQL
// database of its own on the local server (trust auth), removed afterwards.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { DatabaseLocation } from '../../server/config/databaseLocation.js';

/** Where the bench creates its PostgreSQL databases (an existing database to connect to for CREATE DATABASE). */
export const POSTGRES_ADMIN_URL = process.env.TWOFOLD_BENCH_POSTGRES_URL ?? process.env.TWOFOLD_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface BenchDatabase {
  location: DatabaseLocation;
  /** DATABASE_URL for the service. */
  url: string;
  /** A folder of its own (the service's data folder; CPU profiles). */
  dir: string;
  drop(): Promise<void>;
}

export function createSqliteBenchDatabase(): BenchDatabase {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'twofold-bench-server-'));
  const file = path.join(dir, 'portal.db');
  return {
    location: { dialect: 'sqlite', file },
    url: `sqlite://${file}`,
    dir,
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A new database, or why none could be made (nothing answers at POSTGRES_ADMIN_URL, or it refused). */
export async function createPostgresBenchDatabase(): Promise<BenchDatabase | { unavailable: string }> {
  const name = `twofold_bench_${process.pid}_${randomBytes(4).toString('hex')}`;
  try {
    await withAdminClient((c) => c.query(`create database ${name}`));
  } catch (error) {
    const u = new URL(POSTGRES_ADMIN_URL);
    return { unavailable: `PostgreSQL at ${u.hostname}:${u.port || 5432} (${(error as Error).message})` };
  }
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'twofold-bench-server-'));
  return {
    location: { dialect: 'postgres', url: url.toString() },
    url: url.toString(),
    dir,
    async drop() {
      rmSync(dir, { recursive: true, force: true });
      await withAdminClient((c) => c.query(`drop database if exists ${name} with (force)`));
    },
  };
}

export async function postgresVersion(): Promise<string> {
  try {
    return await withAdminClient(async (c) => ((await c.query('show server_version')).rows[0] as { server_version: string }).server_version);
  } catch {
    return '?';
  }
}

async function withAdminClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
