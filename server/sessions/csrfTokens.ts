import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SecretKeyRing } from '../security/secretKeyRing.js';

const KEY_LABEL = 'csrf/hmac-sha256/v1';

/**
 * Synchronizer tokens for the sign-in pages' forms: HMAC-SHA256 of what the form is bound to — the
 * session's id (the hash of its token), or before any session the anonymous CSRF cookie's hash — under a
 * key derived from the service's secret key. Nothing is stored: every instance with the same key derives
 * the same token, and a token lifted from one session is worthless in another.
 */
export interface CsrfTokens {
  tokenFor(binding: string): string;
  /** Constant-time; tries every key in the ring, so forms rendered just before a key rotation still post. */
  verify(binding: string, token: unknown): boolean;
}

export function createCsrfTokens(ring: SecretKeyRing): CsrfTokens {
  const keys = [ring.current, ...ring.all.filter((k) => k.id !== ring.current.id)].map((k) => k.derive(KEY_LABEL));
  const mac = (key: Buffer, binding: string) => createHmac('sha256', key).update(binding, 'utf8').digest();

  return {
    tokenFor: (binding) => mac(keys[0]!, binding).toString('base64url'),
    verify(binding, token) {
      if (typeof token !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(token)) return false;
      const given = Buffer.from(token, 'base64url');
      let ok = false;
      for (const key of keys) ok = timingSafeEqual(mac(key, binding), given) || ok;
      return ok;
    },
  };
}

/** What a form is bound to: a session, or the anonymous cookie a browser gets with the login form. */
export const sessionBinding = (sessionId: string) => `session:${sessionId}`;
export const anonymousBinding = (cookieHash: string) => `anonymous:${cookieHash}`;
