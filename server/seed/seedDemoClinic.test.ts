import { describe, expect, it } from 'vitest';
import { migrateToLatest } from '../db/migrateToLatest.js';
import { openDatabase } from '../db/openDatabase.js';
import { freshDatabasePerTest } from '../db/testing/freshDatabase.js';
import { testDialects } from '../db/testing/testDatabases.js';
import { generateDemoPassword } from '../security/demoPassword.js';
import { argon2idHasher } from '../security/passwordHash.js';
import { DEMO_ORGANIZATION, DEMO_USERS } from './demoClinic.js';
import { seedDemoClinicIfEmpty, type SeedDeps } from './seedDemoClinic.js';
import { normalizeRegistrationCode, organizationForRegistration } from '../enrollment/providerRegistrationCodes.js';
import { formatDemoUsers } from './formatDemoUsers.js';

const dialects = await testDialects();
const deps: SeedDeps = { hasher: argon2idHasher, now: () => new Date('2026-01-05T09:00:00.000Z'), generatePassword: generateDemoPassword };

describe.each(dialects)('the demo clinic seed on $name', (dialect) => {
  const database = freshDatabasePerTest(dialect);


  it('creates one organization with its NPIs and MFA policy', async () => {
    const outcome = await seedDemoClinicIfEmpty(database.db, deps);
    expect(outcome.created).toBe(true);
    const orgs = await database.db.selectFrom('organizations').selectAll().execute();
    expect(orgs).toHaveLength(1);
    expect(orgs[0]).toMatchObject({
      name: 'Riverside Family Clinic',
      mfa_mode: 'required',
      mfa_method_choice: 'user_choice',
      mfa_fixed_method: null,
      created_at: '2026-01-05T09:00:00.000Z' });
    expect(JSON.parse(orgs[0]?.mfa_allowed_methods ?? '')).toEqual(['totp', 'sms', 'voice', 'email']);
    const npis = await database.db.selectFrom('npis').select('npi').orderBy('npi').execute();
    expect(npis.map((n) => n.npi)).toEqual([...DEMO_ORGANIZATION.npis].sort());
  });

  it('creates a clinic admin, a provider admin and three staff, all members of the clinic', async () => {
    await seedDemoClinicIfEmpty(database.db, deps);
    const rows = await database.db
      .selectFrom('users')
      .innerJoin('memberships', 'memberships.user_id', 'users.id')
      .select(['users.username', 'users.status', 'memberships.role'])
      .orderBy('users.username')
      .execute();
    expect(rows.map((r) => r.role).sort()).toEqual(['clinic_admin', 'provider_admin', 'staff', 'staff', 'staff']);
    expect(rows.every((r) => r.status === 'active')).toBe(true);
    expect(rows.map((r) => r.username)).toEqual(DEMO_USERS.map((u) => u.username).sort());
  });

  it('returns each password once and stores only an Argon2id hash of it', async () => {
    const outcome = await seedDemoClinicIfEmpty(database.db, deps);
    if (!outcome.created) throw new Error('expected the seed to create the clinic');
    const stored = await database.db.selectFrom('users').selectAll().execute();
    for (const user of outcome.users) {
      expect(user.password).toMatch(/^demo-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
      const row = stored.find((r) => r.username === user.username);
      expect(row?.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      expect(await argon2idHasher.verify(row?.password_hash ?? '', user.password)).toBe(true);
      expect(await argon2idHasher.verify(row?.password_hash ?? '', `${user.password}x`)).toBe(false);
      // No column of any user row holds a demo password in the clear.
      for (const r of stored) expect(JSON.stringify(r)).not.toContain(user.password);
    }
    expect(new Set(outcome.users.map((u) => u.password)).size).toBe(outcome.users.length);
  });

  it('gives the clinic a provider registration code, stored only as a hash and printed with the sign-ins', async () => {
    const outcome = await seedDemoClinicIfEmpty(database.db, deps);
    if (!outcome.created) throw new Error('expected the seed to create the clinic');
    const { code, npi } = outcome.providerRegistration;
    expect(code).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/);
    expect(DEMO_ORGANIZATION.npis).toContain(npi);
    // As a person might type it: lower case, no dashes.
    expect(await organizationForRegistration(database.db, { npi, code: normalizeRegistrationCode(code).toLowerCase(), now: deps.now() })).toBe(outcome.organization.id);
    expect(await organizationForRegistration(database.db, { npi: '1234567893', code, now: deps.now() })).toBeNull();
    const rows = await database.db.selectFrom('provider_registration_codes').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(normalizeRegistrationCode(code));
    expect(formatDemoUsers(outcome).join('\n')).toContain(`NPI ${npi}   provider registration code ${code}`);
  });

  it('writes the seeding to the audit log', async () => {
    const outcome = await seedDemoClinicIfEmpty(database.db, deps);
    const lines = await database.db.selectFrom('audit_log').selectAll().execute();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ event: 'demo_clinic.seeded', org_id: outcome.created ? outcome.organization.id : '', actor_user_id: null });
    expect(JSON.parse(lines[0]?.details ?? '')).toEqual({ users: 5, providerRegistrationCodes: 1 });
  });

  it('does nothing when the database already has an organization', async () => {
    await seedDemoClinicIfEmpty(database.db, deps);
    expect(await seedDemoClinicIfEmpty(database.db, deps)).toEqual({ created: false });
    expect(await database.db.selectFrom('users').select('id').execute()).toHaveLength(5);
  });
});

// Several instances share a database only on PostgreSQL; SQLite is the single-instance embedded default.
const postgres = dialects.find((d) => d.name === 'PostgreSQL');
describe.runIf(postgres?.available)('the demo clinic seed on PostgreSQL from two instances at once', () => {
  it('creates the clinic once', async () => {
    if (!postgres) throw new Error('no PostgreSQL dialect');
    const testDb = await postgres.create();
    const a = openDatabase(testDb.location);
    const b = openDatabase(testDb.location);
    try {
      await migrateToLatest(a.db, a.dialect);
      const outcomes = await Promise.all([seedDemoClinicIfEmpty(a.db, deps), seedDemoClinicIfEmpty(b.db, deps)]);
      expect(outcomes.filter((o) => o.created)).toHaveLength(1);
      expect(await a.db.selectFrom('organizations').select('id').execute()).toHaveLength(1);
      expect(await a.db.selectFrom('users').select('id').execute()).toHaveLength(5);
    } finally {
      await a.close();
      await b.close();
      await testDb.drop();
    }
  });
});
