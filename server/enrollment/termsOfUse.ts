import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/** Stored with the acceptance, so a later wording can be asked for again. */
export const TERMS_VERSION = '2026-01';

/**
 * Seed 003: "As a new user, you will need to read and agree to the Terms of Use." The opening paragraph
 * follows the seed's screen; the numbered terms are what a portal guarding patient information asks.
 */
export function termsOfUse(portalName: string): { heading: string; preamble: string; terms: string[] } {
  return {
    heading: `${portalName} terms of use`,
    preamble:
      `The ${portalName} is subject to and governed by terms and conditions of use. By proceeding or using the portal you are agreeing ` +
      'that you have read and understood the terms and conditions of use and agree to be bound by them. If you do not understand the ' +
      'terms or conditions of use or do not agree to be bound by them, do not proceed or otherwise use the portal. Unauthorized access ' +
      'to the portal is prohibited.',
    terms: [
      'Your account is for you alone. Do not share your username, password, verification codes or authenticator app with anyone, and do not sign in for someone else.',
      'Use the portal only for the patients and organizations you are authorized to act for, and only as far as your work requires (the minimum necessary).',
      'Protect the patient information you see here as HIPAA requires: do not copy it to unapproved places, and sign out or lock your screen when you step away.',
      'Tell your office administrator at once if you think someone else knows your password or has used your account.',
      'Activity in the portal is recorded, including sign-ins and changes to your security settings, and may be reviewed.',
    ],
  };
}

/** True when the user registered as a new provider and has not accepted the terms yet. */
export async function termsPending(db: Kysely<Database>, userId: string): Promise<boolean> {
  const row = await db.selectFrom('provider_signups').select('terms_accepted_at').where('user_id', '=', userId).executeTakeFirst();
  return row !== undefined && row.terms_accepted_at === null;
}
