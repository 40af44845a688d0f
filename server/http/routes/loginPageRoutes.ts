import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { renderHomePage } from '../../pages/homePage.js';
import { renderLoginPage } from '../../pages/loginPage.js';
import { clearCookie, readCookie } from '../../sessions/sessionCookies.js';
import {
  anonymousBindingOf,
  anonymousCsrf,
  followResult,
  formIsGenuine,
  pageMessages,
  redirectTo,
  refuseForm,
  REGISTER_PATH,
  sendPage,
  sessionCsrf,
  sessionToken,
  VERIFY_PATH,
  withSessionForm,
  type PageDeps,
} from './pageRequest.js';

const LoginForm = z.object({
  username: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(1024),
});

/** GET and POST /login, the signed-in landing page at /, sign-out and cancel. */
export function loginPageRoutes(deps: PageDeps): FastifyPluginAsync {
  const { signIn, settings } = deps;
  return async (app) => {
    app.get('/login', { schema: { hide: true } }, async (request, reply) => {
      if (await signIn.authenticate(sessionToken(request))) return redirectTo(reply, '/');
      const { error, notice } = pageMessages(request.query);
      return sendPage(reply, renderLoginPage({ portalName: settings.portalName, csrf: anonymousCsrf(deps, request, reply), error, notice }));
    });

    app.post('/login', { schema: { hide: true } }, async (request, reply) => {
      const binding = anonymousBindingOf(request);
      if (!binding || !formIsGenuine(deps, request, binding)) return refuseForm(deps, reply);
      const form = LoginForm.safeParse(request.body);
      if (!form.success) return redirectTo(reply, '/login', { error: 'invalid_credentials' });
      // Whatever this browser was in the middle of, or signed in as, ends with a new sign-in.
      const previous = sessionToken(request);
      if (previous) await signIn.signOut(previous, request.ip);
      const result = await signIn.password({ login: form.data.username, password: form.data.password, ip: request.ip, deviceToken: readCookie(request, 'device') });
      return followResult(deps, request, reply, result);
    });

    app.post('/login/cancel', { schema: { hide: true } }, async (request, reply) =>
      withSessionForm(deps, request, reply, async (_row, token) => {
        await signIn.cancel(token);
        clearCookie(reply, request, 'session');
        return redirectTo(reply, '/login');
      }),
    );

    app.post('/logout', { schema: { hide: true } }, async (request, reply) =>
      withSessionForm(deps, request, reply, async (_row, token) => {
        await signIn.signOut(token, request.ip);
        clearCookie(reply, request, 'session');
        return redirectTo(reply, '/login', { notice: 'signed_out' });
      }),
    );

    app.get('/', { schema: { hide: true } }, async (request, reply) => {
      const token = sessionToken(request);
      const signedIn = await signIn.authenticate(token);
      if (signedIn) {
        const s = signedIn.session;
        return sendPage(
          reply,
          renderHomePage({ portalName: settings.portalName, user: signedIn.user, method: s.method, idleSeconds: settings.sessionIdleSeconds, maxSeconds: settings.sessionMaxSeconds, csrf: sessionCsrf(deps, s) }),
        );
      }
      // A sign-in in progress goes back to its step; anything else to the login page.
      const pending = await signIn.context.sessions.find(token);
      if (pending?.stage === 'second_factor') return redirectTo(reply, VERIFY_PATH);
      if (pending?.stage === 'registration') return redirectTo(reply, REGISTER_PATH);
      return redirectTo(reply, '/login');
    });
  };
}
