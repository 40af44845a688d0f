import { sql, type Kysely, type Migration } from 'kysely';
import type { SqlDialect } from '../sqlDialect.js';

// The allowed values are written out here rather than imported from server/domain: a migration is
// history, and a later change to the domain lists must come with a migration of its own.
const inList = (column: string, values: readonly string[]) =>
  sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;

/**
 * Organizations with their NPIs and MFA policy, users and their memberships, MFA registrations and the
 * append-only audit log. Dialect-neutral column types (text everywhere: docs/decisions/006), except the
 * triggers that make the audit log append-only, which each database spells its own way.
 */
export function initialSchema(dialect: SqlDialect): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('organizations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('mfa_mode', 'text', (c) => c.notNull().defaultTo('off').check(inList('mfa_mode', ['off', 'required'])))
        .addColumn('mfa_allowed_methods', 'text', (c) => c.notNull().defaultTo('["totp","sms","voice","email"]'))
        .addColumn('mfa_method_choice', 'text', (c) =>
          c.notNull().defaultTo('user_choice').check(inList('mfa_method_choice', ['fixed', 'user_choice'])),
        )
        .addColumn('mfa_fixed_method', 'text', (c) => c.check(inList('mfa_fixed_method', ['totp', 'sms', 'voice', 'email'])))
        .addColumn('mfa_enforcement_date', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        // A fixed method must name the method; a user's choice must not.
        .addCheckConstraint(
          'organizations_fixed_method_matches_choice',
          sql`(mfa_method_choice = 'fixed') = (mfa_fixed_method is not null)`,
        )
        .execute();

      // An individual provider's NPI can belong to several organizations, so the key is the pair.
      await db.schema
        .createTable('npis')
        .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
        .addColumn('npi', 'text', (c) => c.notNull().check(sql`length(npi) = 10`))
        .addPrimaryKeyConstraint('npis_pk', ['org_id', 'npi'])
        .execute();
      await db.schema.createIndex('npis_npi_idx').on('npis').column('npi').execute();

      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('username', 'text', (c) => c.notNull().unique())
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('name_search', 'text', (c) => c.notNull())
        .addColumn('primary_phone', 'text')
        .addColumn('secondary_phone', 'text')
        .addColumn('status', 'text', (c) => c.notNull().defaultTo('active').check(inList('status', ['active', 'locked', 'disabled'])))
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      // The unique constraints already index username and email; search by name gets its own.
      await db.schema.createIndex('users_name_search_idx').on('users').columns(['name_search', 'id']).execute();

      await db.schema
        .createTable('memberships')
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
        .addColumn('role', 'text', (c) => c.notNull().check(inList('role', ['staff', 'clinic_admin', 'provider_admin'])))
        .addPrimaryKeyConstraint('memberships_pk', ['user_id', 'org_id'])
        .execute();
      // The admin view lists an organization's people: the primary key serves lookups by user, this by org.
      await db.schema.createIndex('memberships_org_idx').on('memberships').columns(['org_id', 'user_id']).execute();

      await db.schema
        .createTable('mfa_registrations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('method', 'text', (c) => c.notNull().check(inList('method', ['totp', 'sms', 'voice', 'email'])))
        .addColumn('totp_secret_encrypted', 'text')
        .addColumn('phone', 'text')
        .addColumn('confirmed_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('mfa_registrations_user_method_unique', ['user_id', 'method'])
        .addCheckConstraint('mfa_registrations_totp_has_secret', sql`(method = 'totp') = (totp_secret_encrypted is not null)`)
        .addCheckConstraint('mfa_registrations_phone_methods_have_phone', sql`method not in ('sms', 'voice') or phone is not null`)
        .execute();

      // No foreign keys: an audit line must outlive whatever it mentions.
      await db.schema
        .createTable('audit_log')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor_user_id', 'text')
        .addColumn('subject_user_id', 'text')
        .addColumn('org_id', 'text')
        .addColumn('event', 'text', (c) => c.notNull())
        .addColumn('ip', 'text')
        .addColumn('reason', 'text')
        .addColumn('details', 'text', (c) => c.notNull().defaultTo('{}'))
        .execute();
      await db.schema.createIndex('audit_log_at_idx').on('audit_log').columns(['at', 'id']).execute();
      await db.schema.createIndex('audit_log_org_at_idx').on('audit_log').columns(['org_id', 'at']).execute();
      await db.schema.createIndex('audit_log_subject_at_idx').on('audit_log').columns(['subject_user_id', 'at']).execute();

      await makeAuditLogAppendOnly(db, dialect);
    },
  };
}

async function makeAuditLogAppendOnly(db: Kysely<unknown>, dialect: SqlDialect): Promise<void> {
  if (dialect === 'sqlite') {
    for (const action of ['update', 'delete'] as const) {
      await sql
        .raw(
          `create trigger audit_log_no_${action} before ${action} on audit_log ` +
            `begin select raise(abort, 'audit_log is append-only'); end`,
        )
        .execute(db);
    }
    return;
  }
  await sql`create function twofold_audit_log_append_only() returns trigger language plpgsql as $$
    begin raise exception 'audit_log is append-only'; end $$`.execute(db);
  await sql`create trigger audit_log_no_update_delete before update or delete on audit_log
    for each row execute function twofold_audit_log_append_only()`.execute(db);
  await sql`create trigger audit_log_no_truncate before truncate on audit_log
    for each statement execute function twofold_audit_log_append_only()`.execute(db);
}
