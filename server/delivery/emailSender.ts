import { z } from 'zod';

// A subject is one header line: a CR or LF in it would start a header of the sender's choosing.
const oneLine = (what: string) => z.string().min(1, `${what} is empty.`).max(998).regex(/^[^\r\n]*$/, `${what} must be one line.`);

/** What the flows hand to an EmailSender, checked before it reaches SMTP or the outbox. */
export const EmailMessageSchema = z.object({
  to: z.email('The recipient is not an email address.').max(254),
  subject: oneLine('The subject'),
  text: z.string().min(1, 'The message has no text.'),
  /** An HTML alternative; the plain text is always sent as well. */
  html: z.string().optional(),
});
export type EmailMessage = z.infer<typeof EmailMessageSchema>;

/**
 * Sends one email, or throws a DeliveryError saying why it could not. Implementations: SMTP
 * (smtp/smtpEmailSender.ts), the development outbox (outbox/outboxSenders.ts), and one that says email is
 * not set up (unconfiguredDelivery.ts).
 */
export interface EmailSender {
  send(message: EmailMessage): Promise<void>;
}
