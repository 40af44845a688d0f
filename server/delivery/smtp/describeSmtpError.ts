import { DeliveryError } from '../deliveryError.js';
import type { SmtpSettings } from '../deliveryConfig.js';

interface SmtpErrorFields {
  code?: unknown;
  responseCode?: unknown;
  response?: unknown;
}

/**
 * Turns nodemailer's error into a DeliveryError a person can act on. The server's reply line is quoted
 * (it says what the server disliked), after removing anything that could be the password; the error's
 * own message is not, since for a failed command it may quote what was sent.
 */
export function describeSmtpError(error: unknown, settings: SmtpSettings): DeliveryError {
  const e = (typeof error === 'object' && error !== null ? error : {}) as SmtpErrorFields;
  const code = typeof e.code === 'string' ? e.code : '';
  const status = typeof e.responseCode === 'number' ? e.responseCode : null;
  const reply = typeof e.response === 'string' ? ` The server said: "${scrub(e.response, settings)}".` : '';
  const server = `The mail server ${settings.host}:${settings.port}`;

  switch (code) {
    case 'EAUTH':
      return new DeliveryError('email', 'credentials', `${server} refused the sign-in for "${settings.user ?? ''}". Check the user name and password in SMTP_URL.${reply}`, status);
    case 'ETLS':
    case 'EREQUIRETLS':
      return new DeliveryError(
        'email',
        'unreachable',
        `${server} did not agree to encrypt the connection (STARTTLS), so nothing was sent: codes and the password must not cross the network in clear. Use a server that offers STARTTLS, or smtps:// for TLS from the start.${reply}`,
        status,
      );
    case 'ETIMEDOUT':
      return new DeliveryError('email', 'unreachable', `${server} did not answer in time. Check the host and port in SMTP_URL and that the server is up.`, status);
    case 'ECONNECTION':
    case 'ESOCKET':
    case 'EDNS':
      return new DeliveryError('email', 'unreachable', `Could not connect to the mail server ${settings.host}:${settings.port}. Check the host and port in SMTP_URL and that the server is up.`, status);
    case 'EENVELOPE':
      return new DeliveryError('email', 'recipient', `${server} refused the sender or the recipient address.${reply}`, status);
    default:
      return new DeliveryError('email', status !== null && status >= 500 ? 'refused' : 'provider', `${server} did not accept the message.${reply}`, status);
  }
}

/** The reply is the server's words, but a server may echo a command back: drop the password in any form it was sent. */
function scrub(reply: string, settings: SmtpSettings): string {
  const line = reply.replace(/[\r\n]+/g, ' ').slice(0, 300);
  const password = settings.password?.reveal();
  if (!password) return line;
  const forms = [
    password,
    Buffer.from(password).toString('base64'),
    Buffer.from(`\u0000${settings.user ?? ''}\u0000${password}`).toString('base64'),
  ];
  return forms.reduce((text, form) => text.split(form).join('[redacted]'), line);
}
