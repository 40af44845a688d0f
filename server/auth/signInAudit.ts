import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { appendAuditEvent } from '../audit/appendAuditEvent.js';
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
// Every sign-in event looks up the user's organizations: built and compiled once.
const orgsOf = precompile<[userId: string], { org_id: string }>(1, (db, userId) => db.selectFrom('memberships').select('org_id').where('user_id', '=', userId).limit(2));

export function createSignInAudit(db: Kysely<Database>, now: () => Date): SignInAudit {
  return {
    async record(event, { userId, ip, details }) {
      let orgId: string | null = null;
      if (userId) {
        const orgs = (await orgsOf.execute(db, userId)).rows;
        orgId = orgs.length === 1 ? orgs[0]!.org_id : null;
      }
      await appendAuditEvent(db, { event, actorUserId: userId, subjectUserId: userId, orgId, ip, details: details ?? {} }, now(), randomUUID());
    },
  };
}
