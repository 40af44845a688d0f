import type { Compilable, CompiledQuery, Kysely, QueryResult } from 'kysely';
import type { Database } from './schema.js';

/**
 * A query Kysely builds and compiles once per database, then runs with new values. Kysely otherwise
 * rebuilds the query tree and recompiles its SQL on every call, which costs more than running the small
 * keyed queries of a sign-in; the hot paths (the second factor: session, user, lockout, TOTP step,
 * audit) use this instead.
 *
 * `build` receives a stand-in for each argument and returns the query, written as usual. The stand-ins
 * end up among the compiled query's parameters, where each call puts its real values, so the SQL text
 * and the values stay apart exactly as in a query built afresh. Every stand-in must appear as a value
 * (not inside `sql.lit` or an identifier); `build` throws otherwise at the first call.
 *
 * The compiled form is kept per dialect adapter, which a Kysely instance shares with its transactions:
 * calling `execute` with a transaction runs the same SQL inside it. A handle with plugins (which may
 * rewrite queries) gets no cached form and builds the query each time.
 */
export interface PrecompiledQuery<A extends readonly unknown[], R> {
  execute(db: Kysely<Database>, ...args: A): Promise<QueryResult<R>>;
}

const standIn = (i: number) => `\u0000twofold-precompiled-argument-${i}\u0000`;

interface Plan {
  compiled: CompiledQuery;
  /** For each compiled parameter: the index of the argument that goes there, or a constant Kysely put there. */
  slots: Array<number | { constant: unknown }>;
}

export function precompile<A extends readonly unknown[], R>(arity: A['length'], build: (db: Kysely<Database>, ...args: A) => Compilable<R>): PrecompiledQuery<A, R> {
  const plans = new WeakMap<object, Plan>();
  const standIns = Array.from({ length: arity }, (_, i) => standIn(i));

  function plan(db: Kysely<Database>): Plan {
    const compiled = build(db, ...(standIns as unknown as A)).compile();
    const slots = compiled.parameters.map((p) => {
      const i = typeof p === 'string' ? standIns.indexOf(p) : -1;
      return i >= 0 ? i : { constant: p };
    });
    for (let i = 0; i < arity; i++) {
      if (!slots.includes(i)) throw new Error(`precompile: argument ${i} does not appear as a value in: ${compiled.sql}`);
    }
    return { compiled, slots };
  }

  return {
    async execute(db, ...args) {
      const executor = db.getExecutor();
      if (executor.plugins.length > 0) return db.executeQuery(build(db, ...args));
      let p = plans.get(executor.adapter);
      if (!p) plans.set(executor.adapter, (p = plan(db)));
      const parameters = p.slots.map((s) => (typeof s === 'number' ? args[s] : s.constant));
      return db.executeQuery<R>({ ...p.compiled, parameters } as CompiledQuery<R>);
    },
  };
}
