import { CompiledQuery, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/schema.js';
import { testDialects } from '../../db/testing/testDatabases.js';
import { migratedTestDatabase, type MigratedTestDatabase } from '../../security/testing/securityFixtures.js';
import type { SortDirection, UserSort } from './userCursor.js';
import { searchUsers, type MfaState, type UserSearch, type UserSearchRow } from './userSearch.js';
import { BENCH_ORGS, BENCH_SMALL_ORG, seedUserSearchBench } from './userSearchBench.js';

// Correctness on 100,000 users, against a plain in-memory reference. Timing is not asserted here: it
// is printed by benchUserSearch (npm run bench:server).
const dialects = await testDialects();
const NOW = new Date('2026-01-05T09:00:00.000Z');
const SORT_FIELD: Record<UserSort, keyof UserSearchRow> = { name: 'name_search', username: 'username', email: 'email', lastLogin: 'last_login_at', created: 'created_at' };

interface Reference {
  users: UserSearchRow[];
  orgs: Map<string, Set<string>>;
  registrations: Map<string, Array<{ method: string; confirmed: boolean }>>;
}

function expected(ref: Reference, search: UserSearch): string[] {
  const q = search.q?.trim().replace(/\s+/g, ' ').toLowerCase();
  const field = SORT_FIELD[search.sort];
  const sign = search.direction === 'asc' ? 1 : -1;
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return ref.users
    .filter((u) => search.orgIds.some((o) => ref.orgs.get(u.id)?.has(o)))
    .filter((u) => !q || u.name_search.startsWith(q) || (q.length >= 3 && (u.username.startsWith(q) || u.email.startsWith(q))))
    .filter((u) => !search.status || u.status === search.status)
    .filter((u) => {
      const regs = ref.registrations.get(u.id) ?? [];
      const state: MfaState = regs.some((r) => r.confirmed) ? 'registered' : regs.length > 0 ? 'pending' : 'not_registered';
      return (!search.mfaState || state === search.mfaState) && (!search.method || regs.some((r) => r.confirmed && r.method === search.method));
    })
    .sort((a, b) => sign * (cmp(a[field], b[field]) || cmp(a.id, b.id)))
    .slice(0, search.limit)
    .map((u) => u.id);
}

/** The plan of the last statement searchUsers ran (the page itself, after the scope counts), one line per step. */
async function planOfSearch(db: Kysely<Database>, search: UserSearch, postgres: boolean): Promise<string> {
  const statements: CompiledQuery[] = [];
  const spy = db.withPlugin({
    transformQuery: ({ node, queryId }) => {
      statements.push(db.getExecutor().compileQuery(node, queryId));
      return node;
    },
    transformResult: async ({ result }) => result,
  });
  await searchUsers(spy, search, NOW);
  const last = statements.at(-1)!;
  const plan = await db.executeQuery<Record<string, string>>(CompiledQuery.raw(`${postgres ? 'explain' : 'explain query plan'} ${last.sql}`, [...last.parameters]));
  return plan.rows.map((r) => r['QUERY PLAN'] ?? r.detail).join('\n');
}

describe.each(dialects.filter((d) => d.available))('user search on 100,000 users on $name', (dialect) => {
  let fixture: MigratedTestDatabase;
  let ref: Reference;

  beforeAll(async () => {
    fixture = await migratedTestDatabase(dialect);
    const db = fixture.database.db;
    await seedUserSearchBench(db);
    const users = await db.selectFrom('users').select(['id', 'username', 'email', 'name', 'name_search', 'status', 'last_login_at', 'created_at']).execute();
    const orgs = new Map<string, Set<string>>();
    for (const m of await db.selectFrom('memberships').select(['user_id', 'org_id']).execute()) orgs.set(m.user_id, (orgs.get(m.user_id) ?? new Set()).add(m.org_id));
    const registrations = new Map<string, Array<{ method: string; confirmed: boolean }>>();
    for (const r of await db.selectFrom('mfa_registrations').select(['user_id', 'method', 'confirmed_at']).execute()) {
      registrations.set(r.user_id, [...(registrations.get(r.user_id) ?? []), { method: r.method, confirmed: r.confirmed_at !== null }]);
    }
    ref = { users, orgs, registrations };
  }, 120_000);
  afterAll(async () => {
    await fixture?.close();
  });

  const scopes: Array<[string, string[]]> = [
    ['a provider admin over 100,000', [...BENCH_ORGS]],
    ['a clinic of 5,000 spread over time', [BENCH_ORGS[3]!]],
    ['a clinic of 5,000 onboarded last', [BENCH_ORGS[19]!]],
    ['a clinic of 60', [BENCH_SMALL_ORG]],
  ];
  const searches: Array<Partial<UserSearch>> = [
    {},
    { q: 'm' },
    { q: 'Ma' },
    { q: 'mar' },
    { q: 'maria  o' },
    { q: 'zoe.z' },
    { q: 'ana.lopez@' },
    { q: 'nobody at all' },
    { sort: 'created', direction: 'asc' },
    { sort: 'created', direction: 'desc' },
    { sort: 'lastLogin', direction: 'desc' },
    { sort: 'username', direction: 'desc', q: 'sam' },
    { status: 'locked' },
    { mfaState: 'pending', sort: 'email' },
    { method: 'sms', q: 'mar' },
  ];

  it.each(scopes)('finds exactly what a plain filter-and-sort finds, for %s', async (_label, orgIds) => {
    for (const s of searches) {
      const search: UserSearch = { orgIds, sort: 'name', direction: 'asc', limit: 50, ...s };
      const page = await searchUsers(fixture.database.db, search, NOW);
      expect(page.rows.map((r) => r.id), JSON.stringify(s)).toEqual(expected(ref, search));
    }
  });

  it.each([
    ['name', 'asc', 'mar'],
    ['created', 'asc', undefined],
    ['lastLogin', 'desc', 'zo'],
  ] as Array<[UserSort, SortDirection, string | undefined]>)('pages through every match by %s %s (q=%s) for a clinic onboarded last, without gaps or repeats', async (sort, direction, q) => {
    const orgIds = [BENCH_ORGS[19]!];
    const all = expected(ref, { orgIds, q, sort, direction, limit: 100_000 });
    expect(all.length).toBeGreaterThan(50);
    const seen: string[] = [];
    let after: UserSearch['after'];
    do {
      const page = await searchUsers(fixture.database.db, { orgIds, q, sort, direction, limit: 25, after }, NOW);
      seen.push(...page.rows.map((r) => r.id));
      after = page.next ?? undefined;
    } while (after);
    expect(seen).toEqual(all);
  });

  it('uses the indexes of migration 005: prefix ranges on name, username and email, and the sort index for a walk', async () => {
    const db = fixture.database.db;
    const postgres = dialect.name === 'PostgreSQL';
    const prefix = await planOfSearch(db, { orgIds: [...BENCH_ORGS], q: 'mar', sort: 'name', direction: 'asc', limit: 50 }, postgres);
    const walk = await planOfSearch(db, { orgIds: [...BENCH_ORGS], sort: 'lastLogin', direction: 'desc', limit: 50 }, postgres);
    const members = await planOfSearch(db, { orgIds: [BENCH_SMALL_ORG], sort: 'name', direction: 'asc', limit: 50 }, postgres);
    if (postgres) {
      for (const index of ['users_name_search_c_idx', 'users_username_c_idx', 'users_email_c_idx']) expect(prefix).toContain(index);
      expect(prefix).not.toContain('Seq Scan on users');
      expect(walk).toMatch(/Index Scan Backward using users_last_login_idx/);
      expect(members).not.toContain('Seq Scan on users');
    } else {
      expect(prefix).toContain('MULTI-INDEX OR');
      expect(prefix).toMatch(/users_name_search_idx \(name_search>\? AND name_search<\?\)/);
      expect(prefix).toMatch(/\(username>\? AND username<\?\)/);
      expect(prefix).toMatch(/\(email>\? AND email<\?\)/);
      expect(walk).toMatch(/SCAN u USING INDEX users_last_login_idx/);
      expect(members).toMatch(/memberships_org_idx \(org_id=\?\)/);
    }
  });
});
