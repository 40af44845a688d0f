import type { Kysely } from 'kysely';
import { appendAuditEvent } from '../audit/appendAuditEvent.js';
import { newAuditEventId } from '../audit/auditEventId.js';
import type { Database } from '../db/schema.js';

/**
 * Every self-service event the audit log receives. Details carry outcomes, masked destinations and
 * reasons; never a code, token, password, typed login name or full number.
 */
export type SelfServiceEvent =
  | 'password_reset.requested'
  | 'password_reset.email_verified'
  | 'password_reset.phone_verified'
  | 'password_reset.failed'
  | 'password_reset.completed'
  | 'registration.code_refused'
  | 'registration.started'
  | 'registration.email_in_use'
  | 'registration.link_opened'
  | 'registration.password_set'
  | 'registration.password_failed'
  | 'registration.link_resent'
  | 'registration.reset_requested'
  | 'registration.reset'
  | 'registration.reset_refused'
  | 'registration.completed';

export interface SelfServiceAuditInput {
  /** Whom the event concerns, and who acted: in self-service the person acts on their own account. */
  userId: string | null;
  ip: string | null;
  /** Defaults to the user's organization when they have exactly one (as sign-in's lines do). */
  orgId?: string | null;
  details?: Record<string, unknown>;
}

/** Adds the line, in the caller's transaction when `db` is one. */
export async function recordSelfServiceEvent(db: Kysely<Database>, now: Date, event: SelfServiceEvent, input: SelfServiceAuditInput): Promise<void> {
  let orgId = input.orgId ?? null;
  if (input.orgId === undefined && input.userId) {
    const orgs = await db.selectFrom('memberships').select('org_id').where('user_id', '=', input.userId).limit(2).execute();
    orgId = orgs.length === 1 ? orgs[0]!.org_id : null;
  }
  await appendAuditEvent(db, { event, actorUserId: input.userId, subjectUserId: input.userId, orgId, ip: input.ip, details: input.details ?? {} }, now, newAuditEventId(now));
}

/**
 * How many of `events` the audit log holds since `since` for one user or one client address: the same
 * counting sign-in's send limit does, so every instance sees the same number without another table.
 */
export async function countRecentEvents(
  db: Kysely<Database>,
  input: { events: readonly SelfServiceEvent[]; since: Date; userId?: string; ip?: string; limit: number },
): Promise<number> {
  let query = db
    .selectFrom('audit_log')
    .select('id')
    .where('event', 'in', [...input.events])
    .where('at', '>', input.since.toISOString());
  if (input.userId !== undefined) query = query.where('subject_user_id', '=', input.userId);
  if (input.ip !== undefined) query = query.where('ip', '=', input.ip);
  return (await query.limit(input.limit).execute()).length;
}
