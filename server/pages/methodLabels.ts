import type { MfaMethod } from '../domain/mfaMethods.js';

/** The words the pages use for each method, as the seeds' portals say them. */
export const METHOD_NAMES: Record<MfaMethod, string> = {
  totp: 'Authenticator app',
  sms: 'Text message (SMS)',
  voice: 'Phone call',
  email: 'Email',
};

/** The registration page's button for each method. */
export const METHOD_CHOICE_LABELS: Record<MfaMethod, string> = {
  totp: 'Use an authenticator app',
  sms: 'Use text messages',
  voice: 'Use phone calls',
  email: 'Use email',
};
