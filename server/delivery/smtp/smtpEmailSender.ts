import nodemailer from 'nodemailer';
import type { SmtpSettings } from '../deliveryConfig.js';
import { validDeliveryInput } from '../deliveryError.js';
import { EmailMessageSchema, type EmailMessage, type EmailSender } from '../emailSender.js';
import { describeSmtpError } from './describeSmtpError.js';
import { DEFAULT_SMTP_TIMEOUTS, smtpTransportOptions, type SmtpTimeouts } from './smtpTransportOptions.js';

/**
 * Email over SMTP with nodemailer. One connection per message rather than a pool: codes are sent one at
 * a time as people log in, and a fresh connection never inherits a half-dead socket after the relay
 * restarts. Failures throw a DeliveryError (describeSmtpError); nothing here logs.
 */
export function smtpEmailSender(settings: SmtpSettings, timeouts: SmtpTimeouts = DEFAULT_SMTP_TIMEOUTS): EmailSender {
  const transport = nodemailer.createTransport(smtpTransportOptions(settings, timeouts));
  return {
    async send(message: EmailMessage): Promise<void> {
      const m = validDeliveryInput(EmailMessageSchema, message, 'email');
      try {
        await transport.sendMail({
          from: settings.from,
          to: m.to,
          subject: m.subject,
          text: m.text,
          ...(m.html !== undefined ? { html: m.html } : {}),
          // nodemailer's default is to read a file path or URL given as content; message parts here are text only.
          disableFileAccess: true,
          disableUrlAccess: true,
        });
      } catch (error) {
        throw describeSmtpError(error, settings);
      }
    },
  };
}
