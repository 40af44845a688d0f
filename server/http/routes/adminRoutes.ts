import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { AdminDeps } from '../../admin/adminDeps.js';
import { AdminError } from '../../admin/adminError.js';
import { DeliveryError } from '../../delivery/deliveryError.js';
import { adminAuditRoutes } from './adminAuditRoutes.js';
import { requireAdmin } from './adminAuth.js';
import { adminExportRoutes } from './adminExportRoutes.js';
import { adminPhaseRoutes } from './adminPhaseRoutes.js';
import { adminPolicyRoutes } from './adminPolicyRoutes.js';
import { adminRegistrationCodeRoutes } from './adminRegistrationCodeRoutes.js';
import { adminSessionRoutes } from './adminSessionRoutes.js';
import { adminSignInRoutes } from './adminSignInRoutes.js';
import { adminUserActionRoutes } from './adminUserActionRoutes.js';
import { adminUserRoutes } from './adminUserRoutes.js';

/** Routes under this prefix that answer without a token: the sign-in that hands one out. Everything else requires one. */
export const ADMIN_PREFIX = '/api/admin';
export const PUBLIC_ADMIN_ROUTES = ['POST /api/admin/tokens', 'POST /api/admin/tokens/challenge'] as const;

/**
 * The admin API (issue 4): a bearer token after password and second factor, then every call limited to
 * the organizations the caller manages. Registered in a scope of its own, so its gate and error handler
 * apply to these routes only.
 */
export function adminRoutes(deps: AdminDeps): FastifyPluginAsync {
  return async (app) => {
    app.setErrorHandler(adminErrorHandler);
    await app.register(adminSignInRoutes(deps));
    await app.register(async (gated) => {
      gated.addHook('onRequest', requireAdmin(deps));
      await gated.register(adminSessionRoutes(deps));
      await gated.register(adminUserRoutes(deps));
      await gated.register(adminUserActionRoutes(deps));
      await gated.register(adminPolicyRoutes(deps));
      await gated.register(adminRegistrationCodeRoutes(deps));
      await gated.register(adminPhaseRoutes(deps));
      await gated.register(adminAuditRoutes(deps));
      await gated.register(adminExportRoutes(deps));
    });
  };
}

/**
 * AdminError and DeliveryError become their answers here; anything else (validation, bad JSON, bugs)
 * is thrown on to the service's own handler (server/http/errorHandling.ts), which Fastify calls next.
 */
async function adminErrorHandler(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
  if (error instanceof AdminError) {
    if (error.code === 'Unauthenticated') reply.header('www-authenticate', 'Bearer realm="twofold-admin"');
    if (error.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.retryAfterSeconds));
    return reply.code(error.status).send(error.body);
  }
  // Its message names the setting to fix (SMTP_URL, the TWILIO_ settings) and never a secret or a body.
  if (error instanceof DeliveryError) return reply.code(503).send(new AdminError('Unavailable', error.message).body);
  throw error;
}
