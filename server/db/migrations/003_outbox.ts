import { sql, type Kysely, type Migration } from 'kysely';

// Written out rather than imported from server/delivery, as in 001: a migration is history.
const inList = (column: string, values: readonly string[]) =>
  sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;

/**
 * The development outbox (every email, text and call the service would have sent, with the call's
 * answer) and the keys people press on real verification calls, which the provider reports to whichever
 * instance its callback reaches, so every instance must read them from here.
 */
export const outboxSchema: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('dev_outbox')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('channel', 'text', (c) => c.notNull().check(inList('channel', ['email', 'sms', 'voice'])))
      .addColumn('recipient', 'text', (c) => c.notNull())
      .addColumn('subject', 'text')
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('call_state', 'text', (c) => c.check(inList('call_state', ['ringing', 'confirmed', 'hung_up', 'no_answer'])))
      .addColumn('ring_until', 'text')
      .addColumn('answered_at', 'text')
      // A call, and only a call, has a state and a time it stops ringing.
      .addCheckConstraint('dev_outbox_voice_has_call_state', sql`(channel = 'voice') = (call_state is not null and ring_until is not null)`)
      .execute();
    await db.schema.createIndex('dev_outbox_created_idx').on('dev_outbox').columns(['created_at', 'id']).execute();
    await db.schema.createIndex('dev_outbox_recipient_created_idx').on('dev_outbox').columns(['recipient', 'created_at']).execute();

    await db.schema
      .createTable('phone_call_keys')
      .addColumn('call_id', 'text', (c) => c.primaryKey())
      .addColumn('pressed_key', 'text', (c) => c.notNull().check(sql`length(pressed_key) between 1 and 8`))
      .addColumn('at', 'text', (c) => c.notNull())
      .execute();
  },
};
