import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertUser, migratedTestDatabase, type MigratedTestDatabase } from '../security/testing/securityFixtures.js';
import { precompile } from './precompiledQuery.js';
import { testDialects } from './testing/testDatabases.js';

const dialects = await testDialects();

const usersNamed = precompile<[first: string, second: string], { id: string }>(2, (db, first, second) =>
  db.selectFrom('users').select('id').where('name', 'in', [first, second]).orderBy('id').limit(5),
);
const rename = precompile<[id: string, name: string], never>(2, (db, id, name) => db.updateTable('users').set({ name, name_search: name }).where('id', '=', id));

describe.each(dialects)('precompiled queries on $name', (dialect) => {
  let fixture: MigratedTestDatabase;

  beforeEach(async (context) => {
    if (!dialect.available) return context.skip();
    fixture = await migratedTestDatabase(dialect);
    for (const id of ['a', 'b', 'c']) await insertUser(fixture.database.db, id);
  });
  afterEach(async () => {
    await fixture?.close();
  });

  it('answers what the same query built afresh answers, with new values each call', async () => {
    const db = fixture.database.db;
    expect((await usersNamed.execute(db, 'a', 'c')).rows).toEqual([{ id: 'a' }, { id: 'c' }]);
    expect((await usersNamed.execute(db, 'b', 'nobody')).rows).toEqual([{ id: 'b' }]);
    // Values stay values: a quote is data, never SQL.
    expect((await usersNamed.execute(db, "a' or '1'='1", 'a')).rows).toEqual([{ id: 'a' }]);
    expect((await rename.execute(db, 'b', "O'Brien")).numAffectedRows).toBe(1n);
    expect((await rename.execute(db, 'nobody', 'x')).numAffectedRows).toBe(0n);
    expect(await db.selectFrom('users').select('name').where('id', '=', 'b').executeTakeFirst()).toEqual({ name: "O'Brien" });
  });

  it('runs inside the transaction it is given, on another connection of the same database too', async () => {
    const db = fixture.database.db;
    await expect(
      db.transaction().execute(async (trx) => {
        await rename.execute(trx, 'a', 'inside');
        expect((await usersNamed.execute(trx, 'inside', '-')).rows).toEqual([{ id: 'a' }]);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect((await usersNamed.execute(db, 'inside', '-')).rows).toEqual([]);
    expect((await usersNamed.execute(fixture.openAnother().db, 'a', 'b')).rows).toEqual([{ id: 'a' }, { id: 'b' }]);
  });

  it('refuses a query where an argument is not a value', async () => {
    const bad = precompile<[column: string], unknown>(1, (db, column) => db.selectFrom('users').select(sql.ref(column).as('x')));
    await expect(bad.execute(fixture.database.db, 'id')).rejects.toThrow(/argument 0 does not appear as a value/);
  });
});
