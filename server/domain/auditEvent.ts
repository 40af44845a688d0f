/**
 * One line of the append-only audit log. Never holds a secret: `details` carries identifiers and outcomes,
 * not passwords, codes, TOTP keys or tokens.
 */
export interface AuditEvent {
  id: string;
  /** ISO-8601 UTC. */
  at: string;
  actorUserId: string | null;
  subjectUserId: string | null;
  orgId: string | null;
  event: string;
  ip: string | null;
  /** The reason an administrator typed (seed 003: reset with a reason). */
  reason: string | null;
  details: Readonly<Record<string, unknown>>;
}
