import type { SessionRow } from '../db/schema.js';
import { deleteOldCallRecords } from '../delivery/twilio/callKeyStore.js';
import type { MfaMethod } from '../domain/mfaMethods.js';
import { signInWithPassword, type PasswordAttempt } from './passwordStep.js';
import {
  checkRegistrationCall,
  chooseRegistrationMethod,
  confirmRegistration,
  resendRegistrationCode,
  submitPhone,
  viewRegistration,
} from './registrationStep.js';
import { callHasEnded, cancelPending, checkCall, chooseAnother, chooseMethod, resendCode, verifyCode, viewSecondFactor, type StepRequest } from './secondFactorStep.js';
import { createSignInContext, type SignInContext, type SignInDeps } from './signInContext.js';
import type { SignedInUser, SignInResult } from './signInResult.js';

export interface SignedInSession {
  session: SessionRow;
  user: SignedInUser;
}

/**
 * Sign-in as one object, the same for the pages and the JSON API: each call takes the token of the
 * sign-in in progress and answers where it stands next (SignInResult). Every step is in the database, so
 * consecutive calls may be served by different instances.
 */
export interface SignIn {
  readonly context: SignInContext;
  password(attempt: PasswordAttempt): Promise<SignInResult>;
  secondFactor: {
    view(token: unknown): Promise<SignInResult>;
    choose(r: StepRequest & { method: MfaMethod; deviceToken?: string | undefined }): Promise<SignInResult>;
    resend(r: StepRequest): Promise<SignInResult>;
    verify(r: StepRequest & { code: string; remember: boolean }): Promise<SignInResult>;
    checkCall(r: StepRequest & { remember: boolean }): Promise<SignInResult>;
    /** Back to the list of login options. */
    chooseAnother(token: unknown): Promise<SignInResult>;
  };
  registration: {
    view(token: unknown): Promise<SignInResult>;
    choose(r: StepRequest & { method: MfaMethod }): Promise<SignInResult>;
    phone(r: StepRequest & { phone: string; secondaryPhone?: string | undefined }): Promise<SignInResult>;
    resend(r: StepRequest): Promise<SignInResult>;
    confirm(r: StepRequest & { code: string }): Promise<SignInResult>;
    checkCall(r: StepRequest): Promise<SignInResult>;
    chooseAnother(token: unknown): Promise<SignInResult>;
  };
  /** For the waiting page's script; null when there is no call in progress. */
  callHasEnded(token: unknown, stage: 'second_factor' | 'registration'): Promise<boolean | null>;
  cancel(token: unknown): Promise<void>;
  /** The signed-in session a token names (sliding its idle expiry), or null. */
  authenticate(token: unknown): Promise<SignedInSession | null>;
  signOut(token: unknown, ip: string): Promise<void>;
  /** Deletes expired sessions, devices, codes and stale lockout rows; run now and then by any instance. */
  housekeeping(): Promise<void>;
}

export function createSignIn(deps: SignInDeps): SignIn {
  const ctx = createSignInContext(deps);
  return {
    context: ctx,
    password: (attempt) => signInWithPassword(ctx, attempt),
    secondFactor: {
      view: (token) => viewSecondFactor(ctx, token),
      choose: (r) => chooseMethod(ctx, r),
      resend: (r) => resendCode(ctx, r),
      verify: (r) => verifyCode(ctx, r),
      checkCall: (r) => checkCall(ctx, r),
      chooseAnother: (token) => chooseAnother(ctx, token, 'second_factor'),
    },
    registration: {
      view: (token) => viewRegistration(ctx, token),
      choose: (r) => chooseRegistrationMethod(ctx, r),
      phone: (r) => submitPhone(ctx, r),
      resend: (r) => resendRegistrationCode(ctx, r),
      confirm: (r) => confirmRegistration(ctx, r),
      checkCall: (r) => checkRegistrationCall(ctx, r),
      chooseAnother: (token) => chooseAnother(ctx, token, 'registration'),
    },
    callHasEnded: (token, stage) => callHasEnded(ctx, token, stage),
    cancel: (token) => cancelPending(ctx, token),

    async authenticate(token) {
      const found = await ctx.sessions.findWithUser(token);
      if (!found || found.row.stage !== 'signed_in') return null;
      const { row: session, user } = found;
      if (user.status !== 'active') {
        await ctx.sessions.remove(session.id);
        return null;
      }
      await ctx.sessions.touch(session, ctx.settings.sessionIdleSeconds);
      return { session, user: { id: user.id, username: user.username, name: user.name, email: user.email } };
    },

    async signOut(token, ip) {
      const session = await ctx.sessions.find(token);
      if (!session) return;
      await ctx.sessions.remove(session.id);
      if (session.stage === 'signed_in') await ctx.audit.record('logout', { userId: session.user_id, ip });
    },

    async housekeeping() {
      await ctx.sessions.deleteExpired();
      await ctx.devices.deleteExpired();
      await ctx.codes.deleteExpired();
      await ctx.throttle.deleteStale();
      await deleteOldCallRecords(ctx.db, ctx.now());
    },
  };
}
