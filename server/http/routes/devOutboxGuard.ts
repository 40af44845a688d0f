import type { FastifyReply, FastifyRequest } from 'fastify';
import { isLoopbackHost } from '../../config/loopback.js';
import { apiError } from '../apiError.js';

/**
 * Who may use the development outbox, whose page shows every code and link the service "sent".
 *
 * 1. The Host header must name this machine (127.x, ::1, localhost) unless DEV_OUTBOX_ALLOW_REMOTE is
 *    set: a page from elsewhere that rebinds its own name to 127.0.0.1 (DNS rebinding) would otherwise be
 *    same-origin with the outbox and could read it.
 * 2. A state change (POST) must come from the outbox's own origin. Browsers send `Origin` and
 *    `Sec-Fetch-Site` on every POST, so a form on another site is refused by either. A request with
 *    neither header is not from a browser (a test harness answering a call, curl) and is not a CSRF
 *    vector, so it passes. The page sets `Referrer-Policy: same-origin` for this: under the service's
 *    usual `no-referrer`, browsers send `Origin: null` from its forms.
 */
export function devOutboxGuard(options: { allowRemote: boolean }) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (!options.allowRemote && !isLoopbackHost(request.hostname)) {
      return refuse(reply, 'The development outbox answers only at this machine\'s own address, e.g. http://127.0.0.1 or http://localhost.');
    }
    if (request.method === 'GET' || request.method === 'HEAD') return;
    const site = request.headers['sec-fetch-site'];
    const origin = request.headers.origin;
    if ((typeof site === 'string' && site !== 'same-origin' && site !== 'none') || (typeof origin === 'string' && origin !== ownOrigin(request))) {
      return refuse(reply, 'The development outbox accepts changes only from its own page.');
    }
  };
}

function ownOrigin(request: FastifyRequest): string | null {
  try {
    // URL drops a default port, as browsers do in Origin (http://localhost:80 → http://localhost).
    return new URL(`${request.protocol}://${request.host}`).origin;
  } catch {
    return null;
  }
}

async function refuse(reply: FastifyReply, message: string): Promise<void> {
  await reply.code(403).send(apiError('InvalidInput', message));
}
