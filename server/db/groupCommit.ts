import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from './schema.js';

/**
 * Runs units of work, each all-or-nothing like a transaction, several of them to one commit.
 *
 * On SQLite a commit is the costly part of a sign-in (`npm run bench:server`: ~300 µs of ~800 µs in the
 * service, writing the pages the transaction touched to the WAL). Units that arrive in the same turn of
 * the event loop share one: each runs inside a savepoint of one transaction, and every unit's promise
 * settles only after the COMMIT, so nobody is told "done" before it is on disk (as far as
 * synchronous=NORMAL ever puts it there) — killing the process loses only unanswered work.
 *
 * A unit that throws is rolled back to its savepoint alone; the others commit. If the COMMIT itself
 * fails (disk full, I/O error), every unit of the group fails with it and nothing of them is kept.
 *
 * The group holds the single SQLite connection from BEGIN to COMMIT (Kysely's connection lock), so no
 * other query runs inside it and none sees its uncommitted writes. Units must not begin transactions of
 * their own on the handle they get.
 */
export interface GroupCommit {
  run<T>(unit: (db: Kysely<Database>) => Promise<T>): Promise<T>;
}

export interface GroupCommitOptions {
  /** Units per commit at most; more wait for the next group. Bounds how long one group holds the connection. */
  maxUnits?: number;
  /** Told how many units each commit carried (for tests and the benchmark). */
  onCommit?: (units: number) => void;
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

  const schedule = () => {
    if (scheduled || queue.length === 0) return;
    scheduled = true;
    // After the current turn's I/O callbacks: every request read in this turn has had its chance to join.
    setImmediate(() => {
      scheduled = false;
      void flush();
    });
  };

  async function flush(): Promise<void> {
    let group: Queued[] = [];
    let outcomes: Outcome[] = [];
    let commitError: unknown = null;
    try {
      await db.connection().execute(async (conn) => {
        // Taken only now, with the connection held: units queued while waiting for it join this group.
        group = queue.slice(0, maxUnits);
        queue = queue.slice(group.length);
        await conn.executeQuery(BEGIN);
        try {
          for (const q of group) outcomes.push(await runInSavepoint(conn, q.unit));
          await conn.executeQuery(COMMIT);
        } catch (error) {
          commitError = error;
          await conn.executeQuery(ROLLBACK).catch(() => {});
        }
      });
    } catch (error) {
      // The connection could not be had or BEGIN failed: nothing of the group ran to a commit.
      commitError ??= error;
    }
    if (commitError !== null) outcomes = group.map(() => ({ ok: false, error: commitError }));
    options.onCommit?.(commitError === null ? group.length : 0);
    group.forEach((q, i) => {
      const o = outcomes[i]!;
      if (o.ok) q.resolve(o.value);
      else q.reject(o.error);
    });
    schedule();
  }

  return {
    run<T>(unit: (db: Kysely<Database>) => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ unit, resolve: resolve as (value: unknown) => void, reject });
        schedule();
      });
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
    // Undoes this unit's writes and ends its savepoint; the group's transaction goes on.
    await conn.executeQuery(ROLLBACK_TO);
    await conn.executeQuery(RELEASE);
    return { ok: false, error };
  }
}
