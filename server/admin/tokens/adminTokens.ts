import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { hashToken, looksLikeToken, newToken } from '../../sessions/sessionToken.js';

/** A working day at the desk: long enough for one sitting, short enough that a forgotten token dies the same day. */
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 8 * 3600;

// last_used_at is for the person reviewing tokens, not for security: writing it once a minute is enough
// and spares a write on every request.
const LAST_USED_RESOLUTION_MS = 60_000;

export interface IssuedAdminToken {
  id: string;
  /** The bearer token: returned once, never stored, never logged. */
  token: string;
  expiresAt: Date;
}

export interface LiveAdminToken {
  id: string;
  userId: string;
  expiresAt: string;
}

/** Creates a token for `userId`; only its SHA-256 is stored. Call inside the transaction that audits it. */
export async function issueAdminToken(db: Kysely<Database>, userId: string, now: Date, lifetimeSeconds = DEFAULT_TOKEN_LIFETIME_SECONDS): Promise<IssuedAdminToken> {
  const token = newToken();
  const id = randomUUID();
  const expiresAt = new Date(now.getTime() + lifetimeSeconds * 1000);
  await db
    .insertInto('api_tokens')
    .values({ id, token_hash: hashToken(token), user_id: userId, created_at: now.toISOString(), expires_at: expiresAt.toISOString(), last_used_at: null, revoked_at: null })
    .execute();
  return { id, token, expiresAt };
}

/** The live token behind a bearer value, or null when it is malformed, unknown, expired or revoked. */
export async function findLiveAdminToken(db: Kysely<Database>, bearer: string, now: Date): Promise<LiveAdminToken | null> {
  if (!looksLikeToken(bearer)) return null;
  const at = now.toISOString();
  const row = await db
    .selectFrom('api_tokens')
    .select(['id', 'user_id', 'expires_at', 'last_used_at'])
    .where('token_hash', '=', hashToken(bearer))
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', at)
    .executeTakeFirst();
  if (!row) return null;
  if (row.last_used_at === null || Date.parse(row.last_used_at) <= now.getTime() - LAST_USED_RESOLUTION_MS) {
    await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', row.id).execute();
  }
  return { id: row.id, userId: row.user_id, expiresAt: row.expires_at };
}

export async function revokeAdminToken(db: Kysely<Database>, tokenId: string, now: Date): Promise<void> {
  await db.updateTable('api_tokens').set({ revoked_at: now.toISOString() }).where('id', '=', tokenId).where('revoked_at', 'is', null).execute();
}

/** Every live token of a user: their MFA was reset, so what they proved it with no longer counts. */
export async function revokeAdminTokensOfUser(db: Kysely<Database>, userId: string, now: Date): Promise<number> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: now.toISOString() })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
