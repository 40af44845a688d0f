import type pg from 'pg';

/** Distinct statement texts the service runs are a few hundred; past this bound new ones go unnamed. */
const MAX_NAMED_STATEMENTS = 2000;

/**
 * Makes every PostgreSQL connection of `pool` prepare each statement text once and run it by name after.
 * Kysely sends each query unnamed, so PostgreSQL parses and plans it on every call, and for the small
 * keyed statements of a sign-in that costs more than running them (the server's CPU was the limit in
 * `npm run bench:server`). node-pg keeps track of what each connection has prepared; names are shared
 * by text across connections. The same statements and parameters, only planned once per connection.
 *
 * A prepared `select *` whose table changed shape under it (a migration by another instance) fails
 * with "cached plan must not change result type": that text is then run unnamed from there on. (Inside
 * a transaction the retry cannot help — PostgreSQL has aborted it — so that one request fails once.)
 * Behind PgBouncer in transaction pooling mode (before 1.21) named statements do not work: see
 * docs/server.md.
 */
export function prepareStatementsByText(pool: pg.Pool): void {
  const names = new Map<string, string>();
  const unnamed = new Set<string>();
  // Only ever counts up: a name freed by the fallback below must never be given to another text, since
  // a connection that prepared it would run the old statement (node-pg refuses the reuse outright).
  let nextName = 0;
  pool.on('connect', (client) => {
    // node-pg's query() has many overloads; only Kysely's form (text, values array) is rewritten here.
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    const byName = (text: string, values: unknown[]): unknown => {
      let name = names.get(text);
      if (name === undefined && !unnamed.has(text) && nextName < MAX_NAMED_STATEMENTS) names.set(text, (name = `twofold_${nextName++}`));
      if (name === undefined) return query(text, values);
      return (query({ name, text, values }) as Promise<pg.QueryResult>).catch((e: unknown) => {
        if (!isStalePlan(e)) throw e;
        unnamed.add(text);
        names.delete(text);
        return query(text, values);
      });
    };
    (client as { query: unknown }).query = (text: unknown, values?: unknown, ...rest: unknown[]) =>
      typeof text === 'string' && Array.isArray(values) && rest.length === 0 ? byName(text, values) : query(text, values, ...rest);
  });
}

function isStalePlan(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === '0A000' && /cached plan/.test(String((e as { message?: unknown }).message));
}
