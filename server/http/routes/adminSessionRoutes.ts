import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditAdminAction } from '../../admin/adminAudit.js';
import type { AdminDeps } from '../../admin/adminDeps.js';
import { ADMIN_EVENTS } from '../../admin/adminEvents.js';
import { adminProfile } from '../../admin/scope/adminProfile.js';
import { revokeAdminToken } from '../../admin/tokens/adminTokens.js';
import { callerOf } from './adminAuth.js';
import { ADMIN_TAG, AdminMeSchema, AUTH_ERRORS, AuthHeadersSchema, ManagedOrganizationSchema } from './adminSchemas.js';

/** Who am I, which organizations do I manage, and sign out. */
export function adminSessionRoutes(deps: AdminDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/admin/me',
      { schema: { summary: 'The signed-in administrator', tags: [ADMIN_TAG], headers: AuthHeadersSchema, response: { 200: AdminMeSchema, ...AUTH_ERRORS } } },
      async (request) => {
        const caller = callerOf(request);
        const token = await deps.db.selectFrom('api_tokens').select('expires_at').where('id', '=', caller.tokenId).executeTakeFirstOrThrow();
        return { ...(await adminProfile(deps.db, caller.userId, caller.managed)), tokenExpiresAt: token.expires_at };
      },
    );

    app.get(
      '/api/admin/organizations',
      {
        schema: {
          summary: 'The organizations the administrator manages',
          tags: [ADMIN_TAG],
          headers: AuthHeadersSchema,
          response: { 200: z.object({ organizations: z.array(ManagedOrganizationSchema) }).meta({ id: 'ManagedOrganizations' }), ...AUTH_ERRORS },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        return { organizations: (await adminProfile(deps.db, caller.userId, caller.managed)).organizations };
      },
    );

    app.delete(
      '/api/admin/tokens/current',
      { schema: { summary: 'Sign out: revoke the token this request carries', tags: [ADMIN_TAG], headers: AuthHeadersSchema, response: { 204: z.null(), ...AUTH_ERRORS } } },
      async (request, reply) => {
        const caller = callerOf(request);
        const now = deps.now();
        await deps.db.transaction().execute(async (trx) => {
          await revokeAdminToken(trx, caller.tokenId, now);
          await auditAdminAction(trx, caller, { event: ADMIN_EVENTS.tokenRevoked, subjectUserId: caller.userId, details: { tokenId: caller.tokenId } }, now);
        });
        return reply.code(204).send(null);
      },
    );
  };
}
