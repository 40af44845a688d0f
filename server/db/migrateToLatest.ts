import { Migrator, type Kysely } from 'kysely';
import type { SqlDialect } from './sqlDialect.js';
import type { Database } from './schema.js';
import { StaticMigrationProvider } from './migrations/index.js';

export interface MigrationOutcome {
  /** Names of the migrations this call applied, in order; empty when the schema was already current. */
  applied: string[];
}

/**
 * Brings the schema to the newest version. Safe to call from several instances at once: on PostgreSQL
 * Kysely's migrator holds a transaction-scoped advisory lock while it runs.
 */
export async function migrateToLatest(db: Kysely<Database>, dialect: SqlDialect): Promise<MigrationOutcome> {
  const migrator = new Migrator({ db, provider: new StaticMigrationProvider(dialect) });
  const { error, results = [] } = await migrator.migrateToLatest();
  const failed = results.find((r) => r.status === 'Error');
  if (error !== undefined) {
    const cause = error instanceof Error ? error : new Error(String(error));
    throw new Error(`database migration${failed ? ` ${failed.migrationName}` : ''} failed: ${cause.message}`, { cause });
  }
  return { applied: results.filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
