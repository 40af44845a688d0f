import type { SignInContext } from '../auth/signInContext.js';
import { createForgotPassword, type ForgotPassword } from '../recovery/forgotPassword.js';
import { createSelfServiceContext, type SelfServiceContext } from '../recovery/selfServiceContext.js';
import { acceptTermsOfUse, createCompletionLink, type CompletionLink } from './completionLink.js';
import { createProviderSignup, type ProviderSignup } from './providerSignup.js';
import { createRegistrationHelp, type RegistrationHelp } from './registrationHelp.js';
import { termsPending } from './termsOfUse.js';

/**
 * Forgotten password, new-provider registration, the emailed completion link, registration reset and
 * "Having trouble", as one object for the pages and the JSON API, built on sign-in's services.
 */
export interface SelfService {
  readonly context: SelfServiceContext;
  forgotPassword: ForgotPassword;
  signup: ProviderSignup;
  link: CompletionLink;
  help: RegistrationHelp;
  termsPending(userId: string): Promise<boolean>;
  acceptTerms(input: { userId: string; ip: string }): Promise<boolean>;
  /** Deletes expired flows; run now and then by any instance. */
  housekeeping(): Promise<void>;
  /** Resolves once the work deferred past answers so far has finished (shutdown, tests). */
  settle(): Promise<void>;
}

/** `onDeferredError` hears of failures of work done after an answer went out (nobody else would). */
export function createSelfService(signIn: SignInContext, onDeferredError: (error: unknown) => void): SelfService {
  const inFlight = new Set<Promise<void>>();
  const defer = (job: () => Promise<void>) => {
    // After the answer: setImmediate lets the reply go out first, so the job's time is not the request's.
    const run = new Promise<void>((resolve) => setImmediate(resolve)).then(job).catch(onDeferredError);
    inFlight.add(run);
    void run.finally(() => inFlight.delete(run));
  };
  const context = createSelfServiceContext(signIn, defer);
  return {
    context,
    forgotPassword: createForgotPassword(context),
    signup: createProviderSignup(context),
    link: createCompletionLink(context),
    help: createRegistrationHelp(context),
    termsPending: (userId) => termsPending(signIn.db, userId),
    acceptTerms: (input) => acceptTermsOfUse(context, input),
    housekeeping: async () => {
      await context.flows.deleteExpired();
    },
    async settle() {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
  };
}
