import type { Kysely } from 'kysely';
import type { Database, UserRow } from '../../db/schema.js';
import { AdminError, notFound } from '../adminError.js';
import { ADMIN_ROLES, type AdminCaller } from './adminCaller.js';

/** Throws NotFound (never Forbidden, so existence does not leak) for an organization the caller does not manage. */
export function requireOrgInScope(caller: AdminCaller, orgId: string): void {
  if (!caller.orgIds.includes(orgId)) throw notFound('organization');
}

export interface UserInScope {
  user: UserRow;
  /** The caller's organizations this user belongs to, sorted; never empty. */
  sharedOrgIds: string[];
}

/**
 * The user, when they belong to at least one organization the caller manages; NotFound otherwise, the
 * same answer as for an id that does not exist. Pass the transaction when a change follows.
 */
export async function requireUserInScope(db: Kysely<Database>, caller: AdminCaller, userId: string): Promise<UserInScope> {
  const shared = await db
    .selectFrom('memberships')
    .select('org_id')
    .where('user_id', '=', userId)
    .where('org_id', 'in', caller.orgIds)
    .orderBy('org_id')
    .execute();
  if (shared.length === 0) throw notFound('user');
  const user = await db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
  if (!user) throw notFound('user');
  return { user, sharedOrgIds: shared.map((s) => s.org_id) };
}

/**
 * `requireUserInScope` for a change to the user's sign-in (MFA reset, unlock, registration link): also
 * refused, with 403, when the user administers an organization the caller does not manage. Staff who
 * work at two clinics can be helped by either clinic's admin (MFA belongs to the person, not to an NPI),
 * but a clinic admin must not reset or unlock the sign-in of someone who holds admin rights elsewhere:
 * that would reach into organizations they do not manage (review finding).
 */
export async function requireUserToActOn(db: Kysely<Database>, caller: AdminCaller, userId: string): Promise<UserInScope> {
  const inScope = await requireUserInScope(db, caller, userId);
  const adminElsewhere = await db
    .selectFrom('memberships')
    .select('org_id')
    .where('user_id', '=', userId)
    .where('role', 'in', ADMIN_ROLES)
    .where('org_id', 'not in', caller.orgIds)
    .executeTakeFirst();
  if (adminElsewhere) {
    throw new AdminError('Forbidden', 'This person is an administrator of an organization you do not manage. Ask an administrator who manages all of their organizations.');
  }
  return inScope;
}
