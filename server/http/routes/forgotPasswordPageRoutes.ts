import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ResetResult } from '../../recovery/forgotPassword.js';
import { FORGOT_PATH, FORGOT_STEP_PATH, renderForgotPasswordStart, renderForgotPasswordStep, renderPasswordChanged } from '../../pages/forgotPasswordPages.js';
import { anonymousBindingOf, anonymousCsrf, formField, formIsGenuine, refuseForm, sendPage } from './pageRequest.js';
import { clearFlowCookie, flowCsrf, readFlowCookie, redirectWith, selfServiceMessages, setFlowCookie, withFlowForm, type SelfServicePageDeps } from './selfServicePageRequest.js';

const StartForm = z.object({ login: z.string().trim().min(1, 'Enter your email address or username.').max(254, 'An email address has at most 254 characters.') });
const CodeForm = z.object({ code: z.string().max(20).transform((s) => s.replace(/[\s-]/g, '')).pipe(z.string().regex(/^\d{6}$/, 'Enter the 6-digit code.')) });
const PasswordForm = z.object({ password: z.string().max(1024), confirmPassword: z.string().max(1024) });

/** Forgot or reset password (seed 003), pages under /login/forgot. */
export function forgotPasswordPageRoutes(deps: SelfServicePageDeps): FastifyPluginAsync {
  const { settings } = deps;
  const reset = deps.self.forgotPassword;
  const portalName = settings.portalName;

  /** Post/Redirect/Get: the next step's page, the same page with its problem, or the start again. */
  function follow(request: FastifyRequest, reply: FastifyReply, result: ResetResult): FastifyReply {
    switch (result.kind) {
      case 'step':
        if (result.token) setFlowCookie(reply, request, result.token.token);
        return redirectWith(reply, FORGOT_STEP_PATH, { notice: result.notice });
      case 'retry':
        return redirectWith(reply, FORGOT_STEP_PATH, { error: result.problem });
      case 'ended':
        clearFlowCookie(reply, request);
        return redirectWith(reply, FORGOT_PATH, { error: result.problem });
      case 'done':
        clearFlowCookie(reply, request);
        return redirectWith(reply, `${FORGOT_PATH}/done`);
    }
  }

  const step = (request: FastifyRequest, token: string) => ({ token, ip: request.ip, log: request.log });

  return async (app) => {
    app.get(FORGOT_PATH, { schema: { hide: true } }, async (request, reply) => {
      const { error, notice } = selfServiceMessages(request.query);
      return sendPage(reply, renderForgotPasswordStart({ portalName, csrf: anonymousCsrf(deps, request, reply), error, notice }));
    });

    app.post(FORGOT_PATH, { schema: { hide: true } }, async (request, reply) => {
      const binding = anonymousBindingOf(request);
      if (!binding || !formIsGenuine(deps, request, binding)) return refuseForm(deps, reply);
      const form = StartForm.safeParse({ login: formField(request, 'login') });
      if (!form.success) return redirectWith(reply, FORGOT_PATH, { error: 'login_needed' });
      // A reset started over replaces the one in progress.
      await reset.cancel(readFlowCookie(request));
      return follow(request, reply, await reset.start({ login: form.data.login, ip: request.ip, log: request.log }));
    });

    app.get(FORGOT_STEP_PATH, { schema: { hide: true } }, async (request, reply) => {
      const token = readFlowCookie(request);
      const result = token ? await reset.view(token) : null;
      if (!token || !result || result.kind !== 'step') {
        clearFlowCookie(reply, request);
        return redirectWith(reply, FORGOT_PATH, token ? { error: 'flow_expired' } : {});
      }
      const { error, notice } = selfServiceMessages(request.query);
      return sendPage(reply, renderForgotPasswordStep({ portalName, csrf: flowCsrf(deps, token), view: result.view, error, notice }));
    });

    const codeStep = (path: string, verify: (r: ReturnType<typeof step> & { code: string }) => Promise<ResetResult>) =>
      app.post(path, { schema: { hide: true } }, async (request, reply) =>
        withFlowForm(deps, request, reply, FORGOT_PATH, async (token) => {
          const form = CodeForm.safeParse({ code: formField(request, 'code') });
          // A code of the wrong shape is a slip of the finger, not a guess: ask again, nothing counted.
          if (!form.success) return redirectWith(reply, FORGOT_STEP_PATH, { error: 'code_needed' });
          return follow(request, reply, await verify({ ...step(request, token), code: form.data.code }));
        }),
      );
    const action = (path: string, run: (r: ReturnType<typeof step>) => Promise<ResetResult>) =>
      app.post(path, { schema: { hide: true } }, async (request, reply) =>
        withFlowForm(deps, request, reply, FORGOT_PATH, async (token) => follow(request, reply, await run(step(request, token)))),
      );

    codeStep(`${FORGOT_PATH}/email-code`, (r) => reset.verifyEmailCode(r));
    action(`${FORGOT_PATH}/resend`, (r) => reset.resendEmailCode(r));
    action(`${FORGOT_PATH}/phone/send`, (r) => reset.sendPhoneCode(r));
    action(`${FORGOT_PATH}/phone/resend`, (r) => reset.sendPhoneCode({ ...r, isResend: true }));
    action(`${FORGOT_PATH}/phone/call`, (r) => reset.callPhone(r));
    action(`${FORGOT_PATH}/phone/answered`, (r) => reset.checkCall(r));
    codeStep(`${FORGOT_PATH}/phone/code`, (r) => reset.verifyPhoneCode(r));

    // For call-wait.js: read-only, so a GET; the answer says only whether the call is over.
    app.get(`${FORGOT_PATH}/phone/call-status`, { schema: { hide: true } }, async (request, reply) =>
      reply.type('application/json').send({ ended: await reset.callHasEnded(readFlowCookie(request)) }),
    );

    app.post(`${FORGOT_PATH}/password`, { schema: { hide: true } }, async (request, reply) =>
      withFlowForm(deps, request, reply, FORGOT_PATH, async (token) => {
        const form = PasswordForm.safeParse({ password: formField(request, 'password'), confirmPassword: formField(request, 'confirmPassword') });
        if (!form.success) return redirectWith(reply, FORGOT_STEP_PATH, { error: 'password_too_long' });
        return follow(request, reply, await reset.setNewPassword({ ...step(request, token), ...form.data }));
      }),
    );

    app.post(`${FORGOT_PATH}/cancel`, { schema: { hide: true } }, async (request, reply) =>
      withFlowForm(deps, request, reply, FORGOT_PATH, async (token) => {
        await reset.cancel(token);
        clearFlowCookie(reply, request);
        return reply.redirect('/login', 303);
      }),
    );

    app.get(`${FORGOT_PATH}/done`, { schema: { hide: true } }, async (_request, reply) => sendPage(reply, renderPasswordChanged({ portalName })));
  };
}
