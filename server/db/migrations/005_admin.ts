import { sql, type Kysely, type Migration } from 'kysely';
import type { SqlDialect } from '../sqlDialect.js';

// Written out rather than imported from server/admin, as in 001: a migration is history.
const inList = (column: string, values: readonly string[]) =>
  sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;

/**
 * The admin API's tables: bearer tokens, registration links, rollout phases and their members; the
 * last sign-in on users; and the indexes user search and the audit query need on 100,000 users.
 *
 * Tokens and links are stored as SHA-256 hashes only: they carry 256 random bits, so a fast hash is
 * enough (no dictionary to try), and a stolen database yields nothing that opens a door.
 */
export function adminSchema(dialect: SqlDialect): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('api_tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('last_used_at', 'text')
        .addColumn('revoked_at', 'text')
        .execute();
      await db.schema.createIndex('api_tokens_user_idx').on('api_tokens').column('user_id').execute();

      await db.schema
        .createTable('registration_links')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('purpose', 'text', (c) => c.notNull().check(inList('purpose', ['mfa_registration', 'complete_registration'])))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('used_at', 'text')
        // Set when a newer link for the same user and purpose replaces this one.
        .addColumn('revoked_at', 'text')
        // No foreign key: the link outlives an admin account that is later removed, like the audit line.
        .addColumn('created_by_user_id', 'text')
        .execute();
      await db.schema.createIndex('registration_links_user_idx').on('registration_links').columns(['user_id', 'purpose']).execute();

      await db.schema
        .createTable('rollout_phases')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('enforcement_date', 'text')
        .addColumn('notified_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('rollout_phases_org_name_unique', ['org_id', 'name'])
        // The target of the members' composite foreign key below.
        .addUniqueConstraint('rollout_phases_id_org_unique', ['id', 'org_id'])
        .execute();

      // org_id is repeated here so that "one phase per user per organization" is a constraint, and the
      // composite foreign key keeps it equal to the phase's own organization.
      await db.schema
        .createTable('rollout_phase_members')
        .addColumn('phase_id', 'text', (c) => c.notNull())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('added_at', 'text', (c) => c.notNull())
        // Null until this member has been emailed the phase's current enforcement date.
        .addColumn('notified_at', 'text')
        .addPrimaryKeyConstraint('rollout_phase_members_pk', ['phase_id', 'user_id'])
        .addUniqueConstraint('rollout_phase_members_org_user_unique', ['org_id', 'user_id'])
        .addForeignKeyConstraint('rollout_phase_members_phase_fk', ['phase_id', 'org_id'], 'rollout_phases', ['id', 'org_id'], (fk) => fk.onDelete('cascade'))
        .execute();
      await db.schema.createIndex('rollout_phase_members_user_idx').on('rollout_phase_members').column('user_id').execute();

      // '' (never) rather than null: SQLite sorts nulls first and PostgreSQL last, and keyset paging by
      // last sign-in must walk one index the same way on both. The sign-in flow sets it.
      await db.schema.alterTable('users').addColumn('last_login_at', 'text', (c) => c.notNull().defaultTo('')).execute();

      await db.schema.createIndex('users_last_login_idx').on('users').columns(['last_login_at', 'id']).execute();
      await db.schema.createIndex('users_created_idx').on('users').columns(['created_at', 'id']).execute();
      await db.schema.createIndex('audit_log_actor_at_idx').on('audit_log').columns(['actor_user_id', 'at']).execute();
      await db.schema.createIndex('audit_log_event_at_idx').on('audit_log').columns(['event', 'at']).execute();

      if (dialect === 'postgres') await addPrefixSearchIndexesForPostgres(db);
    },
  };
}

/**
 * Prefix search is a range scan `col >= 'mar' and col < 'mas'` over an index in code-point order. SQLite's
 * default BINARY collation is that order, so 001's indexes and the unique constraints serve it. On
 * PostgreSQL an index follows the database's collation (en_US.UTF-8, C.UTF-8, …), where a range is not a
 * prefix and the planner will not use it for one; these indexes are in the "C" collation (byte order ==
 * code-point order in UTF-8), and the search spells `collate "C"` to match them.
 */
async function addPrefixSearchIndexesForPostgres(db: Kysely<unknown>): Promise<void> {
  await sql`create index users_name_search_c_idx on users (name_search collate "C", id)`.execute(db);
  await sql`create index users_username_c_idx on users (username collate "C")`.execute(db);
  await sql`create index users_email_c_idx on users (email collate "C")`.execute(db);
}
