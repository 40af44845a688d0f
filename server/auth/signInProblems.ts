import { isKeyOf } from '../domain/isKeyOf.js';

/**
 * Every way a sign-in step can fail, with what the person at the desk reads. A fixed list: pages carry
 * only the code in their address (`/login?error=mfa_failed`), so nothing a visitor types is echoed back,
 * and the API sends the same words. The password failure never says which part was wrong.
 */
export const SIGN_IN_PROBLEMS = {
  invalid_credentials: 'Your username or email and password did not match our records. Check them and try again.',
  locked: 'Too many unsuccessful sign-in attempts. Sign-in is paused for a while; try again later or ask your administrator.',
  session_expired: 'Your sign-in has expired or was already finished. Please sign in again.',
  mfa_failed: 'The verification code was not accepted. Please sign in again.',
  code_expired: 'The verification code has expired. Please sign in again to get a new one.',
  too_many_tries: 'Too many wrong codes. Please sign in again to get a new one.',
  call_not_answered: 'The verification call was not answered. Please sign in again to get another call.',
  call_declined: 'The verification call ended without the # key being pressed. Please sign in again.',
  call_failed: 'We could not place the verification call. Please sign in again, or choose another way to verify.',
  delivery_failed: 'We could not send your code just now. Try again in a few minutes, or contact your administrator.',
  too_many_codes: 'Too many codes and calls were sent in the last few minutes. Please wait before asking for another.',
  wait_before_resend: 'A code was sent moments ago. Please wait a little before asking for a new one.',
  method_not_allowed: 'That way of verifying is not available for your account.',
  no_method_available: 'Your organization has not set up a way to verify your sign-in. Please contact your administrator.',
  wrong_code: 'That code is not correct. Check it and try again.',
  code_needed: 'Enter the 6-digit code.',
  send_code_first: 'Ask for a code first.',
  invalid_phone: 'Enter a 10-digit US phone number, area code first, e.g. 312-555-0143. Extensions are not supported.',
  invalid_request: 'That form was out of date. Please try again.',
  not_signed_in: 'Please sign in.',
} as const;

export type SignInProblem = keyof typeof SIGN_IN_PROBLEMS;

export const isSignInProblem: (value: unknown) => value is SignInProblem = isKeyOf(SIGN_IN_PROBLEMS);

/** Things worth telling the user that are not failures. */
export const SIGN_IN_NOTICES = {
  code_sent: 'We sent you a code.',
  code_resent: 'We sent you a new code. Only the newest code works.',
  still_ringing: 'The call has not been answered yet. Answer it and press #, then continue.',
  calling_secondary: 'Nobody answered at your primary number, so we are now calling your secondary number.',
  signed_out: 'You have signed out.',
} as const;

export type SignInNotice = keyof typeof SIGN_IN_NOTICES;
export const isSignInNotice: (value: unknown) => value is SignInNotice = isKeyOf(SIGN_IN_NOTICES);
