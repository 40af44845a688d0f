import { DeliveryError } from './deliveryError.js';
import type { EmailSender } from './emailSender.js';
import type { PhoneProvider } from './phoneProvider.js';

/**
 * The channel has neither a provider nor the development outbox. The service still starts (not every
 * organization uses every channel); a flow that needs the channel fails with this message.
 */
export const unconfiguredEmailSender: EmailSender = {
  async send() {
    throw new DeliveryError('email', 'not_configured', 'Email is not set up on this service: set SMTP_URL and MAIL_FROM (or DEV_OUTBOX=true in development).');
  },
};

const phoneMessage = 'Texts and calls are not set up on this service: set the TWILIO_ settings (or DEV_OUTBOX=true in development).';

export const unconfiguredPhoneProvider: PhoneProvider = {
  async sendSms() {
    throw new DeliveryError('sms', 'not_configured', phoneMessage);
  },
  async placeVerificationCall() {
    throw new DeliveryError('voice', 'not_configured', phoneMessage);
  },
  async callStatus() {
    throw new DeliveryError('voice', 'not_configured', phoneMessage);
  },
};
