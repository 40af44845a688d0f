import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type SqliteDialectConfig } from 'kysely';
import pg from 'pg';
import type { DatabaseLocation } from '../config/databaseLocation.js';
import { sqliteGroupCommit, type GroupCommit } from './groupCommit.js';
import type { Database } from './schema.js';
import { prepareStatementsByText } from './preparedStatements.js';
import type { SqlDialect } from './sqlDialect.js';

export interface OpenDatabase {
  db: Kysely<Database>;
  dialect: SqlDialect;
  /** SQLite only: one group commit for the file's single connection (server/db/groupCommit.ts). */
  groupCommit?: GroupCommit;
  /** Closes the SQLite file or drains the PostgreSQL pool. */
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** PostgreSQL pool size per instance; several instances share one server's connection limit. */
  poolSize?: number;
  /** Told when an idle PostgreSQL connection drops (server restart, failover); the pool replaces it. */
  onPoolError?: (error: Error) => void;
  /**
   * SQLite file: after this many writes, WAL checkpoints move to a background thread (see
   * startCheckpointer). Tests set 0 to exercise it at once; the default spares short-lived databases
   * (tests, the CLI) a thread they would not need.
   */
  backgroundCheckpointAfterWrites?: number;
}

/** Opens the database DATABASE_URL names, with one Kysely query layer over either dialect. */
export function openDatabase(location: DatabaseLocation, options: OpenDatabaseOptions = {}): OpenDatabase {
  if (location.dialect === 'postgres') {
    const db = openPostgres(location.url, options.poolSize ?? 10, options.onPoolError ?? (() => {}));
    return { db, dialect: 'postgres', close: () => db.destroy() };
  }
  const { db, stopCheckpointer } = openSqlite(location.file, options.backgroundCheckpointAfterWrites ?? DEFAULT_CHECKPOINT_AFTER_WRITES);
  const groupCommit = sqliteGroupCommit(db);
  return {
    db,
    dialect: 'sqlite',
    groupCommit,
    async close() {
      // Sign-ins still queued fail now; the group being written finishes first.
      await groupCommit.close();
      await db.destroy();
      // Last to close, the checkpointer's connection copies what is left into the file and removes the WAL.
      await stopCheckpointer();
    },
  };
}

function openSqlite(file: string, checkpointAfterWrites: number): { db: Kysely<Database>; stopCheckpointer(): Promise<void> } {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SqliteDatabase(file);
  // WAL lets readers go on while a write commits; foreign keys are off in SQLite unless asked for per
  // connection; the busy timeout covers a second process (a CLI, a backup) holding the write lock briefly.
  if (file !== ':memory:') sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Statement journals in memory, not temporary files: each write of a group commit's unit runs inside a
  // savepoint, where SQLite keeps a statement journal, and with files the audit line's insert alone
  // cost ~170 µs instead of ~30 (bench:server). Temporary sort trees go there too; they stay small.
  sqlite.pragma('temp_store = MEMORY');
  let checkpointer: Checkpointer | null = null;
  let writes = 0;
  const onWrite =
    file === ':memory:'
      ? () => {}
      : () => {
          if (checkpointer || ++writes < checkpointAfterWrites) return;
          checkpointer = startCheckpointer(file);
          // The connection's own checkpoints stay as a backstop should the thread fall behind or stop.
          sqlite.pragma(`wal_autocheckpoint = ${BACKSTOP_CHECKPOINT_PAGES}`);
        };
  return {
    db: new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite, onWrite) }) }),
    stopCheckpointer: () => checkpointer?.stop() ?? Promise.resolve(),
  };
}

/** Statements kept per SQL text; the service runs a few dozen distinct ones, so the bound is rarely reached. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely prepares every query afresh, and preparing (parsing and planning the SQL) costs more than
 * running the small keyed queries of a sign-in. This keeps each prepared statement by its SQL text and
 * binds new parameters to it: the same statements, prepared once. SQLite re-prepares a statement by
 * itself when the schema changes (a migration). Kysely runs one query at a time on its single SQLite
 * connection; a statement still being iterated (a streamed query) is `busy` and gets a fresh one.
 */
