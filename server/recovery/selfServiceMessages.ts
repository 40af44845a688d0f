import { isKeyOf } from '../domain/isKeyOf.js';

/**
 * What the person at the desk reads in the self-service flows (forgotten password, new provider
 * registration, registration reset, "Having trouble"). A fixed list, as for sign-in: pages carry only the
 * code in their address (`/login/forgot/verify?error=wrong_code`), so nothing typed is echoed back, and
 * the API sends the same words. No message says whether an account exists.
 */
export const SELF_SERVICE_PROBLEMS = {
  flow_expired: 'This step has expired or was already finished. Please start again.',
  invalid_request: 'That form was out of date. Please try again.',
  login_needed: 'Enter your email address or username.',
  too_many_requests: 'Too many requests came from this computer in the last few minutes. Please wait 15 minutes and try again.',
  locked: 'Too many unsuccessful attempts. This is paused for a while; try again later or ask your administrator.',
  code_needed: 'Enter the 6-digit code.',
  wrong_code: 'That code is not correct. Check it and try again.',
  code_expired: 'The verification code has expired. Send a new code.',
  too_many_tries: 'Too many wrong codes. Please start again.',
  send_code_first: 'Ask for a code first.',
  wait_before_resend: 'A code was sent moments ago. Please wait a little before asking for a new one.',
  too_many_codes: 'Too many codes and calls were sent in the last few minutes. Please wait before asking for another.',
  delivery_failed: 'We could not send your code just now. Try again in a few minutes, or contact your administrator.',
  call_not_answered: 'The verification call was not answered. Choose Call me to try again, or Send code.',
  call_declined: 'The verification call ended without the # key being pressed. Choose Call me to try again.',
  call_failed: 'We could not place the verification call. Try again, or choose Send code.',
  password_needed: 'Enter a new password in both boxes.',
  password_too_short: 'Your new password must be at least 12 characters long.',
  password_too_long: 'Your new password can be at most 128 characters long.',
  password_mismatch: 'The two passwords do not match. Type the same password in both boxes.',
  password_contains_name: 'Your new password must not contain your username, your email address or the portal’s name.',
  password_repeated: 'Your new password must not be one character repeated.',
  password_is_current: 'Choose a password different from your current one.',
  wrong_password: 'That password is not correct. Check it and try again.',
  invalid_credentials: 'Your username or email and password did not match our records. Check them and try again.',
  registration_code_mismatch: 'The NPI and provider registration code do not match our records. Check both and try again.',
  invalid_npi: 'Enter the 10-digit NPI. Check the digits: this one is not a valid NPI.',
  registration_code_needed: 'Enter the provider registration code your organization gave you.',
  link_invalid: 'This link has expired or was already used. Links work once, for 20 minutes.',
  already_registered: 'Your registration is already complete. Sign in with your username or email and password.',
  email_not_sent: 'Your registration was saved, but we could not send the email just now. Use “Registration error? Reset” in a few minutes to get the link.',
  too_many_links: 'Several links were sent in the last few minutes. Please wait, and use the newest email.',
  terms_needed: 'To continue, check the box to agree to the terms of use.',
  not_signed_in: 'Please sign in.',
} as const;

export type SelfServiceProblem = keyof typeof SELF_SERVICE_PROBLEMS;
export const isSelfServiceProblem: (value: unknown) => value is SelfServiceProblem = isKeyOf(SELF_SERVICE_PROBLEMS);

export const SELF_SERVICE_NOTICES = {
  code_sent: 'Verification code has been sent. Please copy it to the input box below.',
  code_resent: 'We sent a new code. Only the newest code works.',
  email_verified: 'E-mail address verified. You can now continue.',
  phone_code_sent: 'We sent a text message with your code.',
  still_ringing: 'The call has not been answered yet. Answer it and press #, then continue.',
  calling_secondary: 'Nobody answered at your primary number, so we are now calling your secondary number.',
  phone_verified: 'Your phone has been verified. You can now choose a new password.',
  link_sent: 'We sent a new link to the email address on file. It works once, for 20 minutes.',
  reset_requested: 'If that username has a registration that is not finished, we have emailed a link to complete it. The link works once, for 20 minutes.',
} as const;

export type SelfServiceNotice = keyof typeof SELF_SERVICE_NOTICES;
export const isSelfServiceNotice: (value: unknown) => value is SelfServiceNotice = isKeyOf(SELF_SERVICE_NOTICES);
