import { EmailMessageSchema, type EmailMessage, type EmailSender } from '../emailSender.js';
import { DeliveryError, validDeliveryInput } from '../deliveryError.js';
import { E164Schema, SmsBodySchema, VerificationCallOptionsSchema, type CallStatus, type PhoneProvider, type VerificationCallOptions } from '../phoneProvider.js';
import type { OutboxStore } from './outboxStore.js';

/** Email into the development outbox. Only the plain text is kept: it is what the page shows. */
export function outboxEmailSender(store: OutboxStore): EmailSender {
  return {
    async send(message: EmailMessage): Promise<void> {
      const m = validDeliveryInput(EmailMessageSchema, message, 'email');
      await store.record({ channel: 'email', recipient: m.to, subject: m.subject, body: m.text });
    },
  };
}

/**
 * Texts and calls into the development outbox. A call rings on the outbox page until a person answers it
 * there (pressing # or another key), declines it, or it rings out after `ringSeconds`.
 */
export function outboxPhoneProvider(store: OutboxStore): PhoneProvider {
  return {
    async sendSms(toE164: string, body: string) {
      const message = await store.record({
        channel: 'sms',
        recipient: validDeliveryInput(E164Schema, toE164, 'sms'),
        body: validDeliveryInput(SmsBodySchema, body, 'sms'),
      });
      return { id: message.id };
    },
    async placeVerificationCall(toE164: string, options: VerificationCallOptions) {
      const o = validDeliveryInput(VerificationCallOptionsSchema, options, 'voice');
      const recipient = validDeliveryInput(E164Schema, toE164, 'voice');
      const message = await store.record({ channel: 'voice', recipient, body: o.message, ringSeconds: o.ringSeconds });
      return { id: message.id };
    },
    async callStatus(id: string): Promise<CallStatus> {
      const message = await store.get(id);
      if (!message?.call) throw new DeliveryError('voice', 'provider', 'The development outbox has no call with this id.');
      return message.call.state;
    },
  };
}
