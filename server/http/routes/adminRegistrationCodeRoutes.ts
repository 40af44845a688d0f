import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AdminDeps } from '../../admin/adminDeps.js';
import { AdminErrorSchema } from '../../admin/adminError.js';
import { EnforcementDateSchema } from '../../admin/policy/enforcementDate.js';
import { createRegistrationCode, listRegistrationCodes, revokeRegistrationCode } from '../../admin/registrationCodes/registrationCodes.js';
import { callerOf } from './adminAuth.js';
import { ADMIN_TAG, AuthHeadersSchema, INPUT_ERRORS, OptionalReasonSchema, OrgParamsSchema, ReasonSchema } from './adminSchemas.js';

const CodeSchema = z
  .object({ id: z.string(), createdAt: z.string(), expiresAt: z.string().nullable(), revokedAt: z.string().nullable(), createdByUserId: z.string().nullable() })
  .meta({ id: 'ProviderRegistrationCode', description: 'A code new providers enter at /register with one of the organization’s NPIs. The code itself is shown only when created.' });
const NewCodeSchema = CodeSchema.extend({ code: z.string().meta({ description: 'Shown once: hand it to the organization’s providers. The service keeps only its hash.', example: 'V8X4-RWTZ-3CTY-8QH4' }) }).meta({
  id: 'NewProviderRegistrationCode',
});
const CodeParamsSchema = OrgParamsSchema.extend({ codeId: z.string().min(1).max(100) });

/** Provider registration codes (seed: a new provider registers with an NPI and the code their clinic gave them). */
export function adminRegistrationCodeRoutes(deps: AdminDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/admin/organizations/:orgId/registration-codes',
      {
        schema: {
          summary: 'The organization’s provider registration codes (never the codes themselves)',
          tags: [ADMIN_TAG],
          headers: AuthHeadersSchema,
          params: OrgParamsSchema,
          response: { 200: z.object({ codes: z.array(CodeSchema) }), ...INPUT_ERRORS, 404: AdminErrorSchema },
        },
      },
      async (request) => ({ codes: await listRegistrationCodes(deps.db, callerOf(request), request.params.orgId) }),
    );

    app.post(
      '/api/admin/organizations/:orgId/registration-codes',
      {
        schema: {
          summary: 'Create a provider registration code',
          tags: [ADMIN_TAG],
          headers: AuthHeadersSchema,
          params: OrgParamsSchema,
          body: z.object({ expiresAt: EnforcementDateSchema.nullable().default(null), reason: OptionalReasonSchema }).strict(),
          response: { 201: NewCodeSchema, ...INPUT_ERRORS, 404: AdminErrorSchema },
        },
      },
      async (request, reply) => {
        const created = await createRegistrationCode(deps, callerOf(request), { orgId: request.params.orgId, expiresAt: request.body.expiresAt, reason: request.body.reason });
        return reply.code(201).send(created);
      },
    );

    app.post(
      '/api/admin/organizations/:orgId/registration-codes/:codeId/revoke',
      {
        schema: {
          summary: 'Revoke a provider registration code (providers already registered keep their accounts)',
          tags: [ADMIN_TAG],
          headers: AuthHeadersSchema,
          params: CodeParamsSchema,
          body: z.object({ reason: ReasonSchema }).strict(),
          response: { 200: CodeSchema, ...INPUT_ERRORS, 404: AdminErrorSchema },
        },
      },
      async (request) => revokeRegistrationCode(deps, callerOf(request), { orgId: request.params.orgId, codeId: request.params.codeId, reason: request.body.reason }),
    );
  };
}
