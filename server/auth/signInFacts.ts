import type { Kysely } from 'kysely';
import { precompile } from '../db/precompiledQuery.js';
import type { Database, MfaRegistrationRow, UserRow } from '../db/schema.js';
import { MFA_METHODS, type MfaMethod } from '../domain/mfaMethods.js';
import type { MfaPolicy } from '../domain/organization.js';

/**
 * The MFA policies of every organization the user belongs to. Where the user is in one of the
 * organization's rollout phases (seed 002: groups of users, each with its own date), the phase's
 * enforcement date is theirs; a phase without a date yet leaves the organization's date in force.
 */
export async function loadPolicies(db: Kysely<Database>, userId: string): Promise<MfaPolicy[]> {
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('organizations', 'organizations.id', 'memberships.org_id')
    .leftJoin('rollout_phase_members', (join) =>
      join.onRef('rollout_phase_members.org_id', '=', 'memberships.org_id').onRef('rollout_phase_members.user_id', '=', 'memberships.user_id'),
    )
    .leftJoin('rollout_phases', 'rollout_phases.id', 'rollout_phase_members.phase_id')
    .select([
      'organizations.mfa_mode',
      'organizations.mfa_allowed_methods',
      'organizations.mfa_method_choice',
      'organizations.mfa_fixed_method',
      'organizations.mfa_enforcement_date',
      'rollout_phases.enforcement_date as phase_enforcement_date',
    ])
    .where('memberships.user_id', '=', userId)
    .execute();
  return rows.map((r) => ({
    mode: r.mfa_mode,
    allowedMethods: parseMethodList(r.mfa_allowed_methods),
    methodChoice: r.mfa_method_choice,
    fixedMethod: r.mfa_fixed_method,
    enforcementDate: r.phase_enforcement_date ?? r.mfa_enforcement_date,
  }));
}

export async function loadConfirmedRegistrations(db: Kysely<Database>, userId: string): Promise<MfaRegistrationRow[]> {
  return db.selectFrom('mfa_registrations').selectAll().where('user_id', '=', userId).where('confirmed_at', 'is not', null).execute();
}

// Every sign-in step loads the user: built and compiled once (server/db/precompiledQuery.ts).
const userById = precompile<[id: string], UserRow>(1, (db, id) => db.selectFrom('users').selectAll().where('id', '=', id));

export async function loadUser(db: Kysely<Database>, userId: string): Promise<UserRow | undefined> {
  return (await userById.execute(db, userId)).rows[0];
}

/** Sign-in takes a username or an email; both are stored lower-case. */
export async function findUserByLogin(db: Kysely<Database>, login: string): Promise<UserRow | undefined> {
  const value = login.trim().toLowerCase();
  return db
    .selectFrom('users')
    .selectAll()
    .where(value.includes('@') ? 'email' : 'username', '=', value)
    .executeTakeFirst();
}

/** The column is a JSON array written by the admin flows; anything unreadable allows nothing rather than everything. */
function parseMethodList(json: string): MfaMethod[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? MFA_METHODS.filter((m) => value.includes(m)) : [];
  } catch {
    return [];
  }
}
