import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDialects } from '../db/testing/testDatabases.js';
import { insertUser, manualClock, migratedTestDatabase, type MigratedTestDatabase } from '../security/testing/securityFixtures.js';
import { createSignInAudit } from './signInAudit.js';

const dialects = await testDialects();

describe.each(dialects)('sign-in audit lines on $name', (dialect) => {
  let fixture: MigratedTestDatabase;

  beforeEach(async (context) => {
    if (!dialect.available) return context.skip();
    fixture = await migratedTestDatabase(dialect);
    const db = fixture.database.db;
    const at = '2026-01-05T09:00:00.000Z';
    for (const id of ['org-a', 'org-b']) {
      await db
        .insertInto('organizations')
        .values({ id, name: id, mfa_mode: 'required', mfa_allowed_methods: '["totp"]', mfa_method_choice: 'user_choice', mfa_fixed_method: null, mfa_enforcement_date: null, created_at: at, updated_at: at })
        .execute();
    }
    for (const id of ['one-org', 'two-orgs', 'no-org']) await insertUser(db, id);
    await db
      .insertInto('memberships')
      .values([
        { user_id: 'one-org', org_id: 'org-a', role: 'staff' },
        { user_id: 'two-orgs', org_id: 'org-a', role: 'provider_admin' },
        { user_id: 'two-orgs', org_id: 'org-b', role: 'provider_admin' },
      ])
      .execute();
  });
  afterEach(async () => {
    await fixture?.close();
  });

  it('names the organization of a user who has exactly one, and none for several or none', async () => {
    const db = fixture.database.db;
    const clock = manualClock('2026-02-01T10:00:00.000Z');
    const audit = createSignInAudit(db, clock.now);
    await audit.record('login.succeeded', { userId: 'one-org', ip: '203.0.113.7', details: { method: 'totp' } });
    await audit.record('login.succeeded', { userId: 'two-orgs', ip: '203.0.113.7' });
    await audit.record('mfa.failed', { userId: 'no-org', ip: null, details: { reason: 'expired' } });
    await audit.record('login.password_failed', { userId: null, ip: '198.51.100.1' });
    const rows = await db.selectFrom('audit_log').select(['at', 'actor_user_id', 'subject_user_id', 'org_id', 'event', 'ip', 'reason', 'details']).orderBy('event').orderBy('subject_user_id').execute();
    const at = '2026-02-01T10:00:00.000Z';
    expect(rows).toEqual([
      { at, actor_user_id: null, subject_user_id: null, org_id: null, event: 'login.password_failed', ip: '198.51.100.1', reason: null, details: '{}' },
      { at, actor_user_id: 'one-org', subject_user_id: 'one-org', org_id: 'org-a', event: 'login.succeeded', ip: '203.0.113.7', reason: null, details: '{"method":"totp"}' },
      { at, actor_user_id: 'two-orgs', subject_user_id: 'two-orgs', org_id: null, event: 'login.succeeded', ip: '203.0.113.7', reason: null, details: '{}' },
      { at, actor_user_id: 'no-org', subject_user_id: 'no-org', org_id: null, event: 'mfa.failed', ip: null, reason: null, details: '{"reason":"expired"}' },
    ]);
  });
});
