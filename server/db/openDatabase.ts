import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { DatabaseLocation } from '../config/databaseLocation.js';
import type { Database } from './schema.js';
import type { SqlDialect } from './sqlDialect.js';

export interface OpenDatabase {
  db: Kysely<Database>;
  dialect: SqlDialect;
  /** Closes the SQLite file or drains the PostgreSQL pool. */
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** PostgreSQL pool size per instance; several instances share one server's connection limit. */
  poolSize?: number;
  /** Told when an idle PostgreSQL connection drops (server restart, failover); the pool replaces it. */
  onPoolError?: (error: Error) => void;
}

/** Opens the database DATABASE_URL names, with one Kysely query layer over either dialect. */
export function openDatabase(location: DatabaseLocation, options: OpenDatabaseOptions = {}): OpenDatabase {
  const db = location.dialect === 'sqlite' ? openSqlite(location.file) : openPostgres(location.url, options.poolSize ?? 10, options.onPoolError ?? (() => {}));
  return { db, dialect: location.dialect, close: () => db.destroy() };
}

function openSqlite(file: string): Kysely<Database> {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SqliteDatabase(file);
  // WAL lets readers go on while a write commits; foreign keys are off in SQLite unless asked for per
  // connection; the busy timeout covers a second process (a CLI, a backup) holding the write lock briefly.
  if (file !== ':memory:') sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
}

function openPostgres(url: string, max: number, onPoolError: (error: Error) => void): Kysely<Database> {
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle client that loses its connection emits 'error' on the pool; without a listener that would
  // crash the process. The next query gets a fresh connection.
  pool.on('error', onPoolError);
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
