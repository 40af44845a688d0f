import { z } from 'zod';
import type { DevOutboxRow } from '../../db/schema.js';

export const OUTBOX_CHANNELS = ['email', 'sms', 'voice'] as const;
export type OutboxChannel = (typeof OUTBOX_CHANNELS)[number];

/** A call in the outbox: ringing until someone answers on the page, chooses not to, or it rings out. */
export const OUTBOX_CALL_STATES = ['ringing', 'confirmed', 'hung_up', 'no_answer'] as const;
export type OutboxCallState = (typeof OUTBOX_CALL_STATES)[number];

export const OutboxMessageSchema = z
  .object({
    id: z.string(),
    channel: z.enum(OUTBOX_CHANNELS),
    recipient: z.string().meta({ description: 'Email address, or E.164 number for texts and calls.' }),
    subject: z.string().nullable(),
    body: z.string().meta({ description: 'The email or text, or what the call says. Holds codes: development only.' }),
    createdAt: z.string(),
    call: z
      .object({
        state: z.enum(OUTBOX_CALL_STATES),
        ringUntil: z.string(),
        answeredAt: z.string().nullable(),
      })
      .nullable(),
  })
  .meta({ id: 'OutboxMessage', description: 'An email, text or verification call the service recorded instead of sending.' });
export type OutboxMessage = z.infer<typeof OutboxMessageSchema>;

export function outboxMessageFromRow(row: DevOutboxRow): OutboxMessage {
  return {
    id: row.id,
    channel: row.channel,
    recipient: row.recipient,
    subject: row.subject,
    body: row.body,
    createdAt: row.created_at,
    call:
      row.channel === 'voice' && row.call_state !== null && row.ring_until !== null
        ? { state: row.call_state, ringUntil: row.ring_until, answeredAt: row.answered_at }
        : null,
  };
}
