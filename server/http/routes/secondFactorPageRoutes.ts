import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { MFA_METHODS } from '../../domain/mfaMethods.js';
import { renderSecondFactorPage } from '../../pages/secondFactorPage.js';
import { clearCookie, readCookie } from '../../sessions/sessionCookies.js';
import { followResult, formField, pageMessages, redirectTo, REGISTER_PATH, sendPage, sessionCsrf, sessionToken, VERIFY_PATH, withSessionForm, type PageDeps } from './pageRequest.js';

const MethodField = z.enum(MFA_METHODS);
const isCode = (value: string) => /^\d{6}$/.test(value.replace(/[\s-]/g, ''));
const remembered = (value: string) => value === 'yes' || value === 'on';

/** The challenge pages under /login/verify: choose the login option, enter the code or answer the call. */
export function secondFactorPageRoutes(deps: PageDeps): FastifyPluginAsync {
  const { signIn, settings } = deps;
  return async (app) => {
    app.get(VERIFY_PATH, { schema: { hide: true } }, async (request, reply) => {
      const token = sessionToken(request);
      const row = await signIn.context.sessions.find(token);
      if (row?.stage === 'registration') return redirectTo(reply, REGISTER_PATH);
      if (row?.stage === 'signed_in') return redirectTo(reply, '/');
      const result = row ? await signIn.secondFactor.view(token) : null;
      if (!row || !result || result.kind !== 'pending') {
        clearCookie(reply, request, 'session');
        return redirectTo(reply, '/login', token ? { error: 'session_expired' } : {});
      }
      const { error, notice } = pageMessages(request.query);
      return sendPage(
        reply,
        renderSecondFactorPage({ portalName: settings.portalName, view: result.view, csrf: sessionCsrf(deps, row), error, notice, rememberHours: Math.round(settings.rememberMeSeconds / 3600) }),
      );
    });

    app.post(`${VERIFY_PATH}/method`, { schema: { hide: true } }, async (request, reply) =>
      withSessionForm(deps, request, reply, async (_row, token) => {
        const method = MethodField.safeParse(formField(request, 'method'));
        if (!method.success) return redirectTo(reply, VERIFY_PATH, { error: 'invalid_request' });
        const result = await signIn.secondFactor.choose({ token, ip: request.ip, log: request.log, method: method.data, deviceToken: readCookie(request, 'device') });
        return followResult(deps, request, reply, result);
      }),
    );

    app.post(`${VERIFY_PATH}/other`, { schema: { hide: true } }, async (request, reply) =>
      withSessionForm(deps, request, reply, async (_row, token) => followResult(deps, request, reply, await signIn.secondFactor.chooseAnother(token))),
    );

    app.post(VERIFY_PATH, { schema: { hide: true } }, async (request, reply) =>
      withSessionForm(deps, request, reply, async (_row, token) => {
        const code = formField(request, 'code');
        // A code of the wrong shape is a slip of the finger, not a guess: ask again without ending the sign-in.
        if (!isCode(code)) return redirectTo(reply, VERIFY_PATH, { error: 'code_needed' });
        const result = await signIn.secondFactor.verify({ token, ip: request.ip, log: request.log, code, remember: remembered(formField(request, 'remember')) });
        return followResult(deps, request, reply, result);
      }),
    );

    app.post(`${VERIFY_PATH}/resend`, { schema: { hide: true } }, async (request, reply) =>
      withSessionForm(deps, request, reply, async (_row, token) => followResult(deps, request, reply, await signIn.secondFactor.resend({ token, ip: request.ip, log: request.log }))),
    );

    app.post(`${VERIFY_PATH}/call`, { schema: { hide: true } }, async (request, reply) =>
      withSessionForm(deps, request, reply, async (_row, token) =>
        followResult(deps, request, reply, await signIn.secondFactor.checkCall({ token, ip: request.ip, log: request.log, remember: remembered(formField(request, 'remember')) })),
      ),
    );

    // For call-wait.js: read-only, so a GET; the answer says only whether the call is over.
    app.get(`${VERIFY_PATH}/call-status`, { schema: { hide: true } }, async (request, reply) => {
      const ended = await signIn.callHasEnded(sessionToken(request), 'second_factor');
      return reply.type('application/json').send({ ended: ended ?? true });
    });
  };
}
