import { sql, type Kysely, type Migration } from 'kysely';

// Written out rather than imported from server/sessions or server/domain, as in 001: a migration is history.
const inList = (column: string, values: readonly string[]) =>
  sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;
const METHODS = ['totp', 'sms', 'voice', 'email'];

/**
 * Sign-in sessions and remembered browsers. Both keep only the SHA-256 of their token as the key: a
 * copy of the database gives nobody a usable cookie. Everything a sign-in step needs lives in these rows,
 * so any instance on the same database can take the next request.
 */
export const sessionsSchema: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('sessions')
      // SHA-256 (hex) of the token in the cookie or bearer header; never the token.
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      // second_factor and registration: the password was accepted, MFA is still to come; signed_in: done.
      .addColumn('stage', 'text', (c) => c.notNull().check(inList('stage', ['second_factor', 'registration', 'signed_in'])))
      .addColumn('method', 'text', (c) => c.check(inList('method', METHODS)))
      // JSON: the step's progress (options offered, code sent, call placed, number being registered). No secret.
      .addColumn('state', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('ip', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('last_seen_at', 'text', (c) => c.notNull())
      .addColumn('idle_expires_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();
    await db.schema.createIndex('sessions_expires_idx').on('sessions').column('expires_at').execute();

    await db.schema
      .createTable('remembered_devices')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      // The registration the second factor was proved with: an MFA reset deletes it, and with it this row.
      .addColumn('registration_id', 'text', (c) => c.notNull().references('mfa_registrations.id').onDelete('cascade'))
      .addColumn('method', 'text', (c) => c.notNull().check(inList('method', METHODS)))
      // A hash of the password hash at the time: a new password no longer matches, so the device is forgotten.
      .addColumn('password_fingerprint', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('last_used_at', 'text')
      .execute();
    await db.schema.createIndex('remembered_devices_user_idx').on('remembered_devices').column('user_id').execute();
    await db.schema.createIndex('remembered_devices_registration_idx').on('remembered_devices').column('registration_id').execute();
    await db.schema.createIndex('remembered_devices_expires_idx').on('remembered_devices').column('expires_at').execute();
  },
};
