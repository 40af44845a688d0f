import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AdminDeps } from '../../admin/adminDeps.js';
import { AdminErrorSchema } from '../../admin/adminError.js';
import { EnforcementDateSchema } from '../../admin/policy/enforcementDate.js';
import { readOrganizationPolicy, writeOrganizationPolicy } from '../../admin/policy/organizationPolicy.js';
import { MFA_METHOD_CHOICES, MFA_MODES } from '../../domain/organization.js';
import { callerOf } from './adminAuth.js';
import { ADMIN_TAG, AuthHeadersSchema, INPUT_ERRORS, MfaMethodSchema, OrgParamsSchema, ReasonSchema } from './adminSchemas.js';

const PolicyFields = {
  mode: z.enum(MFA_MODES, { error: 'mode must be off or required.' }).meta({ description: '`required`: every user sets up MFA at their next sign-in (from the enforcement date, if any).' }),
  allowedMethods: z.array(MfaMethodSchema).max(4, 'There are only four methods to allow.'),
  methodChoice: z.enum(MFA_METHOD_CHOICES, { error: 'methodChoice must be fixed or user_choice.' }).meta({
    description: '`fixed`: everybody uses `fixedMethod`; `user_choice`: each user picks one of `allowedMethods` (seed 001).',
  }),
  fixedMethod: MfaMethodSchema.nullable(),
};

export const MfaPolicySchema = z
  .object({
    ...PolicyFields,
    allowedMethods: z.array(MfaMethodSchema).readonly(),
    enforcementDate: z.string().nullable().meta({ description: 'ISO-8601 UTC; null: at once when required.' }),
  })
  .meta({ id: 'MfaPolicy' });
const PolicyBodySchema = z
  .object({ ...PolicyFields, enforcementDate: EnforcementDateSchema.nullable(), reason: ReasonSchema })
  .meta({ id: 'MfaPolicyChange', description: 'The whole policy. Fields that do not fit together are refused with every problem named.' });
const OrganizationPolicySchema = z
  .object({ organization: z.object({ id: z.string(), name: z.string(), npis: z.array(z.string()) }), policy: MfaPolicySchema, updatedAt: z.string() })
  .meta({ id: 'OrganizationPolicy' });

/** Seed 001: an administrator turns MFA on for the clinic and picks the methods. */
export function adminPolicyRoutes(deps: AdminDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/admin/organizations/:orgId/policy',
      {
        schema: {
          summary: "The organization's MFA policy",
          tags: [ADMIN_TAG],
          headers: AuthHeadersSchema,
          params: OrgParamsSchema,
          response: { 200: OrganizationPolicySchema, ...INPUT_ERRORS, 404: AdminErrorSchema },
        },
      },
      async (request) => readOrganizationPolicy(deps.db, callerOf(request), request.params.orgId),
    );

    app.put(
      '/api/admin/organizations/:orgId/policy',
      {
        schema: {
          summary: "Set the organization's MFA policy",
          tags: [ADMIN_TAG],
          headers: AuthHeadersSchema,
          params: OrgParamsSchema,
          body: PolicyBodySchema,
          response: { 200: OrganizationPolicySchema, ...INPUT_ERRORS, 404: AdminErrorSchema },
        },
      },
      async (request) => {
        const { reason, ...policy } = request.body;
        return writeOrganizationPolicy(deps, callerOf(request), { orgId: request.params.orgId, policy, reason });
      },
    );
  };
}
