import { AdminError } from '../adminError.js';

/** Second factors an admin can sign in to the API with. A voice call needs a person pressing # on a ringing phone, which a token request cannot wait for. */
export const ADMIN_SECOND_FACTORS = ['totp', 'sms', 'email'] as const;
export type AdminSecondFactor = (typeof ADMIN_SECOND_FACTORS)[number];
export type AdminCodeChannel = Exclude<AdminSecondFactor, 'totp'>;

export interface AdminPasswordInput {
  /** Username or email, as typed. */
  username: string;
  password: string;
  /** request.ip: lockouts count per address as well as per account. */
  ip: string;
}

export interface AdminCredentials extends AdminPasswordInput {
  secondFactor: { method: AdminSecondFactor; code: string };
}

export type AdminSignInRefusal =
  /**
   * Unknown user, wrong password, a disabled account's password, wrong or replayed code: one answer, so
   * nothing tells which.
   */
  | { kind: 'invalid' }
  | { kind: 'locked'; retryAfterSeconds: number }
  /** Five codes within 15 minutes, or one within the last 20 seconds (the portal's own limits). */
  | { kind: 'too_many_codes'; retryAfterSeconds: number }
  /** The password was right, but the account manages no organization. */
  | { kind: 'not_admin' }
  | { kind: 'method_unavailable'; method: AdminSecondFactor }
  | { kind: 'code_expired' }
  | { kind: 'code_used_up' }
  | { kind: 'no_code' };

export type AdminSignInOutcome = { ok: true; userId: string } | { ok: false; refusal: AdminSignInRefusal };
export type AdminCodeOutcome = { ok: true; userId: string; sentTo: string } | { ok: false; refusal: AdminSignInRefusal };

/**
 * How an administrator proves who they are before getting an admin API token: password, then a second
 * factor. The service ships a small implementation (passwordAndCodeSignIn.ts) on the security core;
 * the portal's login service can take its place without the admin routes changing. Implementations
 * count failures against the lockout, write the sign-in's audit lines, and refuse accounts that manage
 * no organization once the password is proven.
 */
export interface AdminSignIn {
  /** Checks the password, then sends a one-time code by text or email to the account's registered factor. */
  sendCode(input: AdminPasswordInput & { method: AdminCodeChannel }): Promise<AdminCodeOutcome>;
  /** Checks the password and the second factor. */
  verify(input: AdminCredentials): Promise<AdminSignInOutcome>;
}

const METHOD_NAMES: Record<AdminSecondFactor, string> = { totp: 'authenticator app', sms: 'text message', email: 'email' };

/** The answer a refusal gets. */
export function refusalError(refusal: AdminSignInRefusal): AdminError {
  switch (refusal.kind) {
    case 'invalid':
      return new AdminError('Unauthenticated', 'The username, password or code is not right.');
    case 'locked': {
      const minutes = Math.max(1, Math.ceil(refusal.retryAfterSeconds / 60));
      return new AdminError('TooManyRequests', `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`, refusal.retryAfterSeconds);
    }
    case 'too_many_codes': {
      const wait = refusal.retryAfterSeconds < 60 ? `${refusal.retryAfterSeconds} seconds` : `${Math.ceil(refusal.retryAfterSeconds / 60)} minutes`;
      return new AdminError('TooManyRequests', `Several codes were sent to this account just now. Use the last one, or ask for a new one in ${wait}.`, refusal.retryAfterSeconds);
    }
    case 'not_admin':
      return new AdminError('Forbidden', 'This account does not manage any organization, so it cannot use the admin API.');
    case 'method_unavailable':
      return new AdminError('InvalidInput', `This account has no confirmed ${METHOD_NAMES[refusal.method]} registration. Use the method you registered.`);
    case 'code_expired':
      return new AdminError('Unauthenticated', 'The code has expired. Ask for a new one.');
    case 'code_used_up':
      return new AdminError('Unauthenticated', 'This code was tried too many times. Ask for a new one.');
    case 'no_code':
      return new AdminError('Unauthenticated', 'No code is waiting for this account: it was never sent, already used, or replaced by a newer one. Ask for a new one.');
  }
}
