import { sql, type Kysely, type Migration } from 'kysely';
import type { SqlDialect } from '../sqlDialect.js';

// Written out rather than imported from server/security, as in 001: a migration is history.
const inList = (column: string, values: readonly string[]) =>
  sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;
const PURPOSES = ['login', 'forgot_password', 'phone_verify', 'email_verify', 'admin_login'];

/**
 * One-time codes get a purpose for the admin view's sign-in, `admin_login`. Until now an admin's
 * challenge code was a `login` code: asking for one replaced a code the portal had just sent the same
 * person, and a code sent for the portal's sign-in passed the admin sign-in too (with the password).
 *
 * PostgreSQL changes the CHECK constraint in place. SQLite cannot alter a constraint, so the table is
 * rebuilt as SQLite's documentation describes (new table, rows copied, old one dropped, new one
 * renamed, indexes made again), inside the migration's transaction: a failure leaves the old table.
 * Nothing references one_time_codes, so no foreign key is touched.
 */
export function adminSignInCodesSchema(dialect: SqlDialect): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      if (dialect === 'postgres') {
        await sql`alter table one_time_codes drop constraint one_time_codes_purpose_check`.execute(db);
        await sql`alter table one_time_codes add constraint one_time_codes_purpose_check check (${inList('purpose', PURPOSES)})`.execute(db);
        return;
      }
      await db.schema
        .createTable('one_time_codes_007')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('purpose', 'text', (c) => c.notNull().check(inList('purpose', PURPOSES)))
        .addColumn('channel', 'text', (c) => c.notNull().check(inList('channel', ['sms', 'voice', 'email'])))
        .addColumn('code_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('max_attempts', 'integer', (c) => c.notNull().check(sql`max_attempts > 0`))
        .addColumn('consumed_at', 'text')
        .addCheckConstraint('one_time_codes_attempts_bounded', sql`attempts >= 0 and attempts <= max_attempts`)
        .execute();
      await sql`insert into one_time_codes_007 (id, user_id, purpose, channel, code_hash, created_at, expires_at, attempts, max_attempts, consumed_at)
        select id, user_id, purpose, channel, code_hash, created_at, expires_at, attempts, max_attempts, consumed_at from one_time_codes`.execute(db);
      await db.schema.dropTable('one_time_codes').execute();
      await db.schema.alterTable('one_time_codes_007').renameTo('one_time_codes').execute();
      // As 002 made them.
      await db.schema
        .createIndex('one_time_codes_live_idx')
        .on('one_time_codes')
        .columns(['user_id', 'purpose', 'created_at'])
        .where(sql.ref('consumed_at'), 'is', null)
        .execute();
      await db.schema.createIndex('one_time_codes_expires_idx').on('one_time_codes').column('expires_at').execute();
    },
  };
}
