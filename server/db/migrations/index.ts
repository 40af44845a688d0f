import type { Migration, MigrationProvider } from 'kysely';
import type { SqlDialect } from '../sqlDialect.js';
import { initialSchema } from './001_initial.js';
import { securitySchema } from './002_security.js';
import { outboxSchema } from './003_outbox.js';
import { sessionsSchema } from './004_sessions.js';
import { adminSchema } from './005_admin.js';
import { recoverySchema } from './006_recovery.js';
import { adminSignInCodesSchema } from './007_admin_sign_in_codes.js';
import { phoneCallChecksSchema } from './008_phone_call_checks.js';

/**
 * Every migration, imported statically so they travel inside the esbuild bundle (Kysely's
 * FileMigrationProvider scans a folder, which does not exist next to dist/server/main.js). Names sort in
 * the order they run; add new ones at the end and never edit one that has shipped.
 */
export function migrationsFor(dialect: SqlDialect): Record<string, Migration> {
  return {
    '001_initial': initialSchema(dialect),
    '002_security': securitySchema,
    '003_outbox': outboxSchema,
    '004_sessions': sessionsSchema,
    '005_admin': adminSchema(dialect),
    '006_recovery': recoverySchema,
    '007_admin_sign_in_codes': adminSignInCodesSchema(dialect),
    '008_phone_call_checks': phoneCallChecksSchema,
  };
}

export class StaticMigrationProvider implements MigrationProvider {
  constructor(private readonly dialect: SqlDialect) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    return migrationsFor(this.dialect);
  }
}
