import { precompile } from '../db/precompiledQuery.js';
import type { SessionRow, UserRow } from '../db/schema.js';
import type { MfaMethod } from '../domain/mfaMethods.js';
import { userThrottleKey } from '../security/throttleKeys.js';
import type { NewSession, SessionLifetime } from '../sessions/sessionStore.js';
import type { SignInContext } from './signInContext.js';
import type { IssuedToken, SignInResult } from './signInResult.js';

export interface Completion {
  /** The sign-in in progress this finishes; null when the password alone was enough. */
  pending: SessionRow | null;
  user: UserRow;
  method: MfaMethod | null;
  /** The registration the second factor was proved with (for "Remember me"). */
  registrationId: string | null;
  /** Set a device token for this method. */
  remember: boolean;
  /** The second factor was skipped for a remembered browser. */
  remembered: boolean;
  ip: string | null;
  /** False when the lockout check just before saw no failure on record for the account: nothing to clear. */
  accountHasFailures?: boolean;
}

// For the admin view's "last sign-in" column (migration 005); every sign-in runs it, so it is compiled once.
const setLastLogin = precompile<[userId: string, at: string], never>(2, (db, userId, at) => db.updateTable('users').set({ last_login_at: at }).where('id', '=', userId));

/**
 * Ends a sign-in successfully: the pending session's row becomes the signed-in session under a new token
 * (so a token seen before the second factor is worth nothing after it). Taking over the pending row is
 * the guard: of two requests finishing the same step, only the one whose UPDATE found it goes on.
 */
export async function completeSignIn(ctx: SignInContext, c: Completion): Promise<SignInResult> {
  const s = ctx.settings;
  const { session, lifetime } = signedInSession(ctx, c);
  // Replacing the pending row (one statement) is the guard: only one request can take it over.
  const created = c.pending ? await ctx.sessions.replace(c.pending.id, session, lifetime) : await ctx.sessions.create(session, lifetime);
  if (!created) return { kind: 'ended', problem: 'session_expired' };
  // The account's failure count restarts only now, after the second factor: a correct password alone
  // must not reset the count an attacker guessing codes is running up.
  if (c.accountHasFailures !== false) await ctx.throttle.recordSuccess(userThrottleKey(c.user.id));
  await setLastLogin.execute(ctx.db, c.user.id, created.row.created_at);

  let remember: IssuedToken | null = null;
  if (c.remember && !c.remembered && c.method && c.registrationId && s.rememberMeSeconds > 0) {
    remember = await ctx.devices.create(c.user, c.registrationId, c.method, s.rememberMeSeconds);
    await ctx.audit.record('remember_me.created', { userId: c.user.id, ip: c.ip, details: { method: c.method, expiresAt: remember.expiresAt } });
  }
  await ctx.audit.record('login.succeeded', { userId: c.user.id, ip: c.ip, details: succeededDetails(c) });
  return signedInResult(c, created, remember);
}

/** The signed-in session a completion starts, and how long it lasts. */
export function signedInSession(ctx: SignInContext, c: Completion): { session: NewSession; lifetime: SessionLifetime } {
  return {
    session: { userId: c.user.id, stage: 'signed_in', method: c.method, state: { options: [], wrongTries: 0 }, ip: c.ip },
    lifetime: { idleSeconds: ctx.settings.sessionIdleSeconds, absoluteSeconds: ctx.settings.sessionMaxSeconds },
  };
}

/** The details of the `login.succeeded` audit line. */
export function succeededDetails(c: Pick<Completion, 'method' | 'remembered'>): Record<string, unknown> {
  return { method: c.method, secondFactor: c.method === null ? 'not_required' : c.remembered ? 'remembered_device' : 'verified' };
}

export function signedInResult(c: Completion, created: { token: string; row: SessionRow }, remember: IssuedToken | null): SignInResult {
  return {
    kind: 'signed_in',
    session: { token: created.token, expiresAt: created.row.expires_at },
    remember,
    user: { id: c.user.id, username: c.user.username, name: c.user.name, email: c.user.email },
    method: c.method,
    remembered: c.remembered,
  };
}
