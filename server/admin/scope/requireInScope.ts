import type { Kysely } from 'kysely';
import type { Database, UserRow } from '../../db/schema.js';
import { notFound } from '../adminError.js';
import type { AdminCaller } from './adminCaller.js';

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
