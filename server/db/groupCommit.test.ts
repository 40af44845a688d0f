import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sqliteGroupCommit, type GroupCommit } from './groupCommit.js';
import { openDatabase, type OpenDatabase } from './openDatabase.js';
import type { Database } from './schema.js';

const insert = (db: Kysely<Database>, name: string) => sql`insert into items (name) values (${name})`.execute(db);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A unit that writes `name`, then waits for `release()`: its group stays open until then. */
function heldUnit(name: string) {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  return {
    unit: async (db: Kysely<Database>) => {
      await insert(db, name);
      await held;
    },
    release: () => release(),
  };
}

describe('group commit on SQLite', () => {
  let dir: string;
  let file: string;
  let opened: OpenDatabase;
  let commits: number[];
  let group: GroupCommit;
  /** Units per group, negative for a group that did not commit. */
  /** Another connection to the file: it sees only what has been committed. */
  let reader: SqliteDatabase.Database;
  const committedNames = () => (reader.prepare('select name from items order by name').all() as Array<{ name: string }>).map((r) => r.name);

  beforeEach(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'twofold-group-commit-'));
    file = path.join(dir, 'portal.db');
    opened = openDatabase({ dialect: 'sqlite', file });
    await sql`create table items (name text primary key)`.execute(opened.db);
    // Checked only at COMMIT: a row here without its parent makes the commit itself fail.
    await sql`create table children (parent text references items (name) deferrable initially deferred)`.execute(opened.db);
    commits = [];
    group = sqliteGroupCommit(opened.db, { onGroup: (g) => commits.push(g.committed ? g.units : -g.units) });
    reader = new SqliteDatabase(file, { readonly: true });
  });
  afterEach(async () => {
    reader.close();
    await opened.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('commits the units of one turn together and answers each only after the commit', async () => {
    const answered: string[] = [];
    const runs = ['a', 'b', 'c', 'd', 'e'].map((name) =>
      group.run(async (db) => {
        await insert(db, name);
        return name.toUpperCase();
      }).then((value) => {
        // By the time a unit is answered, another connection sees every unit of its group.
        answered.push(`${value}:${committedNames().join('')}`);
        return value;
      }),
    );
    expect(await Promise.all(runs)).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(commits).toEqual([5]);
    expect(answered).toEqual(['A:abcde', 'B:abcde', 'C:abcde', 'D:abcde', 'E:abcde']);
  });

  it('tells nobody "done" while a later unit of the group is still working, and shows others nothing uncommitted', async () => {
    const held = heldUnit('second');
    let firstAnswered = false;
    const first = group.run((db) => insert(db, 'first')).then(() => (firstAnswered = true));
    const second = group.run(held.unit);
    // Let the group start and run into the held unit.
    await pause(50);
    expect(firstAnswered).toBe(false);
    expect(committedNames()).toEqual([]);
    held.release();
    await Promise.all([first, second]);
    expect(committedNames()).toEqual(['first', 'second']);
  });

  it('rolls back a unit that fails, alone: the others of its group commit', async () => {
    const good = group.run((db) => insert(db, 'kept'));
    const bad = group.run(async (db) => {
      await insert(db, 'undone');
      throw new Error('the unit gave up');
    });
    const duplicate = group.run((db) => insert(db, 'kept')); // primary key: fails in SQLite
    const later = group.run((db) => insert(db, 'also kept'));
    await expect(bad).rejects.toThrow('the unit gave up');
    await expect(duplicate).rejects.toThrow(/UNIQUE/);
    await Promise.all([good, later]);
    expect(commits).toEqual([4]);
    expect(committedNames()).toEqual(['also kept', 'kept']);
  });

  it('fails every unit of a group whose commit fails, and keeps none of them', async () => {
    const innocent = group.run((db) => insert(db, 'innocent'));
    const orphan = group.run((db) => sql`insert into children (parent) values ('nobody')`.execute(db));
    await expect(innocent).rejects.toThrow(/FOREIGN KEY/);
    await expect(orphan).rejects.toThrow(/FOREIGN KEY/);
    expect(commits).toEqual([-2]);
    expect(committedNames()).toEqual([]);
    // The connection is usable again at once.
    await group.run((db) => insert(db, 'next'));
    expect(committedNames()).toEqual(['next']);
  });

  it('puts at most maxUnits in one commit; the rest follow in the next', async () => {
    const small = sqliteGroupCommit(opened.db, { maxUnits: 2, onGroup: (g) => commits.push(g.units) });
    await Promise.all(['p', 'q', 'r', 's', 't'].map((name) => small.run((db) => insert(db, name))));
    expect(commits).toEqual([2, 2, 1]);
    expect(committedNames()).toEqual(['p', 'q', 'r', 's', 't']);
  });

  it('lets queries outside the group wait for it instead of reading into it', async () => {
    const held = heldUnit('inside');
    const unit = group.run(held.unit);
    await pause(20);
    let outsideSaw: number | null = null;
    const outside = sql<{ n: number }>`select count(*) as n from items`.execute(opened.db).then((r) => (outsideSaw = r.rows[0]!.n));
    await pause(20);
    expect(outsideSaw).toBeNull();
    held.release();
    await Promise.all([unit, outside]);
    expect(outsideSaw).toBe(1);
  });

  it('fails the whole group when SQLite ends the transaction inside a unit, and commits nothing after it on its own', async () => {
    // SQLite's own rollback on a full disk or an I/O error, stood in for by a ROLLBACK in the unit.
    const units = [
      group.run((db) => insert(db, 'before')),
      group.run(async (db) => {
        await sql`rollback`.execute(db);
      }),
      group.run((db) => insert(db, 'after')),
    ];
    const settled = await Promise.allSettled(units);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(commits).toEqual([-3]);
    expect(committedNames()).toEqual([]);
  });

  it('fails queued units when the database closes, answers nothing more after, and does not spin', async () => {
    const queued = [group.run((db) => insert(db, 'late')), group.run((db) => insert(db, 'later'))];
    const closing = group.close();
    for (const unit of queued) await expect(unit).rejects.toThrow(/closed before/);
    await closing;
    await expect(group.run((db) => insert(db, 'too late'))).rejects.toThrow(/closing/);
    expect(commits).toEqual([]);
    expect(committedNames()).toEqual([]);
  });

  it('lets a group in progress finish when the database closes', async () => {
    const held = heldUnit('in progress');
    const writing = group.run(held.unit);
    await pause(20);
    const closing = group.close();
    held.release();
    await writing;
    await closing;
    expect(committedNames()).toEqual(['in progress']);
  });
});
