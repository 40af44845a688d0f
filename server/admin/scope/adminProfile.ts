import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { AdminRole, ManagedOrganization } from './adminCaller.js';

export interface AdminProfile {
  user: { id: string; username: string; name: string; email: string };
  organizations: Array<{ id: string; name: string; npis: string[]; role: AdminRole }>;
}

/** The administrator and the organizations they manage with their NPIs (seed 002: one login covers all of them). */
export async function adminProfile(db: Kysely<Database>, userId: string, managed: readonly ManagedOrganization[]): Promise<AdminProfile> {
  const orgIds = managed.map((m) => m.orgId);
  const [user, orgs, npis] = await Promise.all([
    db.selectFrom('users').select(['id', 'username', 'name', 'email']).where('id', '=', userId).executeTakeFirstOrThrow(),
    db.selectFrom('organizations').select(['id', 'name']).where('id', 'in', orgIds).orderBy('name').execute(),
    db.selectFrom('npis').select(['org_id', 'npi']).where('org_id', 'in', orgIds).orderBy('npi').execute(),
  ]);
  const roleOf = new Map(managed.map((m) => [m.orgId, m.role]));
  return {
    user,
    organizations: orgs.map((o) => ({ id: o.id, name: o.name, npis: npis.filter((n) => n.org_id === o.id).map((n) => n.npi), role: roleOf.get(o.id)! })),
  };
}
