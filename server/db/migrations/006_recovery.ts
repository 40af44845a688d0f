import { sql, type Kysely, type Migration } from 'kysely';

// Written out rather than imported from server/recovery or server/enrollment, as in 001: a migration is history.
const inList = (column: string, values: readonly string[]) =>
  sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;

/**
 * Self-service: forgotten passwords and new providers' registration (seed 003).
 *
 * - `provider_registration_codes`: the code an organization hands its providers; stored as a SHA-256
 *   only (the codes carry about 80 random bits, so a fast hash is enough, as for tokens).
 * - `provider_signups`: what a new provider typed when registering, and how far they got.
 * - `self_service_flows`: one row per forgotten-password or registration flow in progress, keyed by the
 *   SHA-256 of the token in the browser's cookie (or the API's bearer header), so any instance can take
 *   the next step. The emailed 20-minute links themselves live in 005's `registration_links`.
 */
export const recoverySchema: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('provider_registration_codes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
      // SHA-256 (hex) of the normalized code; never the code.
      .addColumn('code_hash', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', 'text', (c) => c.notNull())
      // Null: no end date.
      .addColumn('expires_at', 'text')
      .addColumn('revoked_at', 'text')
      // No foreign key: the code outlives the admin who made it, like an audit line.
      .addColumn('created_by_user_id', 'text')
      .execute();
    await db.schema.createIndex('provider_registration_codes_org_idx').on('provider_registration_codes').column('org_id').execute();

    await db.schema
      .createTable('provider_signups')
      .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
      .addColumn('npi', 'text', (c) => c.notNull().check(sql`length(npi) = 10`))
      .addColumn('first_name', 'text', (c) => c.notNull())
      .addColumn('last_name', 'text', (c) => c.notNull())
      .addColumn('address_line1', 'text')
      .addColumn('address_line2', 'text')
      .addColumn('city', 'text')
      .addColumn('state', 'text')
      .addColumn('zip', 'text')
      // E.164; the office's numbers, not the MFA phone (that one is proved during MFA registration).
      .addColumn('office_phone', 'text')
      .addColumn('fax', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      // Until then the account's password hash is of random bytes nobody knows.
      .addColumn('password_set_at', 'text')
      .addColumn('terms_accepted_at', 'text')
      .addColumn('terms_version', 'text')
      .execute();
    await db.schema.createIndex('provider_signups_org_idx').on('provider_signups').column('org_id').execute();

    await db.schema
      .createTable('self_service_flows')
      // SHA-256 (hex) of the flow token; the token itself is only in the cookie or bearer header.
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull().check(inList('kind', ['password_reset', 'provider_signup', 'registration_link'])))
      // Null for a forgotten-password request that matched nobody (it looks the same from outside) and
      // for a provider registration before the account exists.
      .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
      .addColumn('org_id', 'text', (c) => c.references('organizations.id').onDelete('cascade'))
      .addColumn('npi', 'text')
      .addColumn('step', 'text', (c) => c.notNull())
      // JSON: the step's progress (code sent, call placed). Never a secret.
      .addColumn('state', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('wrong_tries', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('ip', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('finished_at', 'text')
      .execute();
    await db.schema.createIndex('self_service_flows_user_idx').on('self_service_flows').column('user_id').execute();
    await db.schema.createIndex('self_service_flows_expires_idx').on('self_service_flows').column('expires_at').execute();
  },
};
