import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { Database } from '../../db/schema.js';

export interface AuditSearch {
  /** The organizations to look in: the caller's, or the one the filter names. Never empty. */
  orgIds: readonly string[];
  /** Lines where this user acted or was acted on. */
  userId?: string | undefined;
  event?: string | undefined;
  /** ISO-8601, inclusive. */
  from?: string | undefined;
  /** ISO-8601, exclusive. */
  to?: string | undefined;
  after?: { at: string; id: string } | undefined;
  limit: number;
}

export interface AuditEntry {
  id: string;
  at: string;
  event: string;
  actor: { id: string; username: string | null; name: string | null } | null;
  subject: { id: string; username: string | null; name: string | null } | null;
  organization: { id: string; name: string | null } | null;
  ip: string | null;
  reason: string | null;
  details: Record<string, unknown>;
}

/**
 * Audit lines an admin may read, newest first: those about one of their organizations, and those about
 * a user who belongs to one (MFA belongs to the person, so a reset done from another organization
 * concerns every organization the person works for). Walks audit_log_at_idx backwards with a
 * primary-key probe of memberships per line; the filters by user and event have their own indexes.
 */
export async function searchAudit(db: Kysely<Database>, search: AuditSearch): Promise<{ entries: AuditEntry[]; next: { at: string; id: string } | null }> {
  const orgs = sql.join(search.orgIds);
  const conditions: Expression<SqlBool>[] = [
    sql<SqlBool>`(a.org_id in (${orgs}) or exists (select 1 from memberships m where m.user_id = a.subject_user_id and m.org_id in (${orgs})))`,
  ];
  if (search.userId) conditions.push(sql<SqlBool>`(a.subject_user_id = ${search.userId} or a.actor_user_id = ${search.userId})`);
  if (search.event) conditions.push(sql<SqlBool>`a.event = ${search.event}`);
  if (search.from) conditions.push(sql<SqlBool>`a.at >= ${search.from}`);
  if (search.to) conditions.push(sql<SqlBool>`a.at < ${search.to}`);
  if (search.after) conditions.push(sql<SqlBool>`(a.at <= ${search.after.at} and (a.at < ${search.after.at} or a.id < ${search.after.id}))`);

  let query = db
    .selectFrom('audit_log as a')
    .leftJoin('users as actor', 'actor.id', 'a.actor_user_id')
    .leftJoin('users as subject', 'subject.id', 'a.subject_user_id')
    .leftJoin('organizations as o', 'o.id', 'a.org_id')
    .select([
      'a.id',
      'a.at',
      'a.event',
      'a.actor_user_id',
      'actor.username as actor_username',
      'actor.name as actor_name',
      'a.subject_user_id',
      'subject.username as subject_username',
      'subject.name as subject_name',
      'a.org_id',
      'o.name as org_name',
      'a.ip',
      'a.reason',
      'a.details',
    ])
    .orderBy('a.at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(search.limit + 1);
  for (const condition of conditions) query = query.where(condition);
  const rows = await query.execute();

  const entries = rows.slice(0, search.limit).map(
    (r): AuditEntry => ({
      id: r.id,
      at: r.at,
      event: r.event,
      actor: r.actor_user_id ? { id: r.actor_user_id, username: r.actor_username, name: r.actor_name } : null,
      subject: r.subject_user_id ? { id: r.subject_user_id, username: r.subject_username, name: r.subject_name } : null,
      organization: r.org_id ? { id: r.org_id, name: r.org_name } : null,
      ip: r.ip,
      reason: r.reason,
      details: parseDetails(r.details),
    }),
  );
  const last = entries.at(-1);
  return { entries, next: rows.length > search.limit && last ? { at: last.at, id: last.id } : null };
}

function parseDetails(json: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(json);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
