import { PostgresAdapter, type Kysely } from 'kysely';
import type { SqlDialect } from '../db/sqlDialect.js';

/**
 * Which database a Kysely instance (or transaction) speaks, read from its adapter, so callers need not
 * thread the dialect through. Only user search needs it: PostgreSQL's prefix ranges spell `collate "C"`.
 */
export function sqlDialectOf<DB>(db: Kysely<DB>): SqlDialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}
