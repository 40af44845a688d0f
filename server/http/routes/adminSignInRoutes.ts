import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { auditAdminAction } from '../../admin/adminAudit.js';
import type { AdminDeps } from '../../admin/adminDeps.js';
import { AdminErrorSchema } from '../../admin/adminError.js';
import { ADMIN_EVENTS } from '../../admin/adminEvents.js';
import { managedOrganizations } from '../../admin/scope/adminCaller.js';
import { adminProfile } from '../../admin/scope/adminProfile.js';
import { refusalError } from '../../admin/signIn/adminSignIn.js';
import { issueAdminToken } from '../../admin/tokens/adminTokens.js';
import { ADMIN_TAG, ChallengeBodySchema, ChallengeResultSchema, TokenBodySchema, TokenResultSchema } from './adminSchemas.js';

const SIGN_IN_ERRORS = { 400: AdminErrorSchema, 401: AdminErrorSchema, 403: AdminErrorSchema, 429: AdminErrorSchema, 503: AdminErrorSchema };

/**
 * The two routes that answer without a token: an administrator proves password and second factor and
 * gets one. Lockouts and audit lines come from the AdminSignIn implementation.
 */
export function adminSignInRoutes(deps: AdminDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/admin/tokens/challenge',
      {
        schema: {
          summary: 'Send an admin sign-in code by text or email',
          description: 'Checks the password, then sends a 6-digit code to the registered number or email. Not needed with an authenticator app.',
          tags: [ADMIN_TAG],
          body: ChallengeBodySchema,
          response: { 202: ChallengeResultSchema, ...SIGN_IN_ERRORS },
        },
      },
      async (request, reply) => {
        const { username, password, method } = request.body;
        const outcome = await deps.signIn.sendCode({ username, password, method, ip: request.ip });
        if (!outcome.ok) throw refusalError(outcome.refusal);
        return reply.code(202).send({ method, sentTo: outcome.sentTo });
      },
    );

    app.post(
      '/api/admin/tokens',
      {
        schema: {
          summary: 'Sign in to the admin API',
          description: 'Password and second factor in, a bearer token out (valid 8 hours unless configured otherwise). Accounts that manage no organization are refused.',
          tags: [ADMIN_TAG],
          body: TokenBodySchema,
          response: { 201: TokenResultSchema, ...SIGN_IN_ERRORS },
        },
      },
      async (request, reply) => {
        const { username, password, secondFactor } = request.body;
        const outcome = await deps.signIn.verify({ username, password, secondFactor, ip: request.ip });
        if (!outcome.ok) throw refusalError(outcome.refusal);
        // AdminSignIn refuses non-admins already; the token is what grants reach, so ask again here.
        const managed = await managedOrganizations(deps.db, outcome.userId);
        if (managed.length === 0) throw refusalError({ kind: 'not_admin' });
        const now = deps.now();
        const issued = await deps.db.transaction().execute(async (trx) => {
          const token = await issueAdminToken(trx, outcome.userId, now, deps.tokenLifetimeSeconds);
          await auditAdminAction(
            trx,
            { userId: outcome.userId, ip: request.ip },
            { event: ADMIN_EVENTS.tokenIssued, subjectUserId: outcome.userId, details: { tokenId: token.id, method: secondFactor.method, expiresAt: token.expiresAt.toISOString() } },
            now,
          );
          return token;
        });
        const profile = await adminProfile(deps.db, outcome.userId, managed);
        return reply.code(201).send({ ...profile, token: issued.token, tokenExpiresAt: issued.expiresAt.toISOString() });
      },
    );
  };
}
