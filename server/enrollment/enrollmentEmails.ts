import type { EmailMessage } from '../delivery/emailSender.js';

// Plain text only, like the admin notices. Each says who asked for it and what to do if it was not
// expected, since an email with a link is what phishing looks like too.

const until = (expiresAt: Date) => `${expiresAt.toISOString().slice(11, 16)} UTC on ${expiresAt.toISOString().slice(0, 10)}`;

export type CompletionLinkReason = 'registered' | 'resent' | 'reset';

const OPENING: Record<CompletionLinkReason, string> = {
  registered: 'Thank you for registering. To complete your registration and set up multi-factor authentication (MFA), open this link within 20 minutes:',
  resent: 'You asked for a new link to complete your registration and set up multi-factor authentication (MFA). Open it within 20 minutes:',
  reset: 'Your registration was reset at your request. To complete your registration and set up multi-factor authentication (MFA), open this link within 20 minutes:',
};

/** Seed 003: "To complete the Multi-Factor Authentication registration, you must click the link in your email within 20 minutes." */
export function completionLinkEmail(to: { email: string; name: string }, portalName: string, link: string, expiresAt: Date, reason: CompletionLinkReason): EmailMessage {
  return {
    to: to.email,
    subject: `Complete your ${portalName} registration`,
    text:
      `Hello ${to.name},\n\n${OPENING[reason]}\n\n${link}\n\n` +
      `The link works once, until ${until(expiresAt)}. If it has expired, open the sign-in page and choose "Having trouble?" to get a new one.\n\n` +
      `If you did not register for ${portalName}, ignore this email; nothing happens without the link.`,
  };
}

/**
 * Someone registered with an address that already has an account. The page said the same as for a new
 * address (it must not tell who has an account); the owner hears of it here.
 */
export function alreadyRegisteredEmail(to: { email: string; name: string }, portalName: string, loginUrl: string): EmailMessage {
  return {
    to: to.email,
    subject: `Registration attempt for your ${portalName} account`,
    text:
      `Hello ${to.name},\n\n` +
      `Someone tried to register a new ${portalName} account with this email address, which already has an account, so no new account was made.\n\n` +
      `If it was you, sign in with your existing account at ${loginUrl} (choose "Forgot your password?" there if you need to). ` +
      'To work for another organization or NPI, ask its administrator to add you.\n\n' +
      'If it was not you, you can ignore this email.',
  };
}
