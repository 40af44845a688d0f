import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import type { AdminDeps } from '../../admin/adminDeps.js';
import { AdminError } from '../../admin/adminError.js';
import { managedOrganizations, type AdminCaller } from '../../admin/scope/adminCaller.js';
import { findLiveAdminToken } from '../../admin/tokens/adminTokens.js';

// Kept beside the request rather than declared on FastifyRequest, so no other route sees an admin field.
const callers = new WeakMap<FastifyRequest, AdminCaller>();

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * The gate in front of every admin route but sign-in: a live bearer token, an active account, and at
 * least one organization managed as clinic or provider admin, read afresh on each request. Runs at
 * onRequest, before the body is parsed or validated, so a caller without a token learns nothing about
 * what the route would have accepted.
 */
export function requireAdmin(deps: AdminDeps): onRequestAsyncHookHandler {
  return async (request) => {
    const match = BEARER.exec(request.headers.authorization ?? '');
    if (!match?.[1]) throw new AdminError('Unauthenticated', 'Sign in first: send the token from POST /api/admin/tokens as "Authorization: Bearer <token>".');
    const token = await findLiveAdminToken(deps.db, match[1], deps.now());
    if (!token) throw new AdminError('Unauthenticated', 'This token is not valid: it expired, was revoked, or was never issued. Sign in again.');
    const user = await deps.db.selectFrom('users').select('status').where('id', '=', token.userId).executeTakeFirst();
    if (user?.status !== 'active') throw new AdminError('Forbidden', 'This account is disabled or locked. Ask another administrator to unlock it.');
    const managed = await managedOrganizations(deps.db, token.userId);
    if (managed.length === 0) throw new AdminError('Forbidden', 'This account does not manage any organization, so it cannot use the admin API.');
    callers.set(request, { userId: token.userId, tokenId: token.id, ip: request.ip, managed, orgIds: managed.map((m) => m.orgId) });
  };
}

/** The caller requireAdmin resolved. A route outside its scope calling this is a programming error. */
export function callerOf(request: FastifyRequest): AdminCaller {
  const caller = callers.get(request);
  if (!caller) throw new Error('admin route registered outside requireAdmin');
  return caller;
}

/**
 * Where emailed links point: the configured public address, or this request's own scheme and Host
 * (trusted only as far as TRUST_PROXY lets Fastify believe X-Forwarded-*).
 */
export function linkBaseUrl(deps: AdminDeps, request: FastifyRequest): string {
  return deps.publicBaseUrl ?? `${request.protocol}://${request.host}`;
}
