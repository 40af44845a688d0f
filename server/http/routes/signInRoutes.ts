import fastifyCookie from '@fastify/cookie';
import formBody from '@fastify/formbody';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { createSignIn, type SignIn } from '../../auth/signIn.js';
import type { SignInDeps } from '../../auth/signInContext.js';
import { createSelfService } from '../../enrollment/selfService.js';
import { createCsrfTokens } from '../../sessions/csrfTokens.js';
import { loginPageRoutes } from './loginPageRoutes.js';
import { portalAssetRoutes } from './portalAssetRoutes.js';
import { registrationPageRoutes } from './registrationPageRoutes.js';
import { secondFactorPageRoutes } from './secondFactorPageRoutes.js';
import { termsOfUseGate } from './providerRegistrationPageRoutes.js';
import { selfServiceApiRoutes, selfServicePageRoutes } from './selfServiceRoutes.js';
import { signInApiRoutes } from './signInApiRoutes.js';

// Expired sessions, devices and codes are swept now and then; any instance may do it, twice is harmless.
const HOUSEKEEPING_EVERY_MS = 10 * 60 * 1000;

/**
 * Sign-in: the JSON API under /api/auth (bearer tokens, JSON bodies only) and the pages under /login
 * (cookies, form posts with CSRF tokens), in scopes of their own so the cookie and form parsers reach only
 * the pages. `signIn` is exposed for the routes of other parts (the admin API authenticates with it).
 */
export function signInRoutes(deps: SignInDeps, options: { onSignIn?: (signIn: SignIn) => void } = {}): FastifyPluginAsync {
  return async (app) => {
    const signIn = createSignIn(deps);
    options.onSignIn?.(signIn);
    // Forgotten password and registration (server/recovery, server/enrollment), on sign-in's services.
    const self = createSelfService(signIn.context, (error) => app.log.warn({ err: error }, 'self-service work after an answer failed'));
    app.addHook('onClose', async () => self.settle());

    await app.register(async (api) => {
      await api.withTypeProvider<ZodTypeProvider>().register(signInApiRoutes(signIn, { termsPending: (userId) => self.termsPending(userId) }));
      await api.withTypeProvider<ZodTypeProvider>().register(selfServiceApiRoutes({ signIn, self, settings: deps.settings }));
    });

    await app.register(async (pages) => {
      await pages.register(fastifyCookie);
      if (!pages.hasContentTypeParser('application/x-www-form-urlencoded')) await pages.register(formBody);
      const pageDeps = { signIn, csrf: createCsrfTokens(deps.keys), settings: deps.settings };
      await pages.register(portalAssetRoutes);
      const selfServiceDeps = { ...pageDeps, self };
      pages.addHook('preHandler', termsOfUseGate(selfServiceDeps));
      await pages.register(selfServicePageRoutes(selfServiceDeps));
      await pages.register(loginPageRoutes(pageDeps));
      await pages.register(secondFactorPageRoutes(pageDeps));
      await pages.register(registrationPageRoutes(pageDeps));
    });

    const timer = setInterval(() => {
      signIn.housekeeping().catch((error: unknown) => app.log.warn({ err: error }, 'sign-in housekeeping failed'));
      self.housekeeping().catch((error: unknown) => app.log.warn({ err: error }, 'self-service housekeeping failed'));
    }, HOUSEKEEPING_EVERY_MS);
    timer.unref();
    app.addHook('onClose', async () => clearInterval(timer));
  };
}
