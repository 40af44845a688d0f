import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

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

  async pressedKey(callId: string): Promise<string | null> {
    const row = await this.db.selectFrom('phone_call_keys').select('pressed_key').where('call_id', '=', callId).executeTakeFirst();
    return row?.pressed_key ?? null;
  }
}
