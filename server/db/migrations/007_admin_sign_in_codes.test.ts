import { Migrator, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrateToLatest } from '../migrateToLatest.js';
import { freshDatabasePerTest } from '../testing/freshDatabase.js';
import { testDialects } from '../testing/testDatabases.js';
import { StaticMigrationProvider } from './index.js';

const dialects = await testDialects();
const at = '2026-01-05T09:00:00.000Z';

// 007 rebuilds one_time_codes on SQLite (a CHECK constraint cannot be altered there): codes issued before
// the upgrade must survive it, indexes included, and the new purpose must be the only one added.
describe.each(dialects)('migration 007 (admin sign-in codes) on $name', (dialect) => {
  const database = freshDatabasePerTest(dialect, { migrate: false });


  const code = (id: string, purpose: string) => ({
    id, user_id: 'u1', purpose, channel: 'email', code_hash: `hash-${id}`, created_at: at, expires_at: at, attempts: 1, max_attempts: 5, consumed_at: null });
  const insertCode = (id: string, purpose: string) =>
    sql`insert into one_time_codes (id, user_id, purpose, channel, code_hash, created_at, expires_at, attempts, max_attempts, consumed_at)
      values (${id}, 'u1', ${purpose}, 'email', ${`hash-${id}`}, ${at}, ${at}, 1, 5, null)`.execute(database.db);

  it('keeps the codes issued before it, with their indexes, and accepts admin_login and nothing unknown', async () => {
    const migrator = new Migrator({ db: database.db, provider: new StaticMigrationProvider(database.dialect) });
    const upTo006 = await migrator.migrateTo('006_recovery');
    expect(upTo006.error).toBeUndefined();
    await database.db
      .insertInto('users')
      .values({ id: 'u1', username: 'ana', email: 'ana@clinic.example', name: 'Ana', name_search: 'ana', primary_phone: null, secondary_phone: null, status: 'active', password_hash: 'x', created_at: at, updated_at: at })
      .execute();
    await insertCode('c1', 'login');
    await insertCode('c2', 'forgot_password');
    await expect(insertCode('c0', 'admin_login')).rejects.toThrow(/check/i);

    expect((await migrateToLatest(database.db, database.dialect)).applied[0]).toBe('007_admin_sign_in_codes');
    const rows = await database.db.selectFrom('one_time_codes').selectAll().orderBy('id').execute();
    expect(rows).toEqual([code('c1', 'login'), code('c2', 'forgot_password')]);
    await insertCode('c3', 'admin_login');
    await expect(insertCode('c4', 'admin')).rejects.toThrow(/check/i);
    // The other constraints came along: tries stay bounded, and a user's codes go with the user.
    await expect(sql`update one_time_codes set attempts = 6 where id = 'c3'`.execute(database.db)).rejects.toThrow(/check/i);
    await sql`delete from users where id = 'u1'`.execute(database.db);
    expect(await database.db.selectFrom('one_time_codes').select('id').execute()).toEqual([]);

    const indexes =
      database.dialect === 'sqlite'
        ? sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name = 'one_time_codes'`
        : sql<{ name: string }>`select indexname as name from pg_indexes where tablename = 'one_time_codes'`;
    expect((await indexes.execute(database.db)).rows.map((r) => r.name)).toEqual(expect.arrayContaining(['one_time_codes_live_idx', 'one_time_codes_expires_idx']));
  });
});
