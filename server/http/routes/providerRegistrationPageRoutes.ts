import type { FastifyPluginAsync, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { z } from 'zod';
import { fieldErrors, OrganizationFormSchema, PROVIDER_DETAILS_FIELDS, ProviderDetailsSchema, type ProviderDetailsField } from '../../enrollment/providerDetails.js';
import { LINK_PASSWORD_PATH, LINK_PATH, renderLinkPage, renderLinkPasswordPage, renderRegistrationDonePage } from '../../pages/completionLinkPages.js';
import { REGISTER_START_PATH, renderDetailsPage, renderLinkSentPage, renderOrganizationPage } from '../../pages/providerRegistrationPages.js';
import { renderTermsPage, TERMS_PATH } from '../../pages/termsPage.js';
import { SELF_SERVICE_PROBLEMS } from '../../recovery/selfServiceMessages.js';
import { setCookie } from '../../sessions/sessionCookies.js';
import { anonymousBindingOf, anonymousCsrf, formField, formIsGenuine, REGISTER_PATH, refuseForm, sendPage, sessionCsrf, sessionToken, withSessionForm } from './pageRequest.js';
import { clearFlowCookie, flowCsrf, linkBaseUrl, readFlowCookie, redirectWith, selfServiceMessages, setFlowCookie, withFlowForm, type SelfServicePageDeps } from './selfServicePageRequest.js';

const DETAILS_PATH = `${REGISTER_START_PATH}/details`;
const LinkQuery = z.object({ token: z.string().max(100).optional() });
const PasswordForm = z.object({ password: z.string().max(1024), confirmPassword: z.string().max(1024) });

/**
 * Seed 003's new-provider registration: /register (NPI and provider registration code), /register/details
 * (username and contact details), the emailed link at /register/link, /register/password, then sign-in's
 * MFA registration pages (/login/register), and /register/terms once signed in.
 */
export function providerRegistrationPageRoutes(deps: SelfServicePageDeps): FastifyPluginAsync {
  const { settings, self, signIn } = deps;
  const portalName = settings.portalName;

  /** The details form's fields as posted, for showing them again beside their problems. */
  const postedDetails = (request: FastifyRequest) =>
    Object.fromEntries(PROVIDER_DETAILS_FIELDS.map((f) => [f, formField(request, f).slice(0, 254)])) as Record<ProviderDetailsField, string>;

  return async (app) => {
    app.get(REGISTER_START_PATH, { schema: { hide: true } }, async (request, reply) => {
      const { error, notice } = selfServiceMessages(request.query);
      return sendPage(reply, renderOrganizationPage({ portalName, csrf: anonymousCsrf(deps, request, reply), error, notice }));
    });

    app.post(REGISTER_START_PATH, { schema: { hide: true } }, async (request, reply) => {
      const binding = anonymousBindingOf(request);
      if (!binding || !formIsGenuine(deps, request, binding)) return refuseForm(deps, reply);
      const form = OrganizationFormSchema.safeParse({ npi: formField(request, 'npi'), registrationCode: formField(request, 'registrationCode') });
      if (!form.success) {
        const npiProblem = form.error.issues.some((i) => i.path[0] === 'npi');
        return redirectWith(reply, REGISTER_START_PATH, { error: npiProblem ? 'invalid_npi' : 'registration_code_needed' });
      }
      await self.signup.cancel(readFlowCookie(request));
      const result = await self.signup.verifyOrganization({ ...form.data, ip: request.ip, log: request.log });
      if (result.kind === 'problem') return redirectWith(reply, REGISTER_START_PATH, { error: result.problem });
      setFlowCookie(reply, request, result.token.token);
      return redirectWith(reply, DETAILS_PATH);
    });

    app.get(DETAILS_PATH, { schema: { hide: true } }, async (request, reply) => {
      const token = readFlowCookie(request);
      const view = token ? await self.signup.view(token) : null;
      if (!token || !view) return redirectWith(reply, REGISTER_START_PATH, token ? { error: 'flow_expired' } : {});
      return sendPage(reply, renderDetailsPage({ portalName, csrf: flowCsrf(deps, token), view, values: {}, errors: {} }));
    });

    app.post(DETAILS_PATH, { schema: { hide: true } }, async (request, reply) =>
      withFlowForm(deps, request, reply, REGISTER_START_PATH, async (token) => {
        const view = await self.signup.view(token);
        if (!view) return redirectWith(reply, REGISTER_START_PATH, { error: 'flow_expired' });
        const values = postedDetails(request);
        const again = (errors: Partial<Record<ProviderDetailsField, string>>) =>
          sendPage(reply, renderDetailsPage({ portalName, csrf: flowCsrf(deps, token), view, values, errors }), 400);
        const form = ProviderDetailsSchema.safeParse(values);
        if (!form.success) return again(fieldErrors(form.error));
        const result = await self.signup.submitDetails({ token, ip: request.ip, log: request.log, details: form.data, linkBaseUrl: linkBaseUrl(settings, request) });
        if (result.kind === 'invalid') return again(result.fields);
        clearFlowCookie(reply, request);
        if (result.kind === 'ended') return redirectWith(reply, REGISTER_START_PATH, { error: result.problem });
        // Shown in answer to the post: the address typed is on no page anyone else can load.
        return sendPage(reply, renderLinkSentPage({ portalName, email: result.email }));
      }),
    );

    app.post(`${REGISTER_START_PATH}/cancel`, { schema: { hide: true } }, async (request, reply) =>
      withFlowForm(deps, request, reply, REGISTER_START_PATH, async (token) => {
        await self.signup.cancel(token);
        clearFlowCookie(reply, request);
        return reply.redirect('/login', 303);
      }),
    );

    // The emailed link: GET shows Continue and spends nothing; POST spends the link.
    app.get(LINK_PATH, { schema: { hide: true } }, async (request, reply) => {
      const query = LinkQuery.safeParse(request.query);
      const token = query.success ? query.data.token : undefined;
      const live = token ? await self.link.peek(token) : null;
      return sendPage(reply, renderLinkPage({ portalName, csrf: anonymousCsrf(deps, request, reply), linkToken: live ? (token ?? null) : null, error: null }), live ? 200 : 410);
    });

    app.post(LINK_PATH, { schema: { hide: true } }, async (request, reply) => {
      const binding = anonymousBindingOf(request);
      if (!binding || !formIsGenuine(deps, request, binding)) return refuseForm(deps, reply);
      const result = await self.link.open({ linkToken: formField(request, 'token').slice(0, 100), ip: request.ip });
      switch (result.kind) {
        case 'invalid':
          return sendPage(reply, renderLinkPage({ portalName, csrf: '', linkToken: null, error: SELF_SERVICE_PROBLEMS.link_invalid }), 410);
        case 'already_registered':
          return sendPage(reply, renderRegistrationDonePage({ portalName, signInToFinish: false }));
        case 'step':
          setFlowCookie(reply, request, result.token.token);
          return redirectWith(reply, LINK_PASSWORD_PATH);
      }
    });

    app.get(LINK_PASSWORD_PATH, { schema: { hide: true } }, async (request, reply) => {
      const token = readFlowCookie(request);
      const view = token ? await self.link.view(token) : null;
      if (!token || !view) return sendPage(reply, renderLinkPage({ portalName, csrf: '', linkToken: null, error: SELF_SERVICE_PROBLEMS.flow_expired }), 410);
      const { error } = selfServiceMessages(request.query);
      return sendPage(reply, renderLinkPasswordPage({ portalName, csrf: flowCsrf(deps, token), view, error }));
    });

    app.post(LINK_PASSWORD_PATH, { schema: { hide: true } }, async (request, reply) =>
      withFlowForm(deps, request, reply, LINK_PASSWORD_PATH, async (token) => {
        const form = PasswordForm.safeParse({ password: formField(request, 'password'), confirmPassword: formField(request, 'confirmPassword') });
        if (!form.success) return redirectWith(reply, LINK_PASSWORD_PATH, { error: 'password_too_long' });
        const result = await self.link.submitPassword({ token, ip: request.ip, log: request.log, ...form.data });
        switch (result.kind) {
          case 'retry':
            return redirectWith(reply, LINK_PASSWORD_PATH, { error: result.problem });
          case 'ended':
            clearFlowCookie(reply, request);
            return sendPage(reply, renderLinkPage({ portalName, csrf: '', linkToken: null, error: SELF_SERVICE_PROBLEMS[result.problem] }), 410);
          case 'sign_in':
            clearFlowCookie(reply, request);
            return sendPage(reply, renderRegistrationDonePage({ portalName, signInToFinish: true }));
          case 'registration':
            // Sign-in's registration pages take over, with the pending sign-in this made.
            clearFlowCookie(reply, request);
            setCookie(reply, request, 'session', result.session.token, null);
            return reply.redirect(REGISTER_PATH, 303);
        }
      }),
    );

    app.get(TERMS_PATH, { schema: { hide: true } }, async (request, reply) => {
      const signedIn = await signIn.authenticate(sessionToken(request));
      if (!signedIn) return reply.redirect('/login', 303);
      if (!(await self.termsPending(signedIn.user.id))) return reply.redirect('/', 303);
      const { error } = selfServiceMessages(request.query);
      return sendPage(reply, renderTermsPage({ portalName, csrf: sessionCsrf(deps, signedIn.session), error }));
    });

    app.post(TERMS_PATH, { schema: { hide: true } }, async (request, reply) =>
      withSessionForm(deps, request, reply, async (row) => {
        if (row.stage !== 'signed_in') return reply.redirect('/login', 303);
        if (formField(request, 'agree') !== 'yes') return redirectWith(reply, TERMS_PATH, { error: 'terms_needed' });
        await self.acceptTerms({ userId: row.user_id, ip: request.ip });
        return reply.redirect('/', 303);
      }),
    );
  };
}

/**
 * The portal's pages behind sign-in wait until a new provider has accepted the terms of use (seed 003:
 * after MFA registration, "you will need to read and agree to the Terms of Use"). Added to the pages'
 * scope by signInRoutes, so it covers the home page that sign-in's own routes serve.
 */
export function termsOfUseGate(deps: SelfServicePageDeps): preHandlerAsyncHookHandler {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.method !== 'GET' || request.routeOptions.url !== '/') return;
    const signedIn = await deps.signIn.authenticate(sessionToken(request));
    if (signedIn && (await deps.self.termsPending(signedIn.user.id))) return reply.redirect(TERMS_PATH, 303);
    return undefined;
  };
}
