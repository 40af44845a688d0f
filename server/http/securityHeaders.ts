import type { FastifyInstance } from 'fastify';

/**
 * Headers every response carries unless a route sets its own (the web pages will loosen the CSP for
 * their own scripts and QR images). The defaults suit a JSON API: nothing may load, frame or cache it.
 */
const DEFAULT_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
  // Answers hold account data and codes: no shared or browser cache may keep them.
  'cache-control': 'no-store',
};

// Two years, the preload list's minimum; sent only over HTTPS, where browsers honour it (RFC 6797 §7.2).
const HSTS = 'max-age=63072000; includeSubDomains';

export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.headers(DEFAULT_HEADERS);
    // `protocol` is https on a TLS socket, or from X-Forwarded-Proto when TRUST_PROXY names the proxy.
    if (request.protocol === 'https') reply.header('strict-transport-security', HSTS);
  });
}
