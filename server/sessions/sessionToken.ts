import { createHash, randomFillSync } from 'node:crypto';

/** 32 random bytes (256 bits), base64url: what a cookie or bearer header carries. */
export const TOKEN_BYTES = 32;
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

// Every sign-in draws a token, and asking the CSPRNG for 32 bytes at a time cost ~3 % of a verification's
// CPU in the service's profile (bench:server); one draw of 4 KiB serves 128 tokens. Each slice is used
// once and wiped as it is taken, so no token's bytes stay behind in the pool. (node:crypto's randomUUID
// batches its randomness the same way.)
const POOL_BYTES = 128 * TOKEN_BYTES;
const pool = Buffer.alloc(POOL_BYTES);
let poolOffset = POOL_BYTES;

export function newToken(): string {
  if (poolOffset === POOL_BYTES) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const end = poolOffset + TOKEN_BYTES;
  const token = pool.toString('base64url', poolOffset, end);
  pool.fill(0, poolOffset, end);
  poolOffset = end;
  return token;
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
