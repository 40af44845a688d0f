import { PostgresAdapter, type Kysely } from 'kysely';
import type { SqlDialect } from './sqlDialect.js';

/**
 * Which database a Kysely instance (or transaction) speaks, read from its adapter, so callers need not
 * thread the dialect through: user search (PostgreSQL's prefix ranges spell `collate "C"`) and the
 * authenticator sign-in's last step (one statement on PostgreSQL: server/auth/finishTotpSignIn.ts).
 */
export function sqlDialectOf<DB>(db: Kysely<DB>): SqlDialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}
