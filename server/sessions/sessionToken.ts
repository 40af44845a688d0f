import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes (256 bits), base64url: what a cookie or bearer header carries. */
export const TOKEN_BYTES = 32;
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function newToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

/**
 * The key a token is stored under: SHA-256, hex. A token has 256 bits of entropy, so a fast hash is
 * enough (no salt, no stretching) and lookups stay a primary-key read; a leaked table opens no session.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** True for something that could be one of our tokens; anything else is refused before a query. */
export function looksLikeToken(value: unknown): value is string {
  return typeof value === 'string' && TOKEN_SHAPE.test(value);
}
