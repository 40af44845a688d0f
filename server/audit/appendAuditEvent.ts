import type { Kysely } from 'kysely';
import type { AuditEvent } from '../domain/auditEvent.js';
import type { Database } from '../db/schema.js';

export type NewAuditEvent = Omit<AuditEvent, 'id' | 'at' | 'actorUserId' | 'subjectUserId' | 'orgId' | 'ip' | 'reason' | 'details'> &
  Partial<Pick<AuditEvent, 'actorUserId' | 'subjectUserId' | 'orgId' | 'ip' | 'reason' | 'details'>>;

/**
 * Adds one line to the audit log, inside the caller's transaction when given one, so the line commits
 * with the change it records or not at all. The table refuses updates and deletes.
 */
export async function appendAuditEvent(
  db: Kysely<Database>,
  event: NewAuditEvent,
  at: Date,
  id: string,
): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      id,
      at: at.toISOString(),
      actor_user_id: event.actorUserId ?? null,
      subject_user_id: event.subjectUserId ?? null,
      org_id: event.orgId ?? null,
      event: event.event,
      ip: event.ip ?? null,
      reason: event.reason ?? null,
      details: JSON.stringify(event.details ?? {}),
    })
    .execute();
}
