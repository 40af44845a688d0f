import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { notFound } from '../adminError.js';

export interface RolloutPhase {
  id: string;
  organizationId: string;
  name: string;
  enforcementDate: string | null;
  /** When every member had been emailed the current date; null while some have not. */
  notifiedAt: string | null;
  memberCount: number;
  /** Members not yet emailed the current date. */
  awaitingNotice: number;
  createdAt: string;
  updatedAt: string;
}

/** An organization's phases with their member counts; `phaseId` narrows it to one. */
export async function loadPhases(db: Kysely<Database>, orgId: string, phaseId?: string): Promise<RolloutPhase[]> {
  let query = db
    .selectFrom('rollout_phases as p')
    .leftJoin('rollout_phase_members as pm', 'pm.phase_id', 'p.id')
    .select([
      'p.id',
      'p.org_id',
      'p.name',
      'p.enforcement_date',
      'p.notified_at',
      'p.created_at',
      'p.updated_at',
      sql<number | string>`count(pm.user_id)`.as('member_count'),
      sql<number | string>`count(pm.user_id) - count(pm.notified_at)`.as('awaiting_notice'),
    ])
    .where('p.org_id', '=', orgId)
    .groupBy(['p.id', 'p.org_id', 'p.name', 'p.enforcement_date', 'p.notified_at', 'p.created_at', 'p.updated_at'])
    .orderBy('p.enforcement_date')
    .orderBy('p.name');
  if (phaseId !== undefined) query = query.where('p.id', '=', phaseId);
  const rows = await query.execute();
  // PostgreSQL's count() is a bigint, which pg returns as a string.
  return rows.map((r) => ({
    id: r.id,
    organizationId: r.org_id,
    name: r.name,
    enforcementDate: r.enforcement_date,
    notifiedAt: r.notified_at,
    memberCount: Number(r.member_count),
    awaitingNotice: Number(r.awaiting_notice),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));
}

export async function loadPhase(db: Kysely<Database>, orgId: string, phaseId: string): Promise<RolloutPhase> {
  const [phase] = await loadPhases(db, orgId, phaseId);
  if (!phase) throw notFound('phase');
  return phase;
}
