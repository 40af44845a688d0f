import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AdminDeps } from '../../admin/adminDeps.js';
import { AdminErrorSchema } from '../../admin/adminError.js';
import { notifyPhaseMembers } from '../../admin/phases/notifyPhaseMembers.js';
import { loadPhase, loadPhases } from '../../admin/phases/phaseRows.js';
import { changePhaseMembers, createPhase, deletePhase, updatePhase } from '../../admin/phases/rolloutPhases.js';
import { EnforcementDateSchema } from '../../admin/policy/enforcementDate.js';
import { requireOrgInScope } from '../../admin/scope/requireInScope.js';
import { callerOf } from './adminAuth.js';
import { ADMIN_TAG, AuthHeadersSchema, INPUT_ERRORS, OrgParamsSchema, PhaseParamsSchema } from './adminSchemas.js';

const PhaseSchema = z
  .object({
    id: z.string(),
    organizationId: z.string(),
    name: z.string(),
    enforcementDate: z.string().nullable(),
    notifiedAt: z.string().nullable().meta({ description: 'When every member had been emailed the current date; null while some wait.' }),
    memberCount: z.number().int(),
    awaitingNotice: z.number().int().meta({ description: 'Members not yet emailed the current date (the next notify call sends up to 500).' }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'RolloutPhase' });
const NoticeSchema = z
  .object({ sent: z.number().int(), failed: z.number().int(), problem: z.string().nullable() })
  .meta({ id: 'PhaseNotice', description: 'Emails sent by this call to members not yet told the current date.' });
const PhaseWithNoticeSchema = z.object({ phase: PhaseSchema, notice: NoticeSchema }).meta({ id: 'RolloutPhaseChange' });

const PhaseName = z.string().trim().min(1, 'Give the phase a name.').max(100, 'Keep the phase name under 100 characters.');
const UserIds = (what: string) => z.array(z.string().min(1).max(100)).max(1000, `${what} at most 1,000 users per request.`);
const CreateBodySchema = z
  .object({ name: PhaseName, enforcementDate: EnforcementDateSchema.nullable().default(null), userIds: UserIds('Add').default([]) })
  .meta({ id: 'RolloutPhaseNew', description: 'Members with a date are emailed it at once.' });
const UpdateBodySchema = z
  .object({ name: PhaseName.optional(), enforcementDate: EnforcementDateSchema.nullable().optional().meta({ description: 'A new date is emailed to every member; null clears it.' }) })
  .meta({ id: 'RolloutPhaseUpdate' });
const MembersBodySchema = z
  .object({ add: UserIds('Add').default([]), remove: UserIds('Remove').default([]) })
  .meta({ id: 'RolloutPhaseMembers', description: 'A user is in at most one phase per organization: adding moves them from another.' });

const ERRORS = { ...INPUT_ERRORS, 404: AdminErrorSchema, 409: AdminErrorSchema };
const common = { tags: [ADMIN_TAG], headers: AuthHeadersSchema };

/**
 * Seed 002: MFA rolled out in phases, each a group of users with its own date, told by email. The
 * emails go after the change is committed; `notice` says how many left and what stopped the others.
 */
export function adminPhaseRoutes(deps: AdminDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/admin/organizations/:orgId/phases',
      { schema: { ...common, summary: 'Rollout phases', params: OrgParamsSchema, response: { 200: z.object({ phases: z.array(PhaseSchema) }), ...ERRORS } } },
      async (request) => {
        requireOrgInScope(callerOf(request), request.params.orgId);
        return { phases: await loadPhases(deps.db, request.params.orgId) };
      },
    );

    app.post(
      '/api/admin/organizations/:orgId/phases',
      { schema: { ...common, summary: 'Create a rollout phase', params: OrgParamsSchema, body: CreateBodySchema, response: { 201: PhaseWithNoticeSchema, ...ERRORS } } },
      async (request, reply) => {
        const caller = callerOf(request);
        const phase = await createPhase(deps, caller, { orgId: request.params.orgId, ...request.body });
        const notice = await notifyPhaseMembers(deps, caller, phase.id);
        return reply.code(201).send({ phase: await loadPhase(deps.db, phase.organizationId, phase.id), notice });
      },
    );

    app.get(
      '/api/admin/organizations/:orgId/phases/:phaseId',
      { schema: { ...common, summary: 'One rollout phase (its members: GET /api/admin/users?phaseId=…)', params: PhaseParamsSchema, response: { 200: PhaseSchema, ...ERRORS } } },
      async (request) => {
        requireOrgInScope(callerOf(request), request.params.orgId);
        return loadPhase(deps.db, request.params.orgId, request.params.phaseId);
      },
    );

    app.patch(
      '/api/admin/organizations/:orgId/phases/:phaseId',
      { schema: { ...common, summary: 'Rename a rollout phase or change its date', params: PhaseParamsSchema, body: UpdateBodySchema, response: { 200: PhaseWithNoticeSchema, ...ERRORS } } },
      async (request) => {
        const caller = callerOf(request);
        await updatePhase(deps, caller, { ...request.params, ...request.body });
        const notice = await notifyPhaseMembers(deps, caller, request.params.phaseId);
        return { phase: await loadPhase(deps.db, request.params.orgId, request.params.phaseId), notice };
      },
    );

    app.delete(
      '/api/admin/organizations/:orgId/phases/:phaseId',
      { schema: { ...common, summary: 'Delete a rollout phase', params: PhaseParamsSchema, response: { 204: z.null(), ...ERRORS } } },
      async (request, reply) => {
        await deletePhase(deps, callerOf(request), request.params);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/api/admin/organizations/:orgId/phases/:phaseId/members',
      { schema: { ...common, summary: 'Add users to a rollout phase, or take them out', params: PhaseParamsSchema, body: MembersBodySchema, response: { 200: PhaseWithNoticeSchema, ...ERRORS } } },
      async (request) => {
        const caller = callerOf(request);
        await changePhaseMembers(deps, caller, { ...request.params, ...request.body });
        const notice = await notifyPhaseMembers(deps, caller, request.params.phaseId);
        return { phase: await loadPhase(deps.db, request.params.orgId, request.params.phaseId), notice };
      },
    );

    app.post(
      '/api/admin/organizations/:orgId/phases/:phaseId/notify',
      { schema: { ...common, summary: 'Email the phase date to members not yet told', params: PhaseParamsSchema, response: { 200: PhaseWithNoticeSchema, ...ERRORS } } },
      async (request) => {
        const caller = callerOf(request);
        requireOrgInScope(caller, request.params.orgId);
        await loadPhase(deps.db, request.params.orgId, request.params.phaseId);
        const notice = await notifyPhaseMembers(deps, caller, request.params.phaseId);
        return { phase: await loadPhase(deps.db, request.params.orgId, request.params.phaseId), notice };
      },
    );
  };
}
