import type { SMTPTransportOptions } from 'nodemailer/lib/smtp-transport';
import type { SmtpSettings } from '../deliveryConfig.js';

/** Bounds on each wait, so a silent mail server fails the flow in seconds rather than after minutes. */
export interface SmtpTimeouts {
  connectMs: number;
  greetingMs: number;
  socketMs: number;
}

export const DEFAULT_SMTP_TIMEOUTS: SmtpTimeouts = { connectMs: 10_000, greetingMs: 10_000, socketMs: 30_000 };

/**
 * nodemailer's options for one connection per message. Built from parsed settings rather than handing
 * nodemailer the URL, so the rules are ours: STARTTLS required to other machines, no logging at all
 * (its debug log would carry the AUTH exchange and the message).
 */
export function smtpTransportOptions(settings: SmtpSettings, timeouts: SmtpTimeouts = DEFAULT_SMTP_TIMEOUTS): SMTPTransportOptions {
  return {
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    requireTLS: settings.requireTls,
    ...(settings.user !== null && settings.password !== null ? { auth: { user: settings.user, pass: settings.password.reveal() } } : {}),
    connectionTimeout: timeouts.connectMs,
    greetingTimeout: timeouts.greetingMs,
    socketTimeout: timeouts.socketMs,
    dnsTimeout: timeouts.connectMs,
    logger: false,
    debug: false,
  };
}
