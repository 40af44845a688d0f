import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertUser, migratedTestDatabase, type MigratedTestDatabase } from '../../security/testing/securityFixtures.js';
import { isUniqueViolation } from '../isUniqueViolation.js';
import { testDialects } from '../testing/testDatabases.js';

const dialects = await testDialects();
const stamp = '2026-01-05T09:00:00.000Z';

describe.each(dialects)('migration 005 (admin) on $name', (dialect) => {
  let fixture: MigratedTestDatabase;
  beforeEach(async (context) => {
    if (!dialect.available) return context.skip();
    fixture = await migratedTestDatabase(dialect);
  });
  afterEach(async () => {
    await fixture?.close();
  });

  const org = (id: string) =>
    fixture.database.db
      .insertInto('organizations')
      .values({ id, name: id, mfa_mode: 'off', mfa_allowed_methods: '["totp"]', mfa_method_choice: 'user_choice', mfa_fixed_method: null, mfa_enforcement_date: null, created_at: stamp, updated_at: stamp })
      .execute();

  it('creates the indexes user search and the audit query rely on', async () => {
    const db = fixture.database.db;
    const query =
      dialect.name === 'SQLite'
        ? sql<{ name: string }>`select name from sqlite_master where type = 'index'`
        : sql<{ name: string }>`select indexname as name from pg_indexes where schemaname = current_schema()`;
    const names = (await query.execute(db)).rows.map((r) => r.name);
    const expected = ['users_last_login_idx', 'users_created_idx', 'audit_log_actor_at_idx', 'audit_log_event_at_idx', 'api_tokens_user_idx', 'registration_links_user_idx', 'rollout_phase_members_user_idx'];
    if (dialect.name === 'PostgreSQL') expected.push('users_name_search_c_idx', 'users_username_c_idx', 'users_email_c_idx');
    expect(names).toEqual(expect.arrayContaining(expected));
  });

  it('gives existing users an empty last sign-in rather than null', async () => {
    await insertUser(fixture.database.db, 'u1');
    expect(await fixture.database.db.selectFrom('users').select('last_login_at').execute()).toEqual([{ last_login_at: '' }]);
  });

  it("refuses a phase member whose organization is not the phase's, and a second phase per user per organization", async () => {
    const db = fixture.database.db;
    await org('o1');
    await org('o2');
    await insertUser(db, 'u1');
    for (const id of ['p1', 'p2']) await db.insertInto('rollout_phases').values({ id, org_id: 'o1', name: id, enforcement_date: null, notified_at: null, created_at: stamp, updated_at: stamp }).execute();
    await expect(db.insertInto('rollout_phase_members').values({ phase_id: 'p1', org_id: 'o2', user_id: 'u1', added_at: stamp, notified_at: null }).execute()).rejects.toThrow();
    await db.insertInto('rollout_phase_members').values({ phase_id: 'p1', org_id: 'o1', user_id: 'u1', added_at: stamp, notified_at: null }).execute();
    const second = await db.insertInto('rollout_phase_members').values({ phase_id: 'p2', org_id: 'o1', user_id: 'u1', added_at: stamp, notified_at: null }).execute().catch((e: unknown) => e);
    expect(isUniqueViolation(second)).toBe(true);
  });

  it('refuses a registration link purpose it does not know', async () => {
    await insertUser(fixture.database.db, 'u1');
    await expect(
      sql`insert into registration_links (id, token_hash, user_id, purpose, created_at, expires_at) values ('l1', 'h', 'u1', 'password_reset', ${stamp}, ${stamp})`.execute(fixture.database.db),
    ).rejects.toThrow();
  });
});
