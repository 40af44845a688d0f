import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { AdminCaller } from '../scope/adminCaller.js';
import { requireOrgInScope, requireUserInScope } from '../scope/requireInScope.js';
import type { AuditSearch } from './auditQuery.js';

export interface AuditFilters {
  orgId?: string | undefined;
  userId?: string | undefined;
  event?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/** The audit filters, limited to the caller's reach: an organization or user outside it is NotFound. Shared by the page and the CSV export. */
export async function scopedAuditSearch(db: Kysely<Database>, caller: AdminCaller, filters: AuditFilters): Promise<Omit<AuditSearch, 'limit' | 'after'>> {
  if (filters.orgId !== undefined) requireOrgInScope(caller, filters.orgId);
  if (filters.userId !== undefined) await requireUserInScope(db, caller, filters.userId);
  // Instants are stored as ISO-8601 UTC; an offset in the filter is moved to UTC so text order is time order.
  const utc = (value: string | undefined) => (value === undefined ? undefined : new Date(value).toISOString());
  return {
    orgIds: filters.orgId !== undefined ? [filters.orgId] : caller.orgIds,
    userId: filters.userId,
    event: filters.event,
    from: utc(filters.from),
    to: utc(filters.to),
  };
}
