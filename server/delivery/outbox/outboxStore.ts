import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { outboxMessageFromRow, type OutboxMessage } from './outboxMessage.js';

export type NewOutboxEntry =
  | { channel: 'email'; recipient: string; subject: string; body: string }
  | { channel: 'sms'; recipient: string; body: string }
  | { channel: 'voice'; recipient: string; body: string; ringSeconds: number };

export interface OutboxQuery {
  /** Newest first; at most this many. */
  limit: number;
  /** Only messages to this address or number. */
  recipient?: string | undefined;
}

/** Why a call could not be answered: it does not exist, or it is no longer ringing. */
export type AnswerOutcome = { ok: true; message: OutboxMessage } | { ok: false; reason: 'not_found' | 'ended'; message: OutboxMessage | null };

/**
 * The development outbox's table. Every instance on one database sees the same messages and calls, and
 * each change of a call's state is one conditional UPDATE, so two people (or two instances) answering the
 * same call cannot both win.
 */
export class OutboxStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async record(entry: NewOutboxEntry): Promise<OutboxMessage> {
    const at = this.now();
    const row = {
      id: randomUUID(),
      channel: entry.channel,
      recipient: entry.recipient,
      subject: entry.channel === 'email' ? entry.subject : null,
      body: entry.body,
      created_at: at.toISOString(),
      call_state: entry.channel === 'voice' ? ('ringing' as const) : null,
      ring_until: entry.channel === 'voice' ? new Date(at.getTime() + entry.ringSeconds * 1000).toISOString() : null,
      answered_at: null,
    };
    await this.db.insertInto('dev_outbox').values(row).execute();
    return outboxMessageFromRow(row);
  }

  async list(query: OutboxQuery): Promise<OutboxMessage[]> {
    await this.ringOut();
    let select = this.db.selectFrom('dev_outbox').selectAll();
    if (query.recipient !== undefined) select = select.where('recipient', '=', query.recipient);
    // Ids break ties between messages recorded in the same millisecond; they are random, so the order
    // among those is arbitrary but stable.
    const rows = await select.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(query.limit).execute();
    return rows.map(outboxMessageFromRow);
  }

  async get(id: string): Promise<OutboxMessage | null> {
    await this.ringOut();
    const row = await this.db.selectFrom('dev_outbox').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? outboxMessageFromRow(row) : null;
  }

  /** The person picks up and presses `key`: `#` confirms, any other key ends the call unconfirmed. */
  answerCall(id: string, key: string): Promise<AnswerOutcome> {
    const state = key === '#' ? 'confirmed' : 'hung_up';
    return this.endCall(id, { call_state: state, answered_at: this.now().toISOString() });
  }

  /** The phone rings out: nobody answers (or a voicemail does, and nobody presses a key). */
  declineCall(id: string): Promise<AnswerOutcome> {
    return this.endCall(id, { call_state: 'no_answer', answered_at: null });
  }

  private async endCall(id: string, change: { call_state: 'confirmed' | 'hung_up' | 'no_answer'; answered_at: string | null }): Promise<AnswerOutcome> {
    await this.ringOut();
    const result = await this.db
      .updateTable('dev_outbox')
      .set(change)
      .where('id', '=', id)
      .where('channel', '=', 'voice')
      .where('call_state', '=', 'ringing')
      .executeTakeFirst();
    const row = await this.db.selectFrom('dev_outbox').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || row.channel !== 'voice') return { ok: false, reason: 'not_found', message: null };
    const message = outboxMessageFromRow(row);
    return result.numUpdatedRows > 0n ? { ok: true, message } : { ok: false, reason: 'ended', message };
  }

  /** Calls left ringing past their time end unanswered, as a real phone's would. */
  private async ringOut(): Promise<void> {
    await this.db
      .updateTable('dev_outbox')
      .set({ call_state: 'no_answer' })
      .where('call_state', '=', 'ringing')
      .where('ring_until', '<=', this.now().toISOString())
      .execute();
  }
}
