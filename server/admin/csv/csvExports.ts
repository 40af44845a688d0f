import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { searchAudit, type AuditSearch } from '../audit/auditQuery.js';
import { searchUsers, type UserSearch } from '../users/userSearch.js';
import { summarizeUsers } from '../users/userSummaries.js';
import { csvLine, UTF8_BOM } from './csvCell.js';

// Rows fetched per query while streaming: large enough to keep round trips few, small enough that the
// service never holds a whole export in memory.
const BATCH = 500;

/**
 * The users a search finds, as CSV lines, page by page with the same keyset query as the list: an
 * export of 100,000 users streams in constant memory.
 */
export async function* usersCsv(db: Kysely<Database>, search: Omit<UserSearch, 'limit' | 'after'>, now: () => Date): AsyncGenerator<string> {
  yield UTF8_BOM + csvLine(['Name', 'Username', 'Email', 'Status', 'Locked until', 'MFA', 'Methods', 'Organizations', 'Last sign-in', 'Created']);
  let after: UserSearch['after'];
  do {
    const page = await searchUsers(db, { ...search, after, limit: BATCH }, now());
    for (const u of await summarizeUsers(db, page.rows, search.orgIds, now())) {
      yield csvLine([
        u.name,
        u.username,
        u.email,
        u.status,
        u.lockedUntil,
        u.mfa.state,
        u.mfa.methods.join(' '),
        u.organizations.map((o) => `${o.name} (${o.role})`).join('; '),
        u.lastLoginAt,
        u.createdAt,
      ]);
    }
    after = page.next ?? undefined;
  } while (after);
}

/** Audit lines as CSV, newest first, streamed the same way. */
export async function* auditCsv(db: Kysely<Database>, search: Omit<AuditSearch, 'limit' | 'after'>): AsyncGenerator<string> {
  yield UTF8_BOM + csvLine(['Time (UTC)', 'Event', 'By', 'By username', 'About', 'About username', 'Organization', 'From address', 'Reason', 'Details']);
  let after: AuditSearch['after'];
  do {
    const page = await searchAudit(db, { ...search, after, limit: BATCH });
    for (const e of page.entries) {
      yield csvLine([
        e.at,
        e.event,
        e.actor?.name,
        e.actor?.username,
        e.subject?.name,
        e.subject?.username,
        e.organization?.name ?? e.organization?.id,
        e.ip,
        e.reason,
        Object.keys(e.details).length > 0 ? JSON.stringify(e.details) : '',
      ]);
    }
    after = page.next ?? undefined;
  } while (after);
}
