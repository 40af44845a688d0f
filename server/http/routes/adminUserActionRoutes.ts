import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AdminDeps } from '../../admin/adminDeps.js';
import { AdminErrorSchema } from '../../admin/adminError.js';
import { resetMfaRegistration } from '../../admin/users/resetMfaRegistration.js';
import { sendRegistrationLink } from '../../admin/users/sendRegistrationLink.js';
import { unlockUser } from '../../admin/users/unlockUser.js';
import { userDetail } from '../../admin/users/userDetail.js';
import { callerOf, linkBaseUrl } from './adminAuth.js';
import {
  ADMIN_TAG,
  AuthHeadersSchema,
  INPUT_ERRORS,
  MfaResetResultSchema,
  OptionalReasonBodySchema,
  ReasonBodySchema,
  RegistrationLinkResultSchema,
  UserDetailSchema,
  UserParamsSchema,
} from './adminSchemas.js';

const ACTION_ERRORS = { ...INPUT_ERRORS, 404: AdminErrorSchema, 409: AdminErrorSchema, 503: AdminErrorSchema };

/** What an administrator does to one user: reset MFA, unlock, send a registration link. Each is audited with its reason. */
export function adminUserActionRoutes(deps: AdminDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/admin/users/:userId/mfa-reset',
      {
        schema: {
          summary: 'Reset MFA registration',
          description:
            'Seed 003 "Reset registration": removes every second factor, remembered browser, session and admin token of the user, and emails them a link to set MFA up again (they can also do it at their next sign-in). The reason goes to the audit log.',
          tags: [ADMIN_TAG],
          headers: AuthHeadersSchema,
          params: UserParamsSchema,
          body: ReasonBodySchema,
          response: { 200: MfaResetResultSchema, ...ACTION_ERRORS },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        const outcome = await resetMfaRegistration(deps, caller, { userId: request.params.userId, reason: request.body.reason, baseUrl: linkBaseUrl(deps, request) });
        const user = await userDetail(deps.db, caller, outcome.userId, deps.now());
        return { user, removedMethods: outcome.removedMethods, emailed: outcome.emailed, emailProblem: outcome.emailProblem };
      },
    );

    app.post(
      '/api/admin/users/:userId/unlock',
      {
        schema: {
          summary: 'Unlock a user',
          description: 'Ends a sign-in lockout and turns a locked account back to active. 409 when the account is not locked or is disabled.',
          tags: [ADMIN_TAG],
          headers: AuthHeadersSchema,
          params: UserParamsSchema,
          body: ReasonBodySchema,
          response: { 200: UserDetailSchema, ...ACTION_ERRORS },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        await unlockUser(deps, caller, { userId: request.params.userId, reason: request.body.reason });
        return userDetail(deps.db, caller, request.params.userId, deps.now());
      },
    );

    app.post(
      '/api/admin/users/:userId/registration-link',
      {
        schema: {
          summary: 'Email a registration link',
          description: 'Seed 003 "Having trouble": a single-use link, valid 20 minutes, to set up MFA. Only for users without a confirmed registration (409 otherwise); 503 when email cannot be sent.',
          tags: [ADMIN_TAG],
          headers: AuthHeadersSchema,
          params: UserParamsSchema,
          body: OptionalReasonBodySchema,
          response: { 200: RegistrationLinkResultSchema, ...ACTION_ERRORS },
        },
      },
      async (request) => {
        const sent = await sendRegistrationLink(deps, callerOf(request), { userId: request.params.userId, reason: request.body.reason, baseUrl: linkBaseUrl(deps, request) });
        return { sentTo: sent.sentTo, expiresAt: sent.expiresAt };
      },
    );
  };
}
