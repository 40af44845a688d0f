import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { Database } from '../../db/schema.js';
import { USER_THROTTLE_KEY_PREFIX } from '../../security/throttleKeys.js';
import { prefixUpperBound } from './prefixRange.js';
import type { SortDirection, UserKeyset } from './userCursor.js';
import type { UserSearch, UserSearchRow } from './userSearch.js';

// The WHERE pieces of user search (userSearch.ts), each a condition on the row alias `u`.

export function prefixCondition(column: RawBuilder<string>, prefix: string): RawBuilder<SqlBool> {
  const upper = prefixUpperBound(prefix);
  return upper === null ? sql<SqlBool>`${column} >= ${prefix}` : sql<SqlBool>`(${column} >= ${prefix} and ${column} < ${upper})`;
}

export function anyPrefixCondition(ref: (column: keyof UserSearchRow) => RawBuilder<string>, prefix: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`(${sql.join([prefixCondition(ref('name_search'), prefix), prefixCondition(ref('username'), prefix), prefixCondition(ref('email'), prefix)], sql` or `)})`;
}

export function afterCondition(key: RawBuilder<string>, after: UserKeyset, direction: SortDirection, unique: boolean): RawBuilder<SqlBool> {
  const cmp = sql.raw(direction === 'asc' ? '>' : '<');
  if (unique) return sql<SqlBool>`${key} ${cmp} ${after.value}`;
  // `key >= v` first so the index range starts at v; the OR alone would not bound the scan.
  const cmpOrEqual = sql.raw(direction === 'asc' ? '>=' : '<=');
  return sql<SqlBool>`(${key} ${cmpOrEqual} ${after.value} and (${key} ${cmp} ${after.value} or u.id ${cmp} ${after.id}))`;
}

/**
 * "The correlated row exists", as a scalar subquery: one primary-key probe per candidate row. Written
 * as EXISTS, PostgreSQL turns it into a semi-join and, misjudging how many candidates a CTE holds,
 * hashes all 100,000 memberships or registrations first (20–35 ms) to check a few thousand rows. A
 * scalar subquery is never turned into a join; SQLite runs either form as a probe.
 */
export function has(correlated: RawBuilder<unknown>): RawBuilder<SqlBool> {
  return sql<SqlBool>`((${correlated} limit 1) is not null)`;
}

// Past this many current lockouts the list would make a long statement; a subquery does instead.
const MAX_LISTED_LOCKOUTS = 1000;

export async function filterConditions(db: Kysely<Database>, search: UserSearch, now: Date): Promise<RawBuilder<SqlBool>[]> {
  const conditions: RawBuilder<SqlBool>[] = [];
  if (search.status === 'locked' || search.status === 'active') {
    // Lockouts are few: listing them lets the planner estimate `status = … or id in (…)` from its
    // statistics, where a correlated subquery in an OR reads as "half the table" to PostgreSQL.
    const at = now.toISOString();
    const locks = await db.selectFrom('login_throttle').select('key').where('key', 'like', `${USER_THROTTLE_KEY_PREFIX}%`).where('locked_until', '>', at).limit(MAX_LISTED_LOCKOUTS + 1).execute();
    const lockedIds = locks.map((l) => l.key.slice(USER_THROTTLE_KEY_PREFIX.length));
    const throttled =
      lockedIds.length > MAX_LISTED_LOCKOUTS
        ? sql<SqlBool>`exists (select 1 from login_throttle t where t.key = ${USER_THROTTLE_KEY_PREFIX} || u.id and t.locked_until > ${at})`
        : lockedIds.length > 0
          ? sql<SqlBool>`u.id in (${sql.join(lockedIds)})`
          : null;
    if (search.status === 'locked') conditions.push(throttled ? sql<SqlBool>`(u.status = 'locked' or ${throttled})` : sql<SqlBool>`u.status = 'locked'`);
    else conditions.push(throttled ? sql<SqlBool>`(u.status = 'active' and not ${throttled})` : sql<SqlBool>`u.status = 'active'`);
  } else if (search.status) conditions.push(sql<SqlBool>`u.status = ${search.status}`);

  const confirmed = has(sql`select 1 from mfa_registrations r where r.user_id = u.id and r.confirmed_at is not null`);
  const any = has(sql`select 1 from mfa_registrations r where r.user_id = u.id`);
  if (search.mfaState === 'registered') conditions.push(confirmed);
  if (search.mfaState === 'pending') conditions.push(sql<SqlBool>`(not ${confirmed} and ${any})`);
  if (search.mfaState === 'not_registered') conditions.push(sql<SqlBool>`not ${any}`);
  if (search.method) conditions.push(has(sql`select 1 from mfa_registrations r where r.user_id = u.id and r.method = ${search.method} and r.confirmed_at is not null`));
  if (search.phaseId) conditions.push(has(sql`select 1 from rollout_phase_members p where p.phase_id = ${search.phaseId} and p.user_id = u.id`));
  return conditions;
}
