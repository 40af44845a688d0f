import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { appendAuditEvent } from '../audit/appendAuditEvent.js';
import { isUniqueViolation } from '../db/isUniqueViolation.js';
import type { Database } from '../db/schema.js';
import type { Role } from '../domain/user.js';
import type { PasswordHasher } from '../security/passwordHash.js';
import { createProviderRegistrationCode } from '../enrollment/providerRegistrationCodes.js';
import { DEMO_ORGANIZATION, DEMO_USERS } from './demoClinic.js';

export interface SeedDeps {
  hasher: PasswordHasher;
  now: () => Date;
  generatePassword: () => string;
  newId?: () => string;
}

export interface SeededUser {
  username: string;
  name: string;
  role: Role;
  /** The only copy: the database keeps an Argon2id hash. Printed once at start, on purpose. */
  password: string;
}

export type SeedOutcome =
  | { created: false }
  | {
      created: true;
      organization: { id: string; name: string };
      users: SeededUser[];
      /** Seed 003: what a new provider types with one of the clinic's NPIs to register. Printed once, like the passwords. */
      providerRegistration: { code: string; npi: string };
    };

/**
 * Creates the demo clinic when the database has no organization yet; otherwise does nothing. Two
 * instances starting together on one PostgreSQL may both try: the loser hits a unique constraint, its
 * transaction rolls back, and it reports that it created nothing.
 */
export async function seedDemoClinicIfEmpty(db: Kysely<Database>, deps: SeedDeps): Promise<SeedOutcome> {
  const existing = await db.selectFrom('organizations').select('id').limit(1).executeTakeFirst();
  if (existing) return { created: false };

  const newId = deps.newId ?? randomUUID;
  const users = await Promise.all(
    DEMO_USERS.map(async (spec) => {
      const password = deps.generatePassword();
      return { spec, id: newId(), password, passwordHash: await deps.hasher.hash(password) };
    }),
  );
  const orgId = newId();
  const now = deps.now();
  const stamp = now.toISOString();
  const policy = DEMO_ORGANIZATION.mfaPolicy;
  let registrationCode = '';

  try {
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('organizations')
        .values({
          id: orgId,
          name: DEMO_ORGANIZATION.name,
          mfa_mode: policy.mode,
          mfa_allowed_methods: JSON.stringify(policy.allowedMethods),
          mfa_method_choice: policy.methodChoice,
          mfa_fixed_method: policy.fixedMethod,
          mfa_enforcement_date: policy.enforcementDate,
          created_at: stamp,
          updated_at: stamp,
        })
        .execute();
      await trx.insertInto('npis').values(DEMO_ORGANIZATION.npis.map((npi) => ({ org_id: orgId, npi }))).execute();
      await trx
        .insertInto('users')
        .values(
          users.map(({ spec, id, passwordHash }) => ({
            id,
            username: spec.username.toLowerCase(),
            email: spec.email.toLowerCase(),
            name: spec.name,
            name_search: spec.name.toLowerCase(),
            primary_phone: spec.primaryPhone,
            secondary_phone: spec.secondaryPhone,
            status: 'active' as const,
            password_hash: passwordHash,
            created_at: stamp,
            updated_at: stamp,
          })),
        )
        .execute();
      await trx
        .insertInto('memberships')
        .values(users.map(({ spec, id }) => ({ user_id: id, org_id: orgId, role: spec.role })))
        .execute();
      registrationCode = (await createProviderRegistrationCode(trx, { orgId, now })).code;
      await appendAuditEvent(trx, { event: 'demo_clinic.seeded', orgId, details: { users: users.length, providerRegistrationCodes: 1 } }, now, newId());
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { created: false };
    throw error;
  }

  return {
    created: true,
    organization: { id: orgId, name: DEMO_ORGANIZATION.name },
    users: users.map(({ spec, password }) => ({ username: spec.username, name: spec.name, role: spec.role, password })),
    providerRegistration: { code: registrationCode, npi: DEMO_ORGANIZATION.npis[0] },
  };
}
