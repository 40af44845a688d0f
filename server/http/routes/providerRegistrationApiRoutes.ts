import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { fieldErrors, OrganizationFormSchema, ProviderDetailsSchema } from '../../enrollment/providerDetails.js';
import { TERMS_VERSION, termsOfUse } from '../../enrollment/termsOfUse.js';
import { maskEmail } from '../../auth/maskDestination.js';
import { SELF_SERVICE_NOTICES, SELF_SERVICE_PROBLEMS } from '../../recovery/selfServiceMessages.js';
import { linkBaseUrl } from './selfServicePageRequest.js';
import { bearerToken } from './signInApiRoutes.js';
import {
  DetailsBody,
  FlowHeaders,
  LinkBody,
  LinkPasswordBody,
  LinkPasswordStateSchema,
  LinkSentSchema,
  LinkStateSchema,
  MessageSchema,
  OrganizationBody,
  problemOf,
  ResendBody,
  ResendResultSchema,
  ResetBody,
  selfServiceError,
  SelfServiceErrorSchema,
  SessionHeaders,
  SignupStateSchema,
  TermsBody,
  TermsSchema,
} from './selfServiceApiSchemas.js';
import type { SelfServiceApiDeps } from './selfServiceRoutes.js';

const TAGS = ['registration'];
const ERRORS = { 400: SelfServiceErrorSchema, 401: SelfServiceErrorSchema, 429: SelfServiceErrorSchema };

/**
 * Seed 003's new-provider registration as JSON: organization (NPI + code) → details → the emailed link →
 * password → MFA registration through /api/auth/registration… → terms of use; and the two ways back in,
 * registration reset (by username) and "Having trouble" (email and password).
 */
