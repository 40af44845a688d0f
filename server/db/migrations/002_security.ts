import { sql, type Kysely, type Migration } from 'kysely';

// Spelled out here rather than imported from server/security, for the reason 001 gives: a migration is history.
const inList = (column: string, values: readonly string[]) =>
  sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;

/**
 * One-time codes (stored as HMACs only), login throttling, and TOTP replay protection.
 *
 * Counters and the TOTP time step are `integer`: 4 bytes on PostgreSQL, and both drivers return it as a
 * JavaScript number (pg returns `bigint` as a string, which would need a per-dialect mapping). A 30-second
 * step fits a 4-byte integer until the year 4010. Instants are ISO-8601 UTC text, like 001's.
 */
export const securitySchema: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('one_time_codes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('purpose', 'text', (c) => c.notNull().check(inList('purpose', ['login', 'forgot_password', 'phone_verify', 'email_verify'])))
      .addColumn('channel', 'text', (c) => c.notNull().check(inList('channel', ['sms', 'voice', 'email'])))
      // HMAC-SHA256 (hex) under a key derived from TWOFOLD_SECRET_KEY: never the code itself.
      .addColumn('code_hash', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('max_attempts', 'integer', (c) => c.notNull().check(sql`max_attempts > 0`))
      .addColumn('consumed_at', 'text')
      .addCheckConstraint('one_time_codes_attempts_bounded', sql`attempts >= 0 and attempts <= max_attempts`)
      .execute();
    // Verification reads "the newest code not yet used for this user and purpose": a partial index keeps
    // used and superseded codes out of it. Both SQLite (3.8+) and PostgreSQL support partial indexes.
    await db.schema
      .createIndex('one_time_codes_live_idx')
      .on('one_time_codes')
      .columns(['user_id', 'purpose', 'created_at'])
      .where(sql.ref('consumed_at'), 'is', null)
      .execute();
    // Housekeeping deletes by age.
    await db.schema.createIndex('one_time_codes_expires_idx').on('one_time_codes').column('expires_at').execute();

    // Keys such as `user:<id>` or `ip:<address>`; no foreign key, since an address is no row.
    await db.schema
      .createTable('login_throttle')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('failures', 'integer', (c) => c.notNull())
      .addColumn('window_started_at', 'text', (c) => c.notNull())
      .addColumn('locked_until', 'text')
      .execute();

    // The time step of the last TOTP code accepted; a code is accepted only for a later step.
    await db.schema.alterTable('mfa_registrations').addColumn('last_totp_step', 'integer').execute();
  },
};
