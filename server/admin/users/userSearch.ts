import { sql, type Expression, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { MfaMethod } from '../../domain/mfaMethods.js';
import type { UserStatus } from '../../domain/user.js';
import { sqlDialectOf } from '../../db/sqlDialectOf.js';
import type { SortDirection, UserKeyset, UserSort } from './userCursor.js';
import { afterCondition, anyPrefixCondition, filterConditions, has, prefixCondition } from './userSearchConditions.js';

export const MFA_STATES = ['registered', 'pending', 'not_registered'] as const;
export type MfaState = (typeof MFA_STATES)[number];

export interface UserSearch {
  /** The organizations to look in: the caller's, or the one the filter names. Never empty. */
  orgIds: readonly string[];
  /** Prefix of the name, username or email, any case. */
  q?: string | undefined;
  /** `locked` also finds accounts the sign-in lockout holds; `active` leaves them out. */
  status?: UserStatus | undefined;
  mfaState?: MfaState | undefined;
  /** Users with a confirmed registration of this method. */
  method?: MfaMethod | undefined;
  phaseId?: string | undefined;
  sort: UserSort;
  direction: SortDirection;
  after?: UserKeyset | undefined;
  limit: number;
}

export interface UserSearchRow {
  id: string;
  username: string;
  email: string;
  name: string;
  name_search: string;
  status: UserStatus;
  last_login_at: string;
  created_at: string;
}

const COLUMNS = ['u.id', 'u.username', 'u.email', 'u.name', 'u.name_search', 'u.status', 'u.last_login_at', 'u.created_at'] as const;
const SORT_COLUMN = { name: 'name_search', username: 'username', email: 'email', lastLogin: 'last_login_at', created: 'created_at' } as const satisfies Record<UserSort, keyof UserSearchRow>;
const TEXT_SEARCH_COLUMNS = new Set<keyof UserSearchRow>(['name_search', 'username', 'email']);
// Unique columns need no tie-breaker: the cursor compares them alone, and their unique index orders them.
const UNIQUE_SORT = new Set<UserSort>(['username', 'email']);

/** Up to this many memberships in scope, the search starts from the members (plan `members`). */
export const SMALL_SCOPE_MEMBERS = 2000;
/** Up to this many, a walk of the sort index is cut off after WALK_BOUND rows (see searchUsers). */
export const MEDIUM_SCOPE_MEMBERS = 10_000;
export const WALK_BOUND = 2000;
/** Shorter queries match names only (see below). */
export const MIN_ACCOUNT_PREFIX = 3;

export type SearchPlan = { kind: 'members' } | { kind: 'prefix' } | { kind: 'walk'; bound: number | null };

export const sortValueOf = (row: UserSearchRow, sort: UserSort): string => row[SORT_COLUMN[sort]];

interface SearchPage {
  rows: UserSearchRow[];
  next: UserKeyset | null;
}

/**
 * One page of the users an admin may see, for the list and the search. Three plans, chosen by the
 * size of the scope, each measured with EXPLAIN on both databases with 100,000 users (benchUserSearch):
 *
 * - `members`: the scope's users are read first (memberships_org_idx, then a primary-key probe each)
 *   into a MATERIALIZED CTE, then filtered and sorted. For a clinic of up to SMALL_SCOPE_MEMBERS.
 *   Walking the name index instead visits all 100,000 users to find 60 (29 ms on SQLite).
 * - `prefix`: a larger scope and a query of MIN_ACCOUNT_PREFIX or more characters: the name, username
 *   and email prefix ranges are unioned in a MATERIALIZED CTE (PostgreSQL's BitmapOr, SQLite's
 *   MULTI-INDEX OR), then checked against the scope and sorted. Without the CTE PostgreSQL walks the
 *   name index filtering 100,000 rows for a match that sorts late (30–50 ms).
 * - `walk`: the sort column's index in order (within the name range for a one- or two-letter query),
 *   with a probe of memberships per row, stopping at the page. Fast while the scope is a good share of
 *   the table and not bunched at the far end of the order. For a scope up to MEDIUM_SCOPE_MEMBERS that
 *   is not a given (a clinic onboarded last, sorted oldest first), so there the walk is cut off after
 *   WALK_BOUND rows and, if the page is not full by then, `members` answers instead; with a filter
 *   (few match), `members` answers at once.
 *
 * Prefix search is an index range scan (prefixRange.ts); on PostgreSQL it spells `collate "C"` to use
 * migration 005's indexes. One- or two-letter queries match names only: a username prefix that short
 * matches a twentieth of everyone and says little the name does not.
 */
export async function searchUsers(db: Kysely<Database>, search: UserSearch, now: Date): Promise<SearchPage> {
  const q = normalizeQuery(search.q);
  const accountPrefix = q !== null && Array.from(q).length >= MIN_ACCOUNT_PREFIX;
  const filters = await filterConditions(db, search, now);
  const run = (plan: SearchPlan) => runPlan(db, plan, search, q, accountPrefix, filters);

  if ((await countMembershipsUpTo(db, search.orgIds, SMALL_SCOPE_MEMBERS + 1)) <= SMALL_SCOPE_MEMBERS) return run({ kind: 'members' });
  if (accountPrefix) return run({ kind: 'prefix' });
  if ((await countMembershipsUpTo(db, search.orgIds, MEDIUM_SCOPE_MEMBERS + 1)) > MEDIUM_SCOPE_MEMBERS) return run({ kind: 'walk', bound: null });
  // A filter (status, MFA state, method, phase) usually keeps too few for the bounded walk to fill a page.
  if (filters.length > 0) return run({ kind: 'members' });
  const walked = await run({ kind: 'walk', bound: WALK_BOUND });
  // A full page (with one row beyond it) found within the bound is the true first page: the walk went
  // in the sort order. Anything less may have been cut off.
  return walked.next !== null ? walked : run({ kind: 'members' });
}

async function runPlan(
  db: Kysely<Database>,
  plan: SearchPlan,
  search: UserSearch,
  q: string | null,
  accountPrefix: boolean,
  filters: readonly Expression<SqlBool>[],
): Promise<SearchPage> {
  const postgres = sqlDialectOf(db) === 'postgres';
  // Only the searched text columns have "C" indexes on PostgreSQL; instants are ASCII in one fixed
  // format, which every collation orders alike, and their plain indexes serve the sort.
  const ref = (column: keyof UserSearchRow): RawBuilder<string> =>
    postgres && TEXT_SEARCH_COLUMNS.has(column) ? sql<string>`${sql.ref(`u.${column}`)} collate "C"` : sql<string>`${sql.ref(`u.${column}`)}`;
  const key = ref(SORT_COLUMN[search.sort]);
  const unique = UNIQUE_SORT.has(search.sort);
  const after = search.after ? afterCondition(key, search.after, search.direction, unique) : null;
  const namePrefix = q !== null && !accountPrefix ? prefixCondition(ref('name_search'), q) : null;
  const inScope = has(sql`select 1 from memberships m where m.user_id = u.id and m.org_id in (${sql.join(search.orgIds)})`);

  const outer: Expression<SqlBool>[] = [...filters];
  let base;
  if (plan.kind === 'members') {
    base = db.with((cte) => cte('u').materialized(), () => membersOf(search.orgIds, postgres)).selectFrom('u').select(COLUMNS);
    if (namePrefix) outer.push(namePrefix);
    if (q !== null && accountPrefix) outer.push(anyPrefixCondition(ref, q));
    if (after) outer.push(after);
  } else if (plan.kind === 'prefix' && q !== null) {
    base = db
      .with((cte) => cte('u').materialized(), (inner) => inner.selectFrom('users as u').select(COLUMNS).where(anyPrefixCondition(ref, q)))
      .selectFrom('u')
      .select(COLUMNS);
    outer.push(inScope);
    if (after) outer.push(after);
  } else {
    // The walk: prefix and cursor bound the index range; the optional LIMIT bounds the rows it visits.
    let walk = db.selectFrom('users as u').select(COLUMNS).orderBy(key, search.direction);
    if (!unique) walk = walk.orderBy('u.id', search.direction);
    if (namePrefix) walk = walk.where(namePrefix);
    if (after) walk = walk.where(after);
    base = plan.kind === 'walk' && plan.bound !== null ? db.selectFrom(walk.limit(plan.bound).as('u')).select(COLUMNS) : walk;
    outer.push(inScope);
  }

  let query = base.orderBy(key, search.direction);
  if (!unique) query = query.orderBy('u.id', search.direction);
  for (const condition of outer) query = query.where(condition);
  const rows = (await query.limit(search.limit + 1).execute()) as UserSearchRow[];
  const page = rows.slice(0, search.limit);
  const last = page.at(-1);
  return { rows: page, next: rows.length > search.limit && last ? { value: sortValueOf(last, search.sort), id: last.id } : null };
}

/**
 * The users of the organizations, each once, as a CTE body (parenthesised: Kysely adds none around raw SQL). PostgreSQL gets a LATERAL probe per
 * member behind OFFSET 0 (the planner may not flatten it): left to itself it hashes all 100,000 users
 * to find 5,000 (18 ms against 11 ms). SQLite has no LATERAL and needs none: it drives `in (members)`
 * from the memberships index by itself.
 */
function membersOf(orgIds: readonly string[], postgres: boolean): RawBuilder<UserSearchRow> {
  const orgs = sql.join(orgIds);
  return postgres
    ? sql<UserSearchRow>`(select u.id, u.username, u.email, u.name, u.name_search, u.status, u.last_login_at, u.created_at
        from (select distinct m.user_id from memberships m where m.org_id in (${orgs})) m
        cross join lateral (select * from users u where u.id = m.user_id offset 0) u)`
    : sql<UserSearchRow>`(select u.id, u.username, u.email, u.name, u.name_search, u.status, u.last_login_at, u.created_at
        from users u where u.id in (select m.user_id from memberships m where m.org_id in (${orgs})))`;
}

/** Lower-case, trimmed, inner spaces collapsed (as users.name_search is stored); null for nothing to search. */
export function normalizeQuery(q: string | undefined): string | null {
  const normalized = (q ?? '').trim().replace(/\s+/g, ' ').toLowerCase();
  return normalized === '' ? null : normalized;
}

/** Counts memberships in the organizations, stopping at `cap`: the cost stays bounded on 100,000 members. */
async function countMembershipsUpTo(db: Kysely<Database>, orgIds: readonly string[], cap: number): Promise<number> {
  const result = await sql<{ n: number | string }>`select count(*) as n from (select 1 from memberships where org_id in (${sql.join(orgIds)}) limit ${cap}) s`.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}