function withStatementCache(sqlite: SqliteDatabase.Database, onWrite: () => void): SqliteDialectConfig['database'] {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      const cached = cache.get(text);
      if (cached && !cached.busy) {
        if (!cached.reader) onWrite();
        return cached;
      }
      const statement = sqlite.prepare(text);
      if (!statement.reader) onWrite();
      if (!cached) {
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.clear();
        cache.set(text, statement);
      }
      return statement;
    },
  };
}

/**
 * Session settings for the service's short keyed queries. JIT compilation starts above a plan cost that
 * a 5,000-member clinic's admin list reaches, and costs ~23 ms to save nothing; parallel workers are
 * processes started per query, ~30–40 ms before the first row on this machine, for scans of a few
 * thousand index entries. Without them the slowest admin list queries took half the time
 * (`npm run bench:server`, user search; docs/benchmarks.md).
 */
export const POSTGRES_SESSION_OPTIONS = '-c jit=off -c max_parallel_workers_per_gather=0';

/**
 * The connection string without its `?options=` and the `options` startup parameter: the URL's, then
 * ours. (node-pg lets a connection string's options replace the config's, so they are moved across.)
 */
export function withSessionOptions(url: string): { connectionString: string; options: string } {
  try {
    const parsed = new URL(url);
    const fromUrl = parsed.searchParams.get('options');
    if (fromUrl === null) return { connectionString: url, options: POSTGRES_SESSION_OPTIONS };
    parsed.searchParams.delete('options');
    return { connectionString: parsed.toString(), options: `${fromUrl} ${POSTGRES_SESSION_OPTIONS}` };
  } catch {
    // Not a URL: node-pg reads no options from it either.
    return { connectionString: url, options: POSTGRES_SESSION_OPTIONS };
  }
}

function openPostgres(url: string, max: number, onPoolError: (error: Error) => void): Kysely<Database> {
  const pool = new pg.Pool({ ...withSessionOptions(url), max });
  // An idle client that loses its connection emits 'error' on the pool; without a listener that would
  // crash the process. The next query gets a fresh connection.
  pool.on('error', onPoolError);
  prepareStatementsByText(pool);
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

const DEFAULT_CHECKPOINT_AFTER_WRITES = 1000;
/** How often the background thread checkpoints; the WAL then holds about this long's writes. */
const CHECKPOINT_EVERY_MS = 50;
/** 10,000 pages (40 MB) of WAL before the service's own connection checkpoints (the default is 1,000). */
const BACKSTOP_CHECKPOINT_PAGES = 10_000;

interface Checkpointer {
  stop(): Promise<void>;
}

// Runs in a worker thread with a connection of its own. PASSIVE never waits for, nor blocks, the
// service's connection: it copies what no reader still needs and leaves the rest for the next round.
const CHECKPOINTER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
const checkpoint = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Busy or briefly unavailable: the next round tries again.
  }
};
const timer = setInterval(checkpoint, workerData.everyMs);
parentPort.once('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/**
 * WAL checkpoints on a thread of their own. A checkpoint copies the pages written since the last one
 * into the database file and fsyncs it; SQLite does that in the committing connection every 1,000
 * pages, which stalls the service's one thread for milliseconds, on the sign-in hot path. A second
 * connection in a worker thread does it instead, every 50 ms, and the service's connection keeps a
 * far larger threshold as a backstop. Nothing changes for durability: commits are as before (WAL,
 * synchronous=NORMAL), and a checkpoint is the same work wherever it runs.
 */
function startCheckpointer(file: string): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(CHECKPOINTER_SOURCE, { eval: true, workerData: { file, driver, everyMs: CHECKPOINT_EVERY_MS } });
  worker.unref();
  // A thread that fails leaves the connection's own checkpoints to do the work; it must not take the service down.
  worker.on('error', () => {});
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    async stop() {
      worker.postMessage('stop');
      const timer = setTimeout(() => void worker.terminate(), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
