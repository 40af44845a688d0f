import type { AccountDraft } from '../../../common/otp/otpParams.js';
import { encodeBase32 } from '../../../common/otp/base32.js';

/**
 * Writes a Key URI that parseOtpauthUri reads back to the same account (used for exports the user
 * asks for). Steam accounts use `otpauth://steam/`, the form Aegis and Ente write: an app that does
 * not know Steam then refuses the link instead of showing 6-digit codes Steam would reject, which is
 * what `otpauth://totp/…&encoder=steam` would do.
 */
export function formatOtpauthUri(draft: AccountDraft): string {
  const { issuer, accountName, params } = draft;
  const query = new URLSearchParams({ secret: encodeBase32(draft.secret) });
  if (issuer) query.set('issuer', issuer);
  if (params.kind !== 'steam') {
    query.set('algorithm', params.algorithm);
    query.set('digits', String(params.digits));
  }
  if (params.kind === 'hotp') query.set('counter', String(params.counter));
  if (params.kind === 'totp') query.set('period', String(params.period));
  // URLSearchParams writes spaces as '+', which the parser reads back as spaces (form encoding).
  return `otpauth://${params.kind}/${label(issuer, accountName)}?${query.toString()}`;
}

/**
 * "Issuer:account", each part %-encoded (so a ':' inside a part becomes %3A, but the parser decodes
 * before splitting, so colons are handled here): an issuer with a colon goes only in the issuer
 * parameter, and an account with a colon but no prefix gets an empty one (":a:b").
 */
function label(issuer: string, accountName: string): string {
  const account = encodeURIComponent(accountName);
  if (issuer && !issuer.includes(':')) return `${encodeURIComponent(issuer)}:${account}`;
  return accountName.includes(':') ? `:${account}` : account;
}
