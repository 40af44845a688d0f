import type { Kysely } from 'kysely';
import { appendAuditEvent } from '../audit/appendAuditEvent.js';
import { newAuditEventId } from '../audit/auditEventId.js';
import type { Database } from '../db/schema.js';
import type { AdminEvent } from './adminEvents.js';
import type { AdminCaller } from './scope/adminCaller.js';

export interface AdminAuditLine {
  event: AdminEvent;
  subjectUserId?: string | null;
  /** The organization the change concerns; for a user, the first of the caller's organizations they belong to. */
  orgId?: string | null;
  reason?: string | null;
  /** Identifiers and outcomes only: never a password, code, token or link. */
  details?: Record<string, unknown>;
}

/** One audit line for what `caller` did: who (the token's user), from where (request.ip), when (`now`). Pass the change's transaction. */
export async function auditAdminAction(trx: Kysely<Database>, caller: Pick<AdminCaller, 'userId' | 'ip'>, line: AdminAuditLine, now: Date): Promise<void> {
  await appendAuditEvent(
    trx,
    {
      event: line.event,
      actorUserId: caller.userId,
      subjectUserId: line.subjectUserId ?? null,
      orgId: line.orgId ?? null,
      ip: caller.ip,
      reason: line.reason ?? null,
      details: line.details ?? {},
    },
    now,
    newAuditEventId(now),
  );
}
