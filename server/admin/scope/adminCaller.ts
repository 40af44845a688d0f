import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Role } from '../../domain/user.js';

export const ADMIN_ROLES = ['clinic_admin', 'provider_admin'] as const satisfies readonly Role[];
export type AdminRole = (typeof ADMIN_ROLES)[number];

export interface ManagedOrganization {
  orgId: string;
  role: AdminRole;
}

/**
 * Who is calling the admin API, resolved afresh on every request from the token and the memberships
 * as they are now: a role taken away takes effect on the next call, not when the token expires.
 */
export interface AdminCaller {
  userId: string;
  tokenId: string;
  /** Where the request came from (request.ip, after the proxy rules): for the audit log. */
  ip: string;
  /** The organizations this admin manages, by id, sorted; never empty. */
  orgIds: readonly string[];
  managed: readonly ManagedOrganization[];
}

/**
 * The organizations a user manages: those where they are clinic admin, and those where they are
 * provider admin (a provider admin usually holds that role in several). Staff memberships give no reach.
 */
export async function managedOrganizations(db: Kysely<Database>, userId: string): Promise<ManagedOrganization[]> {
  const rows = await db
    .selectFrom('memberships')
    .select(['org_id', 'role'])
    .where('user_id', '=', userId)
    .where('role', 'in', ADMIN_ROLES)
    .orderBy('org_id')
    .execute();
  return rows.map((r) => ({ orgId: r.org_id, role: r.role as AdminRole }));
}
