import type { FastifyRequest } from 'fastify';

/** This service's origin as the browser sees it: scheme (X-Forwarded-Proto behind TRUST_PROXY), host, port. */
export function ownOrigin(request: FastifyRequest): string | null {
  try {
    // URL drops a default port, as browsers do in Origin (https://portal:443 → https://portal).
    return new URL(`${request.protocol}://${request.host}`).origin;
  } catch {
    return null;
  }
}

/**
 * The second CSRF check on every form post, after the token: the request must come from our own pages.
 * Browsers send `Sec-Fetch-Site` and `Origin` on every POST (the pages send `Referrer-Policy: same-origin`
 * so that Origin is real and not `null`); `Referer` is the fallback for older ones. A request with none
 * of the three is no browser's cross-site form, and still needs the token.
 */
export function isSameOriginPost(request: FastifyRequest): boolean {
  const own = ownOrigin(request);
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') return false;
  const origin = request.headers.origin;
  if (typeof origin === 'string') return origin === own;
  const referer = request.headers.referer;
  if (typeof referer === 'string') {
    try {
      return new URL(referer).origin === own;
    } catch {
      return false;
    }
  }
  return true;
}
