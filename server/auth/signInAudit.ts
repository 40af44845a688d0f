import { sql, type Kysely } from 'kysely';
import { newAuditEventId } from '../audit/auditEventId.js';
import { precompile } from '../db/precompiledQuery.js';
import type { Database } from '../db/schema.js';

/** Every sign-in event the audit log receives. Details carry methods, reasons and masked destinations only. */
export type SignInEvent =
  | 'login.password_accepted'
  | 'login.password_failed'
  | 'login.refused_inactive'
  | 'login.refused_locked'
  | 'login.locked'
  | 'login.succeeded'
  | 'logout'
  | 'mfa.code_sent'
  | 'mfa.call_placed'
  | 'mfa.failed'
  | 'mfa.registered'
  | 'remember_me.created'
  | 'remember_me.used';

export interface SignInAudit {
  /** `userId`: whom the event concerns (and who acted: sign-in is the user acting on their own account). */
  record(event: SignInEvent, input: { userId: string | null; ip: string | null; details?: Record<string, unknown> }): Promise<void>;
}

/**
 * Audit lines for sign-in. `org_id` is the user's organization when they have exactly one; a user of
 * several gets null, since MFA and its events belong to the person (seed 002), not to one NPI or clinic —
 * an admin's view finds them through subject_user_id and the memberships.
 */
// Every sign-in writes audit lines: one statement, built and compiled once, that finds the user's single
// organization itself (a scalar subquery) instead of a lookup first and an insert after.
const insertSignInEvent = precompile<[id: string, at: string, userId: string | null, event: string, ip: string | null, details: string], never>(
  6,
  (db, id, at, userId, event, ip, details) =>
    db.insertInto('audit_log').values({
      id,
      at,
      actor_user_id: userId,
      subject_user_id: userId,
      org_id: (eb) =>
        eb
          .selectFrom('memberships')
          .where('user_id', '=', userId)
          .select(sql<string | null>`case when count(*) = 1 then min(org_id) end`.as('org_id')),
      event,
      ip,
      reason: null,
      details,
    }),
);

export function createSignInAudit(db: Kysely<Database>, now: () => Date): SignInAudit {
  return {
    async record(event, { userId, ip, details }) {
      const at = now();
      await insertSignInEvent.execute(db, newAuditEventId(at), at.toISOString(), userId, event, ip, JSON.stringify(details ?? {}));
    },
  };
}
