import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, RegistrationLinksTable } from '../../db/schema.js';
import { hashToken, looksLikeToken, newToken } from '../../sessions/sessionToken.js';

export type RegistrationLinkPurpose = RegistrationLinksTable['purpose'];

/** Seed 003: "an emailed link valid 20 minutes". */
export const REGISTRATION_LINK_LIFETIME_SECONDS = 20 * 60;

/**
 * Where an emailed link leads: the page that consumes it belongs to the sign-in pages, which read
 * `token` from the query string (request logs never carry query strings) and call consumeRegistrationLink.
 */
export const REGISTRATION_LINK_PATH = '/register/link';

export interface CreatedRegistrationLink {
  id: string;
  /** Only in the email: the table keeps its SHA-256. */
  token: string;
  expiresAt: Date;
}

/**
 * A new single-use link for `userId`. Earlier unused links for the same user and purpose stop working,
 * so only the newest email counts. Call inside the transaction that audits it.
 */
export async function createRegistrationLink(
  db: Kysely<Database>,
  input: { userId: string; purpose: RegistrationLinkPurpose; now: Date; createdByUserId?: string | null; lifetimeSeconds?: number },
): Promise<CreatedRegistrationLink> {
  const at = input.now.toISOString();
  await db
    .updateTable('registration_links')
    .set({ revoked_at: at })
    .where('user_id', '=', input.userId)
    .where('purpose', '=', input.purpose)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .execute();
  const token = newToken();
  const id = randomUUID();
  const expiresAt = new Date(input.now.getTime() + (input.lifetimeSeconds ?? REGISTRATION_LINK_LIFETIME_SECONDS) * 1000);
  await db
    .insertInto('registration_links')
    .values({
      id,
      token_hash: hashToken(token),
      user_id: input.userId,
      purpose: input.purpose,
      created_at: at,
      expires_at: expiresAt.toISOString(),
      used_at: null,
      revoked_at: null,
      created_by_user_id: input.createdByUserId ?? null,
    })
    .execute();
  return { id, token, expiresAt };
}

/**
 * Uses a link once: the user's id when the token is live for this purpose, null otherwise (unknown,
 * expired, used, replaced). One conditional UPDATE, so two clicks on two instances cannot both win.
 */
export async function consumeRegistrationLink(db: Kysely<Database>, token: string, purpose: RegistrationLinkPurpose, now: Date): Promise<string | null> {
  if (!looksLikeToken(token)) return null;
  const at = now.toISOString();
  const row = await db
    .updateTable('registration_links')
    .set({ used_at: at })
    .where('token_hash', '=', hashToken(token))
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', at)
    .returning('user_id')
    .executeTakeFirst();
  return row?.user_id ?? null;
}

export function registrationLinkUrl(baseUrl: string, token: string): string {
  const url = new URL(REGISTRATION_LINK_PATH, baseUrl);
  url.searchParams.set('token', token);
  return url.toString();
}
