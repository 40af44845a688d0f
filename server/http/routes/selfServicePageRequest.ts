import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SelfService } from '../../enrollment/selfService.js';
import { isSelfServiceNotice, isSelfServiceProblem, SELF_SERVICE_NOTICES, SELF_SERVICE_PROBLEMS, type SelfServiceNotice, type SelfServiceProblem } from '../../recovery/selfServiceMessages.js';
import type { AuthSettings } from '../../auth/authSettings.js';
import { isLoopbackHost } from '../../config/loopback.js';
import { isSecureRequest } from '../../sessions/sessionCookies.js';
import { hashToken } from '../../sessions/sessionToken.js';
import { formIsGenuine, refuseForm, type PageDeps } from './pageRequest.js';

export interface SelfServicePageDeps extends PageDeps {
  self: SelfService;
}

// The self-service flow in progress (forgotten password, registration): one per browser, HttpOnly, and
// Strict, since only this portal's own forms ever need it. Over HTTPS with the __Host- prefix, as the
// sign-in cookies (server/sessions/sessionCookies.ts).
const FLOW_COOKIE = 'twofold_flow';
const flowCookieName = (request: FastifyRequest) => (isSecureRequest(request) ? `__Host-${FLOW_COOKIE}` : FLOW_COOKIE);

export const readFlowCookie = (request: FastifyRequest): string | undefined => request.cookies[flowCookieName(request)];

export function setFlowCookie(reply: FastifyReply, request: FastifyRequest, token: string): void {
  reply.setCookie(flowCookieName(request), token, { httpOnly: true, secure: isSecureRequest(request), sameSite: 'strict', path: '/' });
}

export function clearFlowCookie(reply: FastifyReply, request: FastifyRequest): void {
  reply.clearCookie(flowCookieName(request), { httpOnly: true, secure: isSecureRequest(request), sameSite: 'strict', path: '/' });
}

/** What a flow's forms are bound to: the flow's id (the hash of its token). */
export const flowBinding = (token: string) => `flow:${hashToken(token)}`;
export const flowCsrf = (deps: SelfServicePageDeps, token: string): string => deps.csrf.tokenFor(flowBinding(token));

/** The error and notice named in the address: only codes from the fixed lists are shown. */
export function selfServiceMessages(query: unknown): { error: string | null; notice: string | null } {
  const q = (query ?? {}) as Record<string, unknown>;
  return {
    error: isSelfServiceProblem(q.error) ? SELF_SERVICE_PROBLEMS[q.error] : null,
    notice: isSelfServiceNotice(q.notice) ? SELF_SERVICE_NOTICES[q.notice] : null,
  };
}

export function redirectWith(reply: FastifyReply, path: string, params: { error?: SelfServiceProblem | undefined; notice?: SelfServiceNotice | undefined } = {}): FastifyReply {
  const query = new URLSearchParams();
  if (params.error) query.set('error', params.error);
  if (params.notice) query.set('notice', params.notice);
  const qs = query.toString();
  return reply.redirect(qs ? `${path}?${qs}` : path, 303);
}

/**
 * Runs a form post that belongs to a flow in progress: the flow cookie (none: `startPath` with "expired"),
 * then both CSRF checks (else 403 and nothing done).
 */
export async function withFlowForm(
  deps: SelfServicePageDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  startPath: string,
  handle: (token: string) => Promise<FastifyReply>,
): Promise<FastifyReply> {
  const token = readFlowCookie(request);
  if (!token) return redirectWith(reply, startPath, { error: 'flow_expired' });
  if (!formIsGenuine(deps, request, flowBinding(token))) return refuseForm(deps, reply);
  return handle(token);
}

/**
 * Where emailed links point: PUBLIC_BASE_URL. Without it the service listens on loopback only (startServer
 * refuses anything else), and a link names this machine: the request's Host when that is a loopback name,
 * otherwise the socket's own address — never a Host header naming another machine, which a caller chooses.
 */
export function linkBaseUrl(settings: AuthSettings, request: FastifyRequest): string {
  if (settings.publicUrl) return settings.publicUrl;
  if (isLoopbackHost(request.hostname)) return `${request.protocol}://${request.host}`;
  const { localAddress, localPort } = request.socket;
  if (localAddress && localPort && isLoopbackHost(localAddress)) return `${request.protocol}://${localAddress.includes(':') ? `[${localAddress}]` : localAddress}:${localPort}`;
  return `${request.protocol}://localhost`;
}
