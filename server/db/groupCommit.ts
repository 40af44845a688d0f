import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from './schema.js';

/**
 * Runs units of work, each all-or-nothing like a transaction, several of them to one commit.
 *
 * On SQLite a commit is the costly part of a sign-in (`npm run bench:server`: ~300 µs of ~800 µs in the
 * service, writing the pages the transaction touched to the WAL). Units that arrive in the same turn of
 * the event loop share one: each runs inside a savepoint of one transaction, and every unit's promise
 * settles only after the COMMIT, so nobody is told "done" before it is committed — killing the process
 * loses only unanswered work (a power cut may lose more: WAL with synchronous=NORMAL).
 *
 * A unit that throws is rolled back to its savepoint alone; the others commit. If the COMMIT fails
 * (disk full, I/O error), or SQLite ends the transaction by itself inside a unit, every unit of the
 * group fails and nothing of them is kept.
 *
 * The group holds the single SQLite connection from BEGIN to COMMIT (Kysely's connection lock), so no
 * other query runs inside it and none sees its uncommitted writes. Units must not begin or end
 * transactions on the handle they get, nor wait for anything that waits for the group.
 */
export interface GroupCommit {
  run<T>(unit: (db: Kysely<Database>) => Promise<T>): Promise<T>;
  /** Refuses new units, fails the queued ones, and waits for the group in progress to finish. */
  close(): Promise<void>;
}

export interface GroupCommitOptions {
  /** Units per commit at most; more wait for the next group. Bounds how long one group holds the connection. */
  maxUnits?: number;
  /** Told how many units each group carried and whether it committed (for tests and the benchmark). */
  onGroup?: (group: { units: number; committed: boolean }) => void;
}

interface Queued {
  unit: (db: Kysely<Database>) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

const DEFAULT_MAX_UNITS = 64;
// IMMEDIATE takes the write lock at once: a second process (a CLI, a backup) waits in its busy handler
// instead of failing the group at its first write.
const BEGIN = CompiledQuery.raw('begin immediate');
const COMMIT = CompiledQuery.raw('commit');
const ROLLBACK = CompiledQuery.raw('rollback');
const SAVEPOINT = CompiledQuery.raw('savepoint twofold_unit');
const RELEASE = CompiledQuery.raw('release twofold_unit');
const ROLLBACK_TO = CompiledQuery.raw('rollback to twofold_unit');

/** A group commit over the SQLite database `db` (Kysely's SQLite dialect: one connection). */
export function sqliteGroupCommit(db: Kysely<Database>, options: GroupCommitOptions = {}): GroupCommit {
  const maxUnits = options.maxUnits ?? DEFAULT_MAX_UNITS;
  let queue: Queued[] = [];
  let scheduled = false;
  /** One group at a time: units queued meanwhile form the next one. */
  let flushing: Promise<void> | null = null;
  let closed = false;

  const schedule = () => {
    if (scheduled || flushing || closed || queue.length === 0) return;
    scheduled = true;
    // After the current turn's I/O callbacks: every request read in this turn has had its chance to join.
    setImmediate(() => {
      scheduled = false;
      if (closed || queue.length === 0) return;
      flushing = flush().finally(() => {
        flushing = null;
        schedule();
      });
    });
  };

  async function flush(): Promise<void> {
    const group = queue.slice(0, maxUnits);
    queue = queue.slice(group.length);
    let outcomes: Outcome[] = [];
    let groupError: { error: unknown } | null = null;
    try {
      await db.connection().execute(async (conn) => {
        await conn.executeQuery(BEGIN);
        try {
          // A unit whose savepoint cannot be released or undone (SQLite rolled the whole transaction
          // back by itself: disk full, I/O error) throws here, and the whole group fails with it.
          for (const q of group) outcomes.push(await runInSavepoint(conn, q.unit));
          await conn.executeQuery(COMMIT);
        } catch (error) {
          groupError = { error };
          // Fails harmlessly when SQLite has already rolled back.
          await conn.executeQuery(ROLLBACK).catch(() => {});
        }
      });
    } catch (error) {
      // No connection (the database is closed) or BEGIN failed: nothing of the group ran.
      groupError ??= { error };
    }
    if (groupError !== null) outcomes = group.map(() => ({ ok: false, error: groupError!.error }));
    group.forEach((q, i) => {
      const o = outcomes[i]!;
      if (o.ok) q.resolve(o.value);
      else q.reject(o.error);
    });
    try {
      options.onGroup?.({ units: group.length, committed: groupError === null });
    } catch {
      // A watcher's mistake must not leave the next group waiting.
    }
  }

  return {
    run<T>(unit: (db: Kysely<Database>) => Promise<T>): Promise<T> {
      if (closed) return Promise.reject(new Error('the database is closing: nothing more is written'));
      return new Promise<T>((resolve, reject) => {
        queue.push({ unit, resolve: resolve as (value: unknown) => void, reject });
        schedule();
      });
    },
    async close() {
      closed = true;
      const refused = queue;
      queue = [];
      for (const q of refused) q.reject(new Error('the database closed before this was written'));
      await flushing;
    },
  };
}

async function runInSavepoint(conn: Kysely<Database>, unit: (db: Kysely<Database>) => Promise<unknown>): Promise<Outcome> {
  await conn.executeQuery(SAVEPOINT);
  try {
    const value = await unit(conn);
    await conn.executeQuery(RELEASE);
    return { ok: true, value };
  } catch (error) {
    // Undoes this unit's writes and ends its savepoint; the group's transaction goes on. If that fails
    // too, the group fails, with the unit's own error kept as the cause.
    try {
      await conn.executeQuery(ROLLBACK_TO);
      await conn.executeQuery(RELEASE);
    } catch (rollbackError) {
      throw new Error(`undoing a failed unit of work failed: ${(rollbackError as Error).message}`, { cause: error });
    }
    return { ok: false, error };
  }
}
