import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { MFA_METHODS } from '../../domain/mfaMethods.js';
import { renderRegistrationPage } from '../../pages/registrationPage.js';
import { clearCookie } from '../../sessions/sessionCookies.js';
import { followResult, formField, pageMessages, redirectTo, REGISTER_PATH, sendPage, sessionCsrf, sessionToken, VERIFY_PATH, withSessionForm, type PageDeps } from './pageRequest.js';

const MethodField = z.enum(MFA_METHODS);

/** First-time MFA registration pages under /login/register. */
export function registrationPageRoutes(deps: PageDeps): FastifyPluginAsync {
  const { signIn, settings } = deps;
  return async (app) => {
    app.get(REGISTER_PATH, { schema: { hide: true } }, async (request, reply) => {
      const token = sessionToken(request);
      const row = await signIn.context.sessions.find(token);
      if (row?.stage === 'second_factor') return redirectTo(reply, VERIFY_PATH);
      if (row?.stage === 'signed_in') return redirectTo(reply, '/');
      const result = row ? await signIn.registration.view(token) : null;
      if (!row || !result || result.kind !== 'pending') {
        clearCookie(reply, request, 'session');
        return redirectTo(reply, '/login', token ? { error: 'session_expired' } : {});
      }
      const { error, notice } = pageMessages(request.query);
      return sendPage(reply, renderRegistrationPage({ portalName: settings.portalName, view: result.view, csrf: sessionCsrf(deps, row), error, notice }));
    });

    app.post(`${REGISTER_PATH}/method`, { schema: { hide: true } }, async (request, reply) =>
      withSessionForm(deps, request, reply, async (_row, token) => {
        const method = MethodField.safeParse(formField(request, 'method'));
        if (!method.success) return redirectTo(reply, REGISTER_PATH, { error: 'invalid_request' });
        return followResult(deps, request, reply, await signIn.registration.choose({ token, ip: request.ip, log: request.log, method: method.data }));
      }),
    );

    app.post(`${REGISTER_PATH}/other`, { schema: { hide: true } }, async (request, reply) =>
      withSessionForm(deps, request, reply, async (_row, token) => followResult(deps, request, reply, await signIn.registration.chooseAnother(token))),
    );

    app.post(`${REGISTER_PATH}/phone`, { schema: { hide: true } }, async (request, reply) =>
      withSessionForm(deps, request, reply, async (_row, token) => {
        const phone = formField(request, 'phone').slice(0, 40);
        const secondaryPhone = formField(request, 'secondaryPhone').slice(0, 40);
        return followResult(deps, request, reply, await signIn.registration.phone({ token, ip: request.ip, log: request.log, phone, secondaryPhone }));
      }),
    );

    app.post(`${REGISTER_PATH}/verify`, { schema: { hide: true } }, async (request, reply) =>
      withSessionForm(deps, request, reply, async (_row, token) => {
        const code = formField(request, 'code');
        if (!/^\d{6}$/.test(code.replace(/[\s-]/g, ''))) return redirectTo(reply, REGISTER_PATH, { error: 'code_needed' });
        return followResult(deps, request, reply, await signIn.registration.confirm({ token, ip: request.ip, log: request.log, code }));
      }),
    );

    app.post(`${REGISTER_PATH}/resend`, { schema: { hide: true } }, async (request, reply) =>
      withSessionForm(deps, request, reply, async (_row, token) => followResult(deps, request, reply, await signIn.registration.resend({ token, ip: request.ip, log: request.log }))),
    );

    app.post(`${REGISTER_PATH}/call`, { schema: { hide: true } }, async (request, reply) =>
      withSessionForm(deps, request, reply, async (_row, token) => followResult(deps, request, reply, await signIn.registration.checkCall({ token, ip: request.ip, log: request.log }))),
    );

    app.get(`${REGISTER_PATH}/call-status`, { schema: { hide: true } }, async (request, reply) => {
      const ended = await signIn.callHasEnded(sessionToken(request), 'registration');
      return reply.type('application/json').send({ ended: ended ?? true });
    });
  };
}
