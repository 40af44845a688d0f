import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { MfaMethod } from '../../domain/mfaMethods.js';
import { searchAudit, type AuditEntry } from '../audit/auditQuery.js';
import type { AdminCaller } from '../scope/adminCaller.js';
import { requireUserInScope } from '../scope/requireInScope.js';
import { maskPhone } from '../signIn/maskContact.js';
import { summarizeUsers, type UserSummary } from './userSummaries.js';

export const RECENT_EVENTS = 20;

export interface UserDetail extends UserSummary {
  /** Masked like the login page shows them (XXX-XXX-9885): enough to confirm with the person, no more. */
  primaryPhone: string | null;
  secondaryPhone: string | null;
  registrations: Array<{ method: MfaMethod; phone: string | null; confirmedAt: string | null; createdAt: string }>;
  phases: Array<{ id: string; name: string; organizationId: string; enforcementDate: string | null; notifiedAt: string | null }>;
  /** The newest security events about this user in the caller's reach. */
  recentEvents: AuditEntry[];
}

export async function userDetail(db: Kysely<Database>, caller: AdminCaller, userId: string, now: Date): Promise<UserDetail> {
  const { user } = await requireUserInScope(db, caller, userId);
  const [[summary], registrations, phases, events] = await Promise.all([
    summarizeUsers(db, [user], caller.orgIds, now),
    db.selectFrom('mfa_registrations').select(['method', 'phone', 'confirmed_at', 'created_at']).where('user_id', '=', user.id).orderBy('method').execute(),
    db
      .selectFrom('rollout_phase_members as pm')
      .innerJoin('rollout_phases as p', 'p.id', 'pm.phase_id')
      .select(['p.id', 'p.name', 'p.org_id', 'p.enforcement_date', 'pm.notified_at'])
      .where('pm.user_id', '=', user.id)
      .where('pm.org_id', 'in', caller.orgIds)
      .orderBy('p.name')
      .execute(),
    searchAudit(db, { orgIds: caller.orgIds, userId: user.id, limit: RECENT_EVENTS }),
  ]);
  return {
    ...summary!,
    primaryPhone: user.primary_phone ? maskPhone(user.primary_phone) : null,
    secondaryPhone: user.secondary_phone ? maskPhone(user.secondary_phone) : null,
    registrations: registrations.map((r) => ({ method: r.method, phone: r.phone ? maskPhone(r.phone) : null, confirmedAt: r.confirmed_at, createdAt: r.created_at })),
    phases: phases.map((p) => ({ id: p.id, name: p.name, organizationId: p.org_id, enforcementDate: p.enforcement_date, notifiedAt: p.notified_at })),
    recentEvents: events.entries,
  };
}
