import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

/** The provider is asked about one call at most this often; the waiting page polls every 2 s. */
export const PROVIDER_CHECK_EVERY_MS = 1000;

/**
 * The key pressed on each real verification call. The provider's callback may reach any instance and
 * the login flow may poll from another, so the key lives in the database, not in memory.
 */
export class CallKeyStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The first report wins: a replayed or repeated callback cannot turn a refusal into a confirmation. */
  async record(callId: string, key: string): Promise<void> {
    await this.db
      .insertInto('phone_call_keys')
      .values({ call_id: callId, pressed_key: key, at: this.now().toISOString() })
      .onConflict((oc) => oc.column('call_id').doNothing())
      .execute();
  }

  /**
   * True when this caller may ask the provider about `callId` now: nobody (on any instance) asked it in
   * the last `everyMs`. One conditional upsert, so of requests at the same moment exactly one is told yes.
   */
  async claimProviderCheck(callId: string, everyMs = PROVIDER_CHECK_EVERY_MS): Promise<boolean> {
    const now = this.now();
    const before = new Date(now.getTime() - everyMs).toISOString();
    const result = await this.db
      .insertInto('phone_call_checks')
      .values({ call_id: callId, checked_at: now.toISOString() })
      .onConflict((oc) => oc.column('call_id').doUpdateSet({ checked_at: now.toISOString() }).where('phone_call_checks.checked_at', '<=', before))
      .executeTakeFirst();
    return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
  }

  async pressedKey(callId: string): Promise<string | null> {
    const row = await this.db.selectFrom('phone_call_keys').select('pressed_key').where('call_id', '=', callId).executeTakeFirst();
    return row?.pressed_key ?? null;
  }
}

/** How long a call's key and last check are kept: no sign-in or reset flow lasts anywhere near this. */
export const CALL_RECORDS_KEPT_SECONDS = 24 * 3600;

/** Housekeeping: forgets the keys and checks of calls placed more than CALL_RECORDS_KEPT_SECONDS ago. */
export async function deleteOldCallRecords(db: Kysely<Database>, now: Date): Promise<void> {
  const before = new Date(now.getTime() - CALL_RECORDS_KEPT_SECONDS * 1000).toISOString();
  await db.deleteFrom('phone_call_keys').where('at', '<', before).execute();
  await db.deleteFrom('phone_call_checks').where('checked_at', '<', before).execute();
}
