import { createHash } from 'node:crypto';
import type { UserRow } from '../db/schema.js';
import { MFA_METHODS, type MfaMethod } from '../domain/mfaMethods.js';
import type { IssuedToken } from '../auth/rememberedDevices.js';
import { mfaRequirement } from '../auth/mfaRequirement.js';
import { loadConfirmedRegistrations, loadPolicies } from '../auth/signInFacts.js';
import type { SignInContext } from '../auth/signInContext.js';
import { addressThrottleKey, userThrottleKey, type ThrottleKey, type UserThrottleKey } from '../security/throttleKeys.js';

/**
 * Where a user stands with MFA: `registered` when they have a method their organizations accept now;
 * otherwise the methods they may register. New providers register MFA as part of registering (seed 003)
 * even where their organization does not enforce it yet: they get its allowed methods then.
 */
export async function registrationOptions(ctx: SignInContext, userId: string): Promise<{ registered: true } | { registered: false; options: MfaMethod[] }> {
  const [policies, registrations] = await Promise.all([loadPolicies(ctx.db, userId), loadConfirmedRegistrations(ctx.db, userId)]);
  const requirement = mfaRequirement(
    policies,
    registrations.map((r) => r.method),
    ctx.now(),
  );
  if (requirement.kind === 'challenge') return { registered: true };
  if (requirement.kind === 'register') return { registered: false, options: requirement.allowed };
  const allowed = policies.flatMap((p) => (p.methodChoice === 'fixed' && p.fixedMethod ? [p.fixedMethod] : p.allowedMethods));
  const options = MFA_METHODS.filter((m) => allowed.includes(m));
  return { registered: false, options: options.length > 0 ? options : [...MFA_METHODS] };
}

/**
 * Starts the MFA registration step of sign-in for a user who proved who they are another way (an emailed
 * link and their password): the same pending session the password step makes, so sign-in's registration
 * pages and API (`/login/register`, `/api/auth/registration`) take it from here and sign the user in.
 */
export async function startMfaRegistration(ctx: SignInContext, user: UserRow, options: MfaMethod[], ip: string): Promise<IssuedToken> {
  const s = ctx.settings;
  const created = await ctx.sessions.create(
    { userId: user.id, stage: 'registration', method: null, state: { options, wrongTries: 0 }, ip },
    { idleSeconds: s.pendingSeconds, absoluteSeconds: s.pendingSeconds },
  );
  return { token: created.token, expiresAt: created.row.expires_at };
}

export type PasswordCheck = { ok: true } | { ok: false; problem: 'invalid_credentials' | 'locked'; retryAfterSeconds?: number };

/**
 * A password typed outside the login page ("Having trouble", an emailed link): the same lockout keys,
 * the same Argon2id time for a name that matches nobody, and the same counts as the login page, so
 * neither page is a side door for guessing.
 */
export async function checkAccountPassword(ctx: SignInContext, input: { user: UserRow | undefined; login: string; password: string; ip: string }): Promise<PasswordCheck & { newlyLocked?: ThrottleKey[] }> {
  const accountKey: UserThrottleKey = input.user ? userThrottleKey(input.user.id) : unknownLoginKey(input.login);
  const keys: ThrottleKey[] = [accountKey, addressThrottleKey(input.ip)];
  const gate = await ctx.throttle.check(keys);
  if (!gate.allowed) return { ok: false, problem: 'locked', retryAfterSeconds: gate.retryAfterSeconds };
  const passwordOk = await ctx.hasher.verify(input.user?.password_hash ?? (await ctx.decoyHash()), input.password);
  if (input.user && passwordOk && input.user.status === 'active') return { ok: true };
  if (input.user && passwordOk) return { ok: false, problem: 'invalid_credentials' };
  const record = await ctx.throttle.recordFailure(keys);
  return { ok: false, problem: 'invalid_credentials', newlyLocked: record.newlyLocked };
}

/** The login page's stand-in key for a name that matches nobody (passwordStep.ts), so both pages share it. */
function unknownLoginKey(login: string): UserThrottleKey {
  return userThrottleKey(`unknown:${createHash('sha256').update(login.trim().toLowerCase()).digest('hex').slice(0, 32)}`);
}
