import type { Kysely, Migration } from 'kysely';

/**
 * When the phone provider was last asked about each verification call. The waiting page polls every
 * 2 seconds, and each poll of a call with no key reported yet was a request to the provider's API:
 * anyone holding a sign-in in progress could send them as fast as they liked, on the service's
 * account. A check is now asked of the provider at most once a second per call, counted here so that
 * every instance shares the count (CallKeyStore.claimProviderCheck).
 */
export const phoneCallChecksSchema: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('phone_call_checks')
      .addColumn('call_id', 'text', (c) => c.primaryKey())
      .addColumn('checked_at', 'text', (c) => c.notNull())
      .execute();
  },
};
