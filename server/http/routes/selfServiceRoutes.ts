import type { FastifyPluginAsync } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AuthSettings } from '../../auth/authSettings.js';
import type { SignIn } from '../../auth/signIn.js';
import type { SelfService } from '../../enrollment/selfService.js';
import { forgotPasswordApiRoutes } from './forgotPasswordApiRoutes.js';
import { forgotPasswordPageRoutes } from './forgotPasswordPageRoutes.js';
import { providerRegistrationApiRoutes } from './providerRegistrationApiRoutes.js';
import { providerRegistrationPageRoutes } from './providerRegistrationPageRoutes.js';
import { registrationHelpPageRoutes } from './registrationHelpPageRoutes.js';
import type { SelfServicePageDeps } from './selfServicePageRequest.js';

/** The self-service pages: /login/forgot…, /register… (registered in sign-in's pages scope, with its cookies and CSRF). */
export function selfServicePageRoutes(deps: SelfServicePageDeps): FastifyPluginAsync {
  return async (app) => {
    await app.register(forgotPasswordPageRoutes(deps));
    await app.register(providerRegistrationPageRoutes(deps));
    await app.register(registrationHelpPageRoutes(deps));
  };
}

export interface SelfServiceApiDeps {
  signIn: SignIn;
  self: SelfService;
  settings: AuthSettings;
}

/** The same flows as JSON (/api/auth/password-reset…, /api/register…): bearer tokens, no cookies, so no CSRF. */
export function selfServiceApiRoutes(deps: SelfServiceApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(forgotPasswordApiRoutes(deps));
    await app.register(providerRegistrationApiRoutes(deps));
  };
}
