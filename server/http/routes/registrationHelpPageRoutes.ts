import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { renderRegistrationDonePage } from '../../pages/completionLinkPages.js';
import { renderResetPage, renderTroublePage, RESET_PATH, TROUBLE_PATH } from '../../pages/registrationHelpPages.js';
import { anonymousBindingOf, anonymousCsrf, formField, formIsGenuine, refuseForm, sendPage } from './pageRequest.js';
import { linkBaseUrl, redirectWith, selfServiceMessages, type SelfServicePageDeps } from './selfServicePageRequest.js';

const ResetForm = z.object({ username: z.string().trim().min(1, 'Enter your username.').max(254) });
const TroubleForm = z.object({ login: z.string().trim().min(1, 'Enter your email address or username.').max(254), password: z.string().min(1, 'Enter your password.').max(1024) });

/** Seed 003's "Registration Error Message → Reset" (/register/reset) and "Having trouble logging in?" (/register/trouble). */
export function registrationHelpPageRoutes(deps: SelfServicePageDeps): FastifyPluginAsync {
  const { settings, self } = deps;
  const portalName = settings.portalName;
  return async (app) => {
    app.get(RESET_PATH, { schema: { hide: true } }, async (request, reply) => {
      const { error, notice } = selfServiceMessages(request.query);
      return sendPage(reply, renderResetPage({ portalName, csrf: anonymousCsrf(deps, request, reply), error, notice }));
    });

    app.post(RESET_PATH, { schema: { hide: true } }, async (request, reply) => {
      const binding = anonymousBindingOf(request);
      if (!binding || !formIsGenuine(deps, request, binding)) return refuseForm(deps, reply);
      const form = ResetForm.safeParse({ username: formField(request, 'username') });
      if (!form.success) return redirectWith(reply, RESET_PATH, { error: 'login_needed' });
      const result = await self.help.reset({ username: form.data.username, ip: request.ip, log: request.log, linkBaseUrl: linkBaseUrl(settings, request) });
      return redirectWith(reply, RESET_PATH, result.kind === 'problem' ? { error: result.problem } : { notice: 'reset_requested' });
    });

    app.get(TROUBLE_PATH, { schema: { hide: true } }, async (request, reply) => {
      const { error, notice } = selfServiceMessages(request.query);
      return sendPage(reply, renderTroublePage({ portalName, csrf: anonymousCsrf(deps, request, reply), error, notice }));
    });

    app.post(TROUBLE_PATH, { schema: { hide: true } }, async (request, reply) => {
      const binding = anonymousBindingOf(request);
      if (!binding || !formIsGenuine(deps, request, binding)) return refuseForm(deps, reply);
      const form = TroubleForm.safeParse({ login: formField(request, 'login'), password: formField(request, 'password') });
      if (!form.success) return redirectWith(reply, TROUBLE_PATH, { error: 'invalid_credentials' });
      const result = await self.help.resend({ ...form.data, ip: request.ip, log: request.log, linkBaseUrl: linkBaseUrl(settings, request) });
      switch (result.kind) {
        case 'sent':
          return redirectWith(reply, TROUBLE_PATH, { notice: 'link_sent' });
        case 'already_registered':
          return sendPage(reply, renderRegistrationDonePage({ portalName, signInToFinish: false }));
        case 'problem':
          if (result.retryAfterSeconds) reply.header('retry-after', String(result.retryAfterSeconds));
          return redirectWith(reply, TROUBLE_PATH, { error: result.problem });
      }
    });
  };
}