export function providerRegistrationApiRoutes(deps: SelfServiceApiDeps): FastifyPluginAsyncZod {
  const { self, signIn, settings } = deps;
  return async (app) => {
    app.post(
      '/api/register/organization',
      {
        schema: {
          summary: 'New provider: NPI and provider registration code',
          description: 'A wrong pair counts against the client address like a wrong password (20 in 15 minutes lock it, 429).',
          tags: TAGS,
          body: OrganizationBody,
          response: { 200: SignupStateSchema, ...ERRORS },
        },
      },
      async (request, reply) => {
        const form = OrganizationFormSchema.safeParse(request.body);
        if (!form.success) {
          const npi = form.error.issues.some((i) => i.path[0] === 'npi');
          return reply.code(400).send(selfServiceError('InvalidInput', npi ? 'invalid_npi' : 'registration_code_needed'));
        }
        const result = await self.signup.verifyOrganization({ ...form.data, ip: request.ip, log: request.log });
        if (result.kind === 'problem') {
          if (result.problem === 'locked') return reply.code(429).header('retry-after', String(result.retryAfterSeconds ?? 60)).send(selfServiceError('TooManyRequests', 'locked'));
          return reply.code(400).send(selfServiceError('InvalidInput', result.problem));
        }
        return { flowToken: result.token.token, expiresAt: result.token.expiresAt, organizationName: result.view.organizationName, npi: result.view.npi };
      },
    );

    app.post(
      '/api/register/details',
      {
        schema: {
          summary: 'New provider: username and contact details',
          description:
            'Makes the account and emails a link valid 20 minutes. A username in use is refused (400, `fields.username`); an email address in use answers the same as a new one, and its owner is told by email instead.',
          tags: TAGS,
          headers: FlowHeaders,
          body: DetailsBody,
          response: { 200: LinkSentSchema, ...ERRORS },
        },
      },
      async (request, reply) => {
        const form = ProviderDetailsSchema.safeParse({ address1: '', address2: '', city: '', state: '', zip: '', phone: '', ...request.body });
        if (!form.success) return reply.code(400).send({ error: { code: 'InvalidInput' as const, message: 'Some fields need correcting.', fields: fieldErrors(form.error) } });
        const result = await self.signup.submitDetails({ token: bearerToken(request), ip: request.ip, log: request.log, details: form.data, linkBaseUrl: linkBaseUrl(settings, request) });
        if (result.kind === 'invalid') return reply.code(400).send({ error: { code: 'InvalidInput' as const, message: 'Some fields need correcting.', fields: result.fields } });
        if (result.kind === 'ended') return reply.code(401).send(selfServiceError('Unauthenticated', result.problem));
        return { status: 'link_sent' as const, sentTo: maskEmail(result.email) };
      },
    );

    app.post(
      '/api/register/link',
      {
        schema: {
          summary: 'Open an emailed registration link (uses it up)',
          description: 'Answers a flow token and whether to create a password (a new provider) or enter the existing one. 410 for an expired, used or unknown link.',
          tags: TAGS,
          body: LinkBody,
          response: { 200: LinkStateSchema, 410: SelfServiceErrorSchema, ...ERRORS },
        },
      },
      async (request, reply) => {
        const result = await self.link.open({ linkToken: request.body.token, ip: request.ip });
        if (result.kind === 'invalid') return reply.code(410).send(selfServiceError('Gone', 'link_invalid'));
        if (result.kind === 'already_registered') return { status: 'already_registered' as const };
        return { status: result.view.step, flowToken: result.token.token, expiresAt: result.token.expiresAt, username: result.view.username, passwordRules: [...result.view.passwordRules] };
      },
    );

    app.post(
      '/api/register/password',
      {
        schema: {
          summary: 'After the link: create or enter the password',
          description: '`register_mfa` answers a `loginToken` for /api/auth/registration… (choose and prove a method; that signs in). Then accept the terms (POST /api/register/terms).',
          tags: TAGS,
          headers: FlowHeaders,
          body: LinkPasswordBody,
          response: { 200: LinkPasswordStateSchema, ...ERRORS },
        },
      },
      async (request, reply) => {
        const result = await self.link.submitPassword({ token: bearerToken(request), ip: request.ip, log: request.log, password: request.body.password, confirmPassword: request.body.confirmPassword ?? '' });
        switch (result.kind) {
          case 'registration':
            return { status: 'register_mfa' as const, loginToken: result.session.token, expiresAt: result.session.expiresAt };
          case 'sign_in':
            return { status: 'sign_in' as const };
          case 'retry':
            return { status: 'retry' as const, problem: problemOf(result.problem) };
          case 'ended':
            if (result.problem === 'locked') return reply.code(429).header('retry-after', String(result.retryAfterSeconds ?? 900)).send(selfServiceError('TooManyRequests', 'locked'));
            return reply.code(401).send(selfServiceError('Unauthenticated', result.problem));
        }
      },
    );

    app.get(
      '/api/register/terms',
      { schema: { summary: 'The terms of use, and whether this user must still accept them', tags: TAGS, headers: SessionHeaders, response: { 200: TermsSchema, 401: SelfServiceErrorSchema } } },
      async (request, reply) => {
        const signedIn = await signIn.authenticate(bearerToken(request));
        if (!signedIn) return reply.code(401).send(selfServiceError('Unauthenticated', 'not_signed_in'));
        return { version: TERMS_VERSION, ...termsOfUse(settings.portalName), required: await self.termsPending(signedIn.user.id) };
      },
    );

    app.post(
      '/api/register/terms',
      { schema: { summary: 'Accept the terms of use (completes a new provider’s registration)', tags: TAGS, headers: SessionHeaders, body: TermsBody, response: { 200: TermsSchema, ...ERRORS } } },
      async (request, reply) => {
        const signedIn = await signIn.authenticate(bearerToken(request));
        if (!signedIn) return reply.code(401).send(selfServiceError('Unauthenticated', 'not_signed_in'));
        await self.acceptTerms({ userId: signedIn.user.id, ip: request.ip });
        return { version: TERMS_VERSION, ...termsOfUse(settings.portalName), required: await self.termsPending(signedIn.user.id) };
      },
    );

    app.post(
      '/api/register/reset',
      {
        schema: {
          summary: 'Registration error: email a new completion link to a username',
          description: 'Always 202 with the same words, whether or not the username exists or needs a link. At most 10 per client address in 15 minutes (429).',
          tags: TAGS,
          body: ResetBody,
          response: { 202: MessageSchema, ...ERRORS },
        },
      },
      async (request, reply) => {
        const result = await self.help.reset({ username: request.body.username, ip: request.ip, log: request.log, linkBaseUrl: linkBaseUrl(settings, request) });
        if (result.kind === 'problem') return reply.code(429).send(selfServiceError('TooManyRequests', result.problem));
        return reply.code(202).send({ message: SELF_SERVICE_NOTICES.reset_requested });
      },
    );

    app.post(
      '/api/register/resend-link',
      {
        schema: {
          summary: 'Having trouble: email a new completion link (email or username, and password)',
          description: 'The password counts toward the sign-in lockout. `already_registered`: sign in instead.',
          tags: TAGS,
          body: ResendBody,
          response: { 200: ResendResultSchema, 503: SelfServiceErrorSchema, ...ERRORS },
        },
      },
      async (request, reply) => {
        const result = await self.help.resend({ ...request.body, ip: request.ip, log: request.log, linkBaseUrl: linkBaseUrl(settings, request) });
        switch (result.kind) {
          case 'sent':
            return { status: 'link_sent' as const, sentTo: result.to, expiresAt: result.expiresAt, message: SELF_SERVICE_NOTICES.link_sent };
          case 'already_registered':
            return { status: 'already_registered' as const, message: SELF_SERVICE_PROBLEMS.already_registered };
          case 'problem':
            if (result.problem === 'locked' || result.problem === 'too_many_links') {
              if (result.retryAfterSeconds) reply.header('retry-after', String(result.retryAfterSeconds));
              return reply.code(429).send(selfServiceError('TooManyRequests', result.problem));
            }
            if (result.problem === 'delivery_failed') return reply.code(503).send(selfServiceError('Unavailable', result.problem));
            return reply.code(401).send(selfServiceError('Unauthenticated', result.problem));
        }
      },
    );
  };
}
