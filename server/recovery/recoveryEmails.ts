import type { EmailMessage } from '../delivery/emailSender.js';

// Plain text only, like the admin notices: what every mail client shows, and nothing to escape. Each
// message says what happened and what to do if it was not expected.

const when = (at: Date) => `${at.toISOString().slice(11, 16)} UTC on ${at.toISOString().slice(0, 10)}`;

/** After a forgotten-password reset: the owner hears of it even when it was not them. */
export function passwordChangedEmail(to: { email: string; name: string }, portalName: string, at: Date): EmailMessage {
  return {
    to: to.email,
    subject: `Your ${portalName} password was changed`,
    text:
      `Hello ${to.name},\n\n` +
      `The password of your ${portalName} account was changed at ${when(at)} with the "Forgot your password?" steps. ` +
      'You were signed out everywhere, and browsers that were remembered will ask for a verification code again.\n\n' +
      'If this was not you, contact your office administrator at once.',
  };
}
