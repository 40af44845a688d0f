/**
 * What a one-time code is for, and how it reaches the user. Each purpose has its own code: a login code
 * cannot finish a password reset, and a code sent for the portal's sign-in cannot finish the admin
 * view's (`admin_login`). Migrations 002 and 007 hold the same lists in CHECK constraints; a new value
 * needs a migration too.
 */
export const CODE_PURPOSES = ['login', 'forgot_password', 'phone_verify', 'email_verify', 'admin_login'] as const;
export type CodePurpose = (typeof CODE_PURPOSES)[number];

export const CODE_CHANNELS = ['sms', 'voice', 'email'] as const;
export type CodeChannel = (typeof CODE_CHANNELS)[number];
