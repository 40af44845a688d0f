import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type OpenDatabase } from './openDatabase.js';
import { testDialects, type TestDatabase } from './testing/testDatabases.js';

const postgres = (await testDialects()).find((d) => d.name === 'PostgreSQL')!;

describe('PostgreSQL statements prepared once per connection', () => {
  let testDb: TestDatabase;
  let opened: OpenDatabase;
  let other: OpenDatabase;

  beforeEach(async (context) => {
    if (!postgres.available) return context.skip();
    testDb = await postgres.create();
    opened = openDatabase(testDb.location, { poolSize: 1 });
    other = openDatabase(testDb.location, { poolSize: 1 });
    await sql`create table notes (id integer primary key, body text not null)`.execute(opened.db);
  });
  afterEach(async () => {
    await opened?.close();
    await other?.close();
    await testDb?.drop();
  });

  // pg_prepared_statements lists the current connection's own prepared statements.
  const preparedHere = async (db: OpenDatabase['db']) =>
    (await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(db)).rows.map((r) => r.statement);

  it('runs a repeated query by name, with each call’s own values', async () => {
    const db = opened.db.withTables<{ notes: { id: number; body: string } }>();
    for (let i = 1; i <= 3; i++) await db.insertInto('notes').values({ id: i, body: `note ${i}` }).execute();
    const read = (id: number) => db.selectFrom('notes').select('body').where('id', '=', id).executeTakeFirst();
    expect(await read(2)).toEqual({ body: 'note 2' });
    expect(await read(3)).toEqual({ body: 'note 3' });
    const prepared = await preparedHere(opened.db);
    expect(prepared.filter((s) => s.startsWith('insert into "notes"'))).toHaveLength(1);
    expect(prepared.filter((s) => s.startsWith('select "body" from "notes"'))).toHaveLength(1);
  });

  it('falls back to an unnamed statement when another instance changed the table under a prepared select *', async () => {
    const db = opened.db.withTables<{ notes: { id: number; body: string; tag?: string | null } }>();
    await db.insertInto('notes').values({ id: 1, body: 'first' }).execute();
    const all = () => db.selectFrom('notes').selectAll().execute();
    expect(await all()).toEqual([{ id: 1, body: 'first' }]);
    // A migration by another service instance, as in a rolling deploy.
    await sql`alter table notes add column tag text`.execute(other.db);
    expect(await all()).toEqual([{ id: 1, body: 'first', tag: null }]);
    expect(await all()).toEqual([{ id: 1, body: 'first', tag: null }]);
    // A text first seen after the fallback gets a name of its own, not the one the fallback gave up.
    const byBody = (body: string) => db.selectFrom('notes').select('id').where('body', '=', body).execute();
    const byTag = (tag: string) => db.selectFrom('notes').select('id').where('tag', '=', tag).execute();
    expect(await byBody('first')).toEqual([{ id: 1 }]);
    expect(await byTag('none')).toEqual([]);
    expect(await byBody('first')).toEqual([{ id: 1 }]);
    const names = (await sql<{ name: string }>`select name from pg_prepared_statements`.execute(opened.db)).rows.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
  });
});
