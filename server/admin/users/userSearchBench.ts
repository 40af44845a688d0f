// Benchmark only (`npm run bench:server` calls benchUserSearch): user search on 100,000 users. Never imported by the service.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { sqlDialectOf } from '../../db/sqlDialectOf.js';
import { generateUsers } from '../testing/generateUsers.js';
import type { UserSort } from './userCursor.js';
import { searchUsers, type UserSearch } from './userSearch.js';
import { summarizeUsers } from './userSummaries.js';

export const BENCH_USERS = 100_000;
/**
 * 20 organizations of about 5,000 users each and a clinic of 60. The first 19 share 95,000 users
 * spread evenly; the 20th is 5,000 users added last, as a clinic onboarded after the others would be:
 * sorted by creation, oldest first, its people all sit at the far end of the index.
 */
export const BENCH_ORGS = Array.from({ length: 20 }, (_, i) => `bench-org-${String(i).padStart(2, '0')}`);
const LATE_ORG = BENCH_ORGS[19]!;
export const BENCH_SMALL_ORG = 'bench-org-small';

export interface UserSearchBench {
  users: number;
  queries: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** The queries with the highest median, slowest first: where to look when p95 moves. */
  slowest: Array<{ label: string; medianMs: number }>;
}

/** Creates the bench organizations and 100,060 users unless they exist. Returns whether it inserted. */
export async function seedUserSearchBench(db: Kysely<Database>): Promise<boolean> {
  if (await db.selectFrom('organizations').select('id').where('id', '=', BENCH_SMALL_ORG).executeTakeFirst()) return false;
  const at = '2025-06-01T08:00:00.000Z';
  await db
    .insertInto('organizations')
    .values([...BENCH_ORGS, BENCH_SMALL_ORG].map((id) => ({ id, name: id, mfa_mode: 'required', mfa_allowed_methods: '["totp","sms","voice","email"]', mfa_method_choice: 'user_choice', mfa_fixed_method: null, mfa_enforcement_date: null, created_at: at, updated_at: at })))
    .execute();
  await generateUsers(db, { count: BENCH_USERS - 5000, orgIds: BENCH_ORGS.slice(0, 19), prefix: 'gen' });
  await generateUsers(db, { from: BENCH_USERS - 5000, count: 5000, orgIds: [LATE_ORG], prefix: 'gen' });
  await generateUsers(db, { count: 60, orgIds: [BENCH_SMALL_ORG], prefix: 'small' });
  // A PostgreSQL that has run a while has statistics (autovacuum); a fresh bulk load has none yet.
  if (sqlDialectOf(db) === 'postgres') await sql`vacuum analyze`.execute(db);
  return true;
}

interface BenchQuery {
  label: string;
  search: Omit<UserSearch, 'limit' | 'sort' | 'direction'> & { sort?: UserSort; direction?: 'asc' | 'desc' };
}

/** What an office administrator does: type a name letter by letter, open the list sorted several ways, filter. */
function queryMix(): BenchQuery[] {
  const scopes: Array<[string, readonly string[]]> = [
    ['provider admin, 100,000 users', BENCH_ORGS],
    ['clinic admin, 5,000 users', [BENCH_ORGS[3]!]],
    ['clinic onboarded last, 5,000 users', [LATE_ORG]],
    ['small clinic, 60 users', [BENCH_SMALL_ORG]],
  ];
  const typed = ['maria', 'ortega', 'zoe.zhang', 'sam', 'ana.lopez@org'];
  const mix: BenchQuery[] = [];
  for (const [scope, orgIds] of scopes) {
    for (const word of typed) {
      for (let n = 1; n <= word.length; n++) mix.push({ label: `${scope}: q=${word.slice(0, n)}`, search: { orgIds, q: word.slice(0, n) } });
    }
    for (const [sort, direction] of [['name', 'asc'], ['lastLogin', 'desc'], ['created', 'desc'], ['created', 'asc'], ['username', 'asc']] as const) {
      mix.push({ label: `${scope}: all by ${sort} ${direction}`, search: { orgIds, sort, direction } });
    }
    mix.push({ label: `${scope}: status=locked`, search: { orgIds, status: 'locked' } });
    mix.push({ label: `${scope}: mfaState=pending`, search: { orgIds, mfaState: 'pending' } });
    mix.push({ label: `${scope}: method=sms, q=mar`, search: { orgIds, method: 'sms', q: 'mar' } });
  }
  return mix;
}

/**
 * p50/p95 of one page (50 users) of the admin list: searchUsers plus summarizeUsers, i.e. every query the
 * GET /api/admin/users route runs, without HTTP. `rounds` passes over the mix after one warm-up pass.
 */
export async function benchUserSearch(db: Kysely<Database>, rounds = 5): Promise<UserSearchBench> {
  await seedUserSearchBench(db);
  const mix = queryMix();
  const now = new Date('2026-01-05T09:00:00.000Z');
  const run = async (q: BenchQuery) => {
    const search: UserSearch = { sort: 'name', direction: 'asc', limit: 50, ...q.search };
    const page = await searchUsers(db, search, now);
    await summarizeUsers(db, page.rows, search.orgIds, now);
  };
  for (const q of mix) await run(q);
  const times: Array<{ label: string; ms: number }> = [];
  for (let r = 0; r < rounds; r++) {
    for (const q of mix) {
      const start = performance.now();
      await run(q);
      times.push({ label: q.label, ms: performance.now() - start });
    }
  }
  const ms = times.map((t) => t.ms).sort((a, b) => a - b);
  const at = (values: number[], p: number) => values[Math.min(values.length - 1, Math.floor(p * values.length))]!;
  const medians = mix.map((q) => ({ label: q.label, medianMs: at(times.filter((t) => t.label === q.label).map((t) => t.ms).sort((a, b) => a - b), 0.5) }));
  const slowest = medians.sort((a, b) => b.medianMs - a.medianMs).slice(0, 5);
  return { users: BENCH_USERS + 60, queries: times.length, p50Ms: at(ms, 0.5), p95Ms: at(ms, 0.95), maxMs: ms.at(-1)!, slowest };
}
