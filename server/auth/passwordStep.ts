import type { UserRow } from '../db/schema.js';
import { lockedBefore } from '../security/loginThrottle.js';
import { addressThrottleKey, unknownLoginKey, userThrottleKey, type ThrottleKey, type UserThrottleKey } from '../security/throttleKeys.js';
import { completeSignIn } from './completeSignIn.js';
import { mfaRequirement } from './mfaRequirement.js';
import { pendingView } from './pendingView.js';
import { findUserByLogin, loadConfirmedRegistrations, loadPolicies } from './signInFacts.js';
import type { SignInContext } from './signInContext.js';
import type { SignInResult } from './signInResult.js';

export interface PasswordAttempt {
  /** Username or email. */
  login: string;
  password: string;
  ip: string;
  /** The browser's "Remember me" device token, if it sent one. */
  deviceToken?: string | undefined;
}

/**
 * Step one: username or email and password. Every failure reads the same (`invalid_credentials`), takes
 * the same Argon2id time, and counts against the account and the client address; a login name that
 * matches nobody is counted under a stand-in key, so lockout does not reveal which names exist either.
 */
export async function signInWithPassword(ctx: SignInContext, attempt: PasswordAttempt): Promise<SignInResult> {
  const user = await findUserByLogin(ctx.db, attempt.login);
  const accountKey: UserThrottleKey = user ? userThrottleKey(user.id) : unknownLoginKey(attempt.login);
  const keys: ThrottleKey[] = [accountKey, addressThrottleKey(attempt.ip)];

  const gate = await ctx.throttle.check(keys);
  if (!gate.allowed) {
    if (user) await ctx.audit.record('login.refused_locked', { userId: user.id, ip: attempt.ip, details: { retryAfterSeconds: gate.retryAfterSeconds } });
    return { kind: 'ended', problem: 'locked', retryAfterSeconds: gate.retryAfterSeconds };
  }

  const passwordOk = await ctx.hasher.verify(user?.password_hash ?? (await ctx.decoyHash()), attempt.password);
  if (!user || !passwordOk) {
    await ctx.audit.record('login.password_failed', { userId: user?.id ?? null, ip: attempt.ip, details: { reason: user ? 'wrong_password' : 'unknown_login' } });
    return recordFailure(ctx, user, keys, attempt.ip);
  }
  // Guesses sent at once all pass the check above before any records its failure; a right password
  // counts only if the account is still unlocked now that it is proven, so no more than the limit of
  // them can get through (in the order their failures and this check reach the database). Wrong ones
  // judged after the lock answer "locked" too (recordFailure), so the answer tells no right password.
  const still = await ctx.throttle.check([accountKey]);
  if (!still.allowed) {
    await ctx.audit.record('login.refused_locked', { userId: user.id, ip: attempt.ip, details: { retryAfterSeconds: still.retryAfterSeconds } });
    return { kind: 'ended', problem: 'locked', retryAfterSeconds: still.retryAfterSeconds };
  }
  if (user.status !== 'active') {
    // The right password for a locked or disabled account: said the same way as a wrong one.
    await ctx.audit.record('login.refused_inactive', { userId: user.id, ip: attempt.ip, details: { status: user.status } });
    return { kind: 'ended', problem: 'invalid_credentials' };
  }
  return afterPassword(ctx, user, attempt);
}

async function afterPassword(ctx: SignInContext, user: UserRow, attempt: PasswordAttempt): Promise<SignInResult> {
  const [policies, registrations] = await Promise.all([loadPolicies(ctx.db, user.id), loadConfirmedRegistrations(ctx.db, user.id)]);
  const requirement = mfaRequirement(
    policies,
    registrations.map((r) => r.method),
    ctx.now(),
  );
  if (requirement.kind === 'none') {
    return completeSignIn(ctx, { pending: null, user, method: null, registrationId: null, remember: false, remembered: false, ip: attempt.ip });
  }

  if (requirement.kind === 'challenge' && requirement.methods.length === 1) {
    // One login option only: a browser remembered for it skips the second factor (seed 003).
    const method = requirement.methods[0]!;
    const device = await ctx.devices.match(attempt.deviceToken, user, method);
    if (device) {
      await ctx.audit.record('remember_me.used', { userId: user.id, ip: attempt.ip, details: { method } });
      return completeSignIn(ctx, { pending: null, user, method, registrationId: device.registrationId, remember: false, remembered: true, ip: attempt.ip });
    }
  }

  const stage = requirement.kind === 'register' ? 'registration' : 'second_factor';
  const options = requirement.kind === 'register' ? requirement.allowed : requirement.methods;
  // The authenticator needs nothing sent: with it as the only option, go straight to the code.
  const method = stage === 'second_factor' && options.length === 1 && options[0] === 'totp' ? 'totp' : null;
  const s = ctx.settings;
  const created = await ctx.sessions.create(
    { userId: user.id, stage, method, state: { options, wrongTries: 0 }, ip: attempt.ip },
    { idleSeconds: s.pendingSeconds, absoluteSeconds: s.pendingSeconds },
  );
  await ctx.audit.record('login.password_accepted', { userId: user.id, ip: attempt.ip, details: { next: stage, options } });
  return { kind: 'pending', token: { token: created.token, expiresAt: created.row.expires_at }, view: await pendingView(ctx, created.row, user) };
}

async function recordFailure(ctx: SignInContext, user: UserRow | undefined, keys: ThrottleKey[], ip: string): Promise<SignInResult> {
  const record = await ctx.throttle.recordFailure(keys);
  for (const key of record.newlyLocked) {
    const scope = key.startsWith('ip:') ? 'address' : 'account';
    // Only an account that exists is named; a lock on a stand-in key is recorded against nobody.
    await ctx.audit.record('login.locked', { userId: scope === 'account' ? (user?.id ?? null) : null, ip, details: { scope, lockSeconds: record.retryAfterSeconds } });
  }
  // Judged after a lock that others' failures began: answered as the lock, as a right password is then.
  if (lockedBefore(record)) return { kind: 'ended', problem: 'locked', retryAfterSeconds: record.retryAfterSeconds };
  return { kind: 'ended', problem: 'invalid_credentials' };
}


