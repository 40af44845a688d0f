import { sql } from 'kysely';
import { DeliveryError } from '../../delivery/deliveryError.js';
import { auditAdminAction } from '../adminAudit.js';
import type { AdminDeps } from '../adminDeps.js';
import { ADMIN_EVENTS } from '../adminEvents.js';
import { phaseNoticeEmail } from '../email/adminEmails.js';
import type { AdminCaller } from '../scope/adminCaller.js';

/** Emails per request: a phase of thousands is told in several calls (awaitingNotice says how many remain). */
export const NOTICES_PER_CALL = 500;
// SMTP opens a connection per message (server/delivery); a few at once keep a large phase moving
// without tripping a relay's connection limit.
const CONCURRENT_SENDS = 4;

export interface NoticeOutcome {
  sent: number;
  failed: number;
  /** The first delivery failure's message, for the administrator to act on. */
  problem: string | null;
}

/**
 * Seed 002: users in a phase are told by email when MFA becomes mandatory for them. Emails the members
 * not yet told the phase's current date, then records who was told (and the phase's notified_at once
 * nobody is left) with its audit line. Sends happen outside any transaction; the record is written only
 * for members whose email left, and only if the date has not changed meanwhile.
 */
export async function notifyPhaseMembers(deps: AdminDeps, caller: AdminCaller, phaseId: string): Promise<NoticeOutcome> {
  const phase = await deps.db
    .selectFrom('rollout_phases as p')
    .innerJoin('organizations as o', 'o.id', 'p.org_id')
    .select(['p.id', 'p.org_id', 'p.enforcement_date', 'o.name as org_name'])
    .where('p.id', '=', phaseId)
    .executeTakeFirst();
  if (!phase?.enforcement_date) return { sent: 0, failed: 0, problem: null };
  const date = phase.enforcement_date;
  const members = await deps.db
    .selectFrom('rollout_phase_members as pm')
    .innerJoin('users as u', 'u.id', 'pm.user_id')
    .select(['u.id', 'u.email', 'u.name'])
    .where('pm.phase_id', '=', phaseId)
    .where('pm.notified_at', 'is', null)
    .orderBy('u.id')
    .limit(NOTICES_PER_CALL)
    .execute();
  if (members.length === 0) return { sent: 0, failed: 0, problem: null };

  const told: string[] = [];
  let problem: string | null = null;
  let next = 0;
  const worker = async () => {
    while (next < members.length) {
      const member = members[next++]!;
      try {
        await deps.email.send(phaseNoticeEmail(member, phase.org_name, date));
        told.push(member.id);
      } catch (error) {
        if (!(error instanceof DeliveryError)) throw error;
        problem ??= error.message;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENT_SENDS, members.length) }, worker));

  const now = deps.now();
  const at = now.toISOString();
  await deps.db.transaction().execute(async (trx) => {
    for (let i = 0; i < told.length; i += 500) {
      await trx
        .updateTable('rollout_phase_members')
        .set({ notified_at: at })
        .where('phase_id', '=', phaseId)
        .where('user_id', 'in', told.slice(i, i + 500))
        .where('notified_at', 'is', null)
        .where(sql<boolean>`(select enforcement_date from rollout_phases where id = ${phaseId}) = ${date}`)
        .execute();
    }
    const waiting = await trx.selectFrom('rollout_phase_members').select('user_id').where('phase_id', '=', phaseId).where('notified_at', 'is', null).limit(1).execute();
    if (waiting.length === 0) await trx.updateTable('rollout_phases').set({ notified_at: at }).where('id', '=', phaseId).where('enforcement_date', '=', date).execute();
    await auditAdminAction(
      trx,
      caller,
      { event: ADMIN_EVENTS.phaseNotified, orgId: phase.org_id, details: { phaseId, enforcementDate: date, sent: told.length, failed: members.length - told.length } },
      now,
    );
  });
  return { sent: told.length, failed: members.length - told.length, problem };
}
