import type { FastifyReply, FastifyRequest } from 'fastify';
import type {} from '@fastify/cookie';

/**
 * The sign-in cookies. All are HttpOnly (no script reads them) with Path=/ and no Domain. Over HTTPS —
 * a TLS socket, or X-Forwarded-Proto: https from a proxy named in TRUST_PROXY — they are Secure and carry
 * the `__Host-` prefix, which makes browsers refuse them unless Secure, host-only and Path=/ (so a
 * sibling subdomain cannot plant one). Plain HTTP happens only on this machine (serverConfig refuses it
 * elsewhere), where the prefix is not allowed.
 */
export type CookieKind = 'session' | 'device' | 'csrf';

const BASE_NAMES: Record<CookieKind, string> = {
  // The sign-in in progress, then the signed-in session (the token is replaced between the two).
  session: 'twofold_session',
  // "Remember me": the browser's device token.
  device: 'twofold_device',
  // Binds the login form's CSRF token before any session exists.
  csrf: 'twofold_csrf',
};

// Lax lets a link from an email open the portal signed in while cross-site POSTs carry no cookie. The
// device token is only ever read by our own login form's POST, so it can be Strict.
const SAME_SITE: Record<CookieKind, 'lax' | 'strict'> = { session: 'lax', device: 'strict', csrf: 'lax' };

export const isSecureRequest = (request: FastifyRequest): boolean => request.protocol === 'https';

export function cookieName(kind: CookieKind, secure: boolean): string {
  return secure ? `__Host-${BASE_NAMES[kind]}` : BASE_NAMES[kind];
}

export function readCookie(request: FastifyRequest, kind: CookieKind): string | undefined {
  return request.cookies[cookieName(kind, isSecureRequest(request))];
}

/** `maxAgeSeconds` null: a browser-session cookie (the server enforces the real expiry). */
export function setCookie(reply: FastifyReply, request: FastifyRequest, kind: CookieKind, value: string, maxAgeSeconds: number | null): void {
  const secure = isSecureRequest(request);
  reply.setCookie(cookieName(kind, secure), value, {
    httpOnly: true,
    secure,
    sameSite: SAME_SITE[kind],
    path: '/',
    ...(maxAgeSeconds === null ? {} : { maxAge: maxAgeSeconds }),
  });
}

export function clearCookie(reply: FastifyReply, request: FastifyRequest, kind: CookieKind): void {
  const secure = isSecureRequest(request);
  reply.clearCookie(cookieName(kind, secure), { httpOnly: true, secure, sameSite: SAME_SITE[kind], path: '/' });
}
