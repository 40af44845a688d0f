/**
 * The second factors the seeds describe: an authenticator app (TOTP, seed 000), a text message (001, 003),
 * a voice call where the user presses # (002, 003) and an email code (001, 003).
 */
export const MFA_METHODS = ['totp', 'sms', 'voice', 'email'] as const;
export type MfaMethod = (typeof MFA_METHODS)[number];
