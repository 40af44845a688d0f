import type { EmailMessage } from '../../delivery/emailSender.js';

// Plain text only: what every mail client shows, and nothing to escape. Each message says who asked for
// it and what to do if it was not expected, since an email with a link is what phishing looks like too.

const until = (expiresAt: Date) => `${expiresAt.toISOString().slice(11, 16)} UTC on ${expiresAt.toISOString().slice(0, 10)}`;

export function mfaResetEmail(to: { email: string; name: string }, link: string, expiresAt: Date): EmailMessage {
  return {
    to: to.email,
    subject: 'Set up your sign-in verification again',
    text:
      `Hello ${to.name},\n\n` +
      'An administrator of your organization has reset your two-step sign-in (MFA). The next time you sign in to the portal ' +
      'you will be asked to set it up again, or you can start now with this link:\n\n' +
      `${link}\n\n` +
      `The link works once, until ${until(expiresAt)}. After that, sign in as usual and follow the prompts.\n\n` +
      'If you did not expect this, contact your office administrator.',
  };
}

export function registrationLinkEmail(to: { email: string; name: string }, link: string, expiresAt: Date): EmailMessage {
  return {
    to: to.email,
    subject: 'Finish setting up your sign-in verification',
    text:
      `Hello ${to.name},\n\n` +
      'An administrator of your organization sent you this link to set up two-step sign-in (MFA) for the portal:\n\n' +
      `${link}\n\n` +
      `The link works once, until ${until(expiresAt)}. If it has expired, ask your administrator for a new one.\n\n` +
      'If you did not expect this, contact your office administrator.',
  };
}

export function phaseNoticeEmail(to: { email: string; name: string }, organizationName: string, enforcementDate: string): EmailMessage {
  const day = enforcementDate.slice(0, 10);
  return {
    to: to.email,
    subject: `Two-step sign-in required from ${day}`,
    text:
      `Hello ${to.name},\n\n` +
      `${organizationName} is turning on two-step sign-in (MFA) in phases. From ${day} you will need to confirm each sign-in to the ` +
      'portal with a second step: an authenticator app, a text message, a phone call or an email code, as your organization allows.\n\n' +
      'At your first sign-in on or after that date, the portal will walk you through setting it up. It takes a few minutes; have your phone at hand.\n\n' +
      'If you have questions, contact your office administrator.',
  };
}
