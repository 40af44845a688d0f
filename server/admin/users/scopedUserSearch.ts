import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { notFound } from '../adminError.js';
import type { AdminCaller } from '../scope/adminCaller.js';
import { requireOrgInScope } from '../scope/requireInScope.js';
import type { UserSearch } from './userSearch.js';

/** The list's filters as the caller gives them: one organization (or none: all in reach), no paging. */
export type UserFilters = Omit<UserSearch, 'orgIds' | 'after' | 'limit'> & { orgId?: string | undefined };

/**
 * Turns the list's filters into a search limited to the caller's reach: an organization or phase
 * outside it is NotFound, like one that does not exist. Shared by the list and the CSV export.
 */
export async function scopedUserSearch(db: Kysely<Database>, caller: AdminCaller, filters: UserFilters): Promise<Omit<UserSearch, 'limit' | 'after'>> {
  if (filters.orgId !== undefined) requireOrgInScope(caller, filters.orgId);
  if (filters.phaseId !== undefined) {
    const phase = await db.selectFrom('rollout_phases').select('org_id').where('id', '=', filters.phaseId).executeTakeFirst();
    if (!phase || !caller.orgIds.includes(phase.org_id)) throw notFound('phase');
  }
  return {
    orgIds: filters.orgId !== undefined ? [filters.orgId] : caller.orgIds,
    q: filters.q,
    status: filters.status,
    mfaState: filters.mfaState,
    method: filters.method,
    phaseId: filters.phaseId,
    sort: filters.sort,
    direction: filters.direction,
  };
}
