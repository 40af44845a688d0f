import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrationsFor } from './migrations/index.js';
import { migrateToLatest } from './migrateToLatest.js';
import { isUniqueViolation } from './isUniqueViolation.js';
import { openDatabase } from './openDatabase.js';
import { freshDatabasePerTest } from './testing/freshDatabase.js';
import { testDialects } from './testing/testDatabases.js';

const dialects = await testDialects();
const stamp = '2026-01-05T09:00:00.000Z';

describe.each(dialects)('migrations on $name', (dialect) => {
  const database = freshDatabasePerTest(dialect, { migrate: false });


  const insertUser = (id: string, username: string, email: string) =>
    database.db
      .insertInto('users')
      .values({ id, username, email, name: 'Ana Lopez', name_search: 'ana lopez', primary_phone: null, secondary_phone: null, status: 'active', password_hash: 'x', created_at: stamp, updated_at: stamp })
      .execute();

  it('applies every migration, in order, to an empty database, and nothing the second time', async () => {
    expect(await migrateToLatest(database.db, database.dialect)).toEqual({ applied: Object.keys(migrationsFor(database.dialect)) });
    expect(await migrateToLatest(database.db, database.dialect)).toEqual({ applied: [] });
  });

  it('creates the indexes that user search and the audit log rely on', async () => {
    await migrateToLatest(database.db, database.dialect);
    const query =
      database.dialect === 'sqlite'
        ? sql<{ name: string }>`select name from sqlite_master where type = 'index'`
        : sql<{ name: string }>`select indexname as name from pg_indexes where schemaname = current_schema()`;
    const names = (await query.execute(database.db)).rows.map((r) => r.name);
    expect(names).toEqual(
      expect.arrayContaining(['users_name_search_idx', 'memberships_org_idx', 'npis_npi_idx', 'audit_log_at_idx', 'audit_log_org_at_idx', 'audit_log_subject_at_idx']),
    );
  });

  it('refuses a second user with the same username or email', async () => {
    await migrateToLatest(database.db, database.dialect);
    await insertUser('u1', 'ana.lopez', 'ana@clinic.example');
    const sameName = await insertUser('u2', 'ana.lopez', 'other@clinic.example').catch((e: unknown) => e);
    const sameEmail = await insertUser('u3', 'ana2', 'ana@clinic.example').catch((e: unknown) => e);
    expect(isUniqueViolation(sameName)).toBe(true);
    expect(isUniqueViolation(sameEmail)).toBe(true);
  });

  it('refuses a status, role or method outside the domain lists', async () => {
    await migrateToLatest(database.db, database.dialect);
    await insertUser('u1', 'ana.lopez', 'ana@clinic.example');
    await expect(sql`update users set status = 'frozen' where id = 'u1'`.execute(database.db)).rejects.toThrow();
    await expect(
      sql`insert into mfa_registrations (id, user_id, method, created_at) values ('r1', 'u1', 'carrier-pigeon', ${stamp})`.execute(database.db),
    ).rejects.toThrow();
    // A TOTP registration without its encrypted key, and an SMS registration without a number, are refused.
    await expect(sql`insert into mfa_registrations (id, user_id, method, created_at) values ('r2', 'u1', 'totp', ${stamp})`.execute(database.db)).rejects.toThrow();
    await expect(sql`insert into mfa_registrations (id, user_id, method, created_at) values ('r3', 'u1', 'sms', ${stamp})`.execute(database.db)).rejects.toThrow();
  });

  it('enforces foreign keys (SQLite only does so when asked per connection)', async () => {
    await migrateToLatest(database.db, database.dialect);
    await expect(
      database.db.insertInto('memberships').values({ user_id: 'nobody', org_id: 'nowhere', role: 'staff' }).execute(),
    ).rejects.toThrow();
  });

  it('keeps the audit log append-only: updates and deletes are refused by the database itself', async () => {
    await migrateToLatest(database.db, database.dialect);
    await database.db
      .insertInto('audit_log')
      .values({ id: 'a1', at: stamp, actor_user_id: null, subject_user_id: null, org_id: null, event: 'test', ip: null, reason: null, details: '{}' })
      .execute();
    await expect(database.db.updateTable('audit_log').set({ reason: 'rewritten' }).execute()).rejects.toThrow(/append-only/);
    await expect(database.db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
    if (database.dialect === 'postgres') await expect(sql`truncate audit_log`.execute(database.db)).rejects.toThrow(/append-only/);
    expect(await database.db.selectFrom('audit_log').select(['id', 'reason']).execute()).toEqual([{ id: 'a1', reason: null }]);
  });
});

describe.runIf(dialects[1]?.available)('migrations on PostgreSQL from two instances at once', () => {
  it('applies each migration exactly once', async () => {
    const create = dialects[1]?.create;
    if (!create) throw new Error('no PostgreSQL dialect');
    const testDb = await create();
    const a = openDatabase(testDb.location);
    const b = openDatabase(testDb.location);
    try {
      const outcomes = await Promise.all([migrateToLatest(a.db, a.dialect), migrateToLatest(b.db, b.dialect)]);
      expect(outcomes.flatMap((o) => o.applied)).toEqual(Object.keys(migrationsFor('postgres')));
    } finally {
      await a.close();
      await b.close();
      await testDb.drop();
    }
  });
});
