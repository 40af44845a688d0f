import type { MfaMethod } from '../domain/mfaMethods.js';
import type { CallStatus } from '../delivery/phoneProvider.js';
import { DeliveryError } from '../delivery/deliveryError.js';
import { lockedBefore } from '../security/loginThrottle.js';
import { addressThrottleKey, userThrottleKey } from '../security/throttleKeys.js';
import type { SessionState } from '../sessions/sessionState.js';
import { completeSignIn } from './completeSignIn.js';
import { finishTotpSignIn, LOCKED, REPLAYED } from './finishTotpSignIn.js';
import { loadCodeAttempt } from './loadCodeAttempt.js';
import { loadPending, type Pending } from './loadPending.js';
import { pendingView } from './pendingView.js';
import { placeCall, sendCode } from './sendVerification.js';
import { loadConfirmedRegistrations } from './signInFacts.js';
import type { ProblemLog, SignInContext } from './signInContext.js';
import type { SignInProblem } from './signInProblems.js';
import type { SignInResult } from './signInResult.js';

export interface StepRequest {
  token: unknown;
  ip: string;
  log: ProblemLog;
}

const expired: SignInResult = { kind: 'ended', problem: 'session_expired' };

/** The phone number of the user's confirmed registration for `method`. */
async function registeredPhone(ctx: SignInContext, userId: string, method: 'sms' | 'voice'): Promise<{ phone: string | null; registrationId: string | null }> {
  const registration = (await loadConfirmedRegistrations(ctx.db, userId)).find((r) => r.method === method);
  return { phone: registration?.phone ?? null, registrationId: registration?.id ?? null };
}

async function retry(ctx: SignInContext, p: Pending, problem: SignInProblem): Promise<SignInResult> {
  return { kind: 'retry', problem, view: await pendingView(ctx, p.row, p.user) };
}

async function showPending(ctx: SignInContext, p: Pending, change: { method?: MfaMethod | null; state?: SessionState }, notice?: 'code_sent' | 'code_resent' | 'still_ringing' | 'calling_secondary'): Promise<SignInResult> {
  await ctx.sessions.update(p.row.id, change);
  const row = { ...p.row, ...(change.method !== undefined ? { method: change.method } : {}), ...(change.state ? { state: JSON.stringify(change.state) } : {}) };
  return { kind: 'pending', view: await pendingView(ctx, row, p.user), ...(notice ? { notice } : {}) };
}

/** Ends the sign-in as failed: the pending session goes, the failure is audited, and counted when it was a guess. */
async function fail(ctx: SignInContext, p: Pending, ip: string, problem: SignInProblem, reason: string, countsAsGuess: boolean): Promise<SignInResult> {
  await ctx.sessions.remove(p.row.id);
  await ctx.audit.record('mfa.failed', { userId: p.user.id, ip, details: { method: p.row.method, reason } });
  if (countsAsGuess) {
    const record = await ctx.throttle.recordFailure([userThrottleKey(p.user.id), addressThrottleKey(ip)]);
    for (const key of record.newlyLocked) {
      const scope = key.startsWith('ip:') ? 'address' : 'account';
      await ctx.audit.record('login.locked', { userId: scope === 'account' ? p.user.id : null, ip, details: { scope, lockSeconds: record.retryAfterSeconds } });
    }
    // Judged after a lock others began: answered as the lock, as a right code is then (finishTotpSignIn).
    if (lockedBefore(record)) return { kind: 'ended', problem: 'locked', retryAfterSeconds: record.retryAfterSeconds };
  }
  return { kind: 'ended', problem };
}

async function refuseLocked(ctx: SignInContext, p: Pending, ip: string, retryAfterSeconds: number): Promise<SignInResult> {
  await ctx.sessions.remove(p.row.id);
  await ctx.audit.record('login.refused_locked', { userId: p.user.id, ip, details: { step: 'second_factor' } });
  return { kind: 'ended', problem: 'locked', retryAfterSeconds };
}

/** What the current step looks like, for a page reload or GET in the API. */
export async function viewSecondFactor(ctx: SignInContext, token: unknown): Promise<SignInResult> {
  const p = await loadPending(ctx, token, 'second_factor');
  return p ? { kind: 'pending', view: await pendingView(ctx, p.row, p.user) } : expired;
}

/**
 * The user picks a login option (seed 003: "Send Code", "Call Me", or email; the authenticator needs
 * nothing sent). A browser remembered for exactly this option skips the rest.
 */
export async function chooseMethod(ctx: SignInContext, r: StepRequest & { method: MfaMethod; deviceToken?: string | undefined }): Promise<SignInResult> {
  const p = await loadPending(ctx, r.token, 'second_factor');
  if (!p) return expired;
  if (!p.state.options.includes(r.method)) return retry(ctx, p, 'method_not_allowed');

  const device = await ctx.devices.match(r.deviceToken, p.user, r.method);
  if (device) {
    await ctx.audit.record('remember_me.used', { userId: p.user.id, ip: r.ip, details: { method: r.method } });
    return completeSignIn(ctx, { pending: p.row, user: p.user, method: r.method, registrationId: device.registrationId, remember: false, remembered: true, ip: r.ip });
  }

  const state: SessionState = { options: p.state.options, wrongTries: 0 };
  switch (r.method) {
    case 'totp':
      return showPending(ctx, p, { method: 'totp', state });
    case 'email':
    case 'sms': {
      const phone = r.method === 'sms' ? (await registeredPhone(ctx, p.user.id, 'sms')).phone : null;
      const problem = await sendCode(ctx, r.log, { user: p.user, purpose: 'login', channel: r.method, ...(phone ? { phone } : {}), ip: r.ip });
      if (problem) return retry(ctx, p, problem);
      return showPending(ctx, p, { method: r.method, state: { ...state, codeSentAt: ctx.now().toISOString() } }, 'code_sent');
    }
    case 'voice': {
      const { phone } = await registeredPhone(ctx, p.user.id, 'voice');
      if (!phone) return retry(ctx, p, 'method_not_allowed');
      const call = await placeCall(ctx, r.log, { userId: p.user.id, to: phone, leg: 'primary', ip: r.ip, countAgainstLimit: true });
      if (!call.ok) return retry(ctx, p, call.problem);
      return showPending(ctx, p, { method: 'voice', state: { ...state, call: { id: call.callId, leg: 'primary', to: phone } } });
    }
  }
}

/** "Send a new code": the previous code stops working. */
export async function resendCode(ctx: SignInContext, r: StepRequest): Promise<SignInResult> {
  const p = await loadPending(ctx, r.token, 'second_factor');
  if (!p) return expired;
  if (p.row.method !== 'sms' && p.row.method !== 'email') return retry(ctx, p, 'send_code_first');
  const phone = p.row.method === 'sms' ? (await registeredPhone(ctx, p.user.id, 'sms')).phone : null;
  const problem = await sendCode(ctx, r.log, { user: p.user, purpose: 'login', channel: p.row.method, ...(phone ? { phone } : {}), ip: r.ip, isResend: true });
  if (problem) return retry(ctx, p, problem);
  return showPending(ctx, p, { state: { ...p.state, codeSentAt: ctx.now().toISOString() } }, 'code_resent');
}

/**
 * The code from the authenticator app, the text or the email. Any failure ends the sign-in (seed 002: "If
 * MFA fails, … route you back to the login page with an error message") and a wrong or replayed code counts
 * toward the account's lockout, so codes cannot be guessed faster than passwords.
 */
export async function verifyCode(ctx: SignInContext, r: StepRequest & { code: string; remember: boolean }): Promise<SignInResult> {
  // The sign-in, its lockout rows and the authenticator registration, in one read.
  const p = await loadCodeAttempt(ctx, r.token, r.ip);
  if (!p) return expired;
  const method = p.row.method;
  if (method !== 'totp' && method !== 'sms' && method !== 'email') return retry(ctx, p, method === null ? 'send_code_first' : 'method_not_allowed');

  const userKey = userThrottleKey(p.user.id);
  const gate = ctx.throttle.judge([userKey, addressThrottleKey(r.ip)], p.throttleRows);
  if (!gate.allowed) return refuseLocked(ctx, p, r.ip, gate.retryAfterSeconds);

  const code = r.code.replace(/[\s-]/g, '');
  if (method === 'totp') {
    const check = ctx.totp.matchRegistration(p.totpRegistration, { userId: p.user.id, code });
    if (check.outcome === 'ok') {
      // The replay guard's claim on this step, the new session and the audit line commit together.
      const accountHasFailures = gate.withFailures.includes(userKey);
      const finished = await finishTotpSignIn(ctx, { pending: p.row, user: p.user, match: check, ip: r.ip, remember: r.remember, accountHasFailures });
      if (finished === LOCKED) return refuseLocked(ctx, p, r.ip, (await ctx.throttle.check([userKey])).retryAfterSeconds);
      return finished === REPLAYED ? fail(ctx, p, r.ip, 'mfa_failed', 'replayed', true) : finished;
    }
    if (check.outcome === 'none') return fail(ctx, p, r.ip, 'mfa_failed', 'not_registered', false);
    return fail(ctx, p, r.ip, 'mfa_failed', check.outcome, true);
  }

  if (!p.state.codeSentAt) return retry(ctx, p, 'send_code_first');
  const check = await ctx.codes.verify({ userId: p.user.id, purpose: 'login', code });
  // A code sent by email does not pass for a text, or the other way round: the option chosen is the one proved.
  if (check.outcome === 'ok' && check.channel === method) {
    const registration = (await loadConfirmedRegistrations(ctx.db, p.user.id)).find((x) => x.method === method);
    if (!registration) return fail(ctx, p, r.ip, 'mfa_failed', 'not_registered', false);
    return completeSignIn(ctx, { pending: p.row, user: p.user, method, registrationId: registration.id, remember: r.remember, remembered: false, ip: r.ip });
  }
  switch (check.outcome) {
    case 'expired':
      return fail(ctx, p, r.ip, 'code_expired', 'expired', false);
    case 'too_many_attempts':
      return fail(ctx, p, r.ip, 'too_many_tries', 'too_many_attempts', true);
    default:
      return fail(ctx, p, r.ip, 'mfa_failed', check.outcome === 'ok' ? 'other_channel' : check.outcome, true);
  }
}

/** For the waiting page's script: has the call ended, one way or the other? Changes nothing. */
export async function callHasEnded(ctx: SignInContext, token: unknown, stage: 'second_factor' | 'registration'): Promise<boolean | null> {
  const p = await loadPending(ctx, token, stage);
  if (!p?.state.call) return null;
  try {
    return (await ctx.phone.callStatus(p.state.call.id)) !== 'ringing';
  } catch (error) {
    if (error instanceof DeliveryError) return true;
    throw error;
  }
}

/** Reads the call's outcome; DeliveryError (provider unreachable) counts as the call failing. */
export async function readCallStatus(ctx: SignInContext, log: ProblemLog, callId: string): Promise<CallStatus> {
  try {
    return await ctx.phone.callStatus(callId);
  } catch (error) {
    if (!(error instanceof DeliveryError)) throw error;
    log.warn({ channel: error.channel, failure: error.failure, reason: error.message }, 'verification call status unavailable');
    return 'failed';
  }
}

/**
 * "I've answered" (or the waiting page's script, once the call ended). `#` pressed: signed in. Not
 * answered at the primary number: the secondary one is called (seed 002), and after that the sign-in
 * ends — the user signs in again for another call.
 */
export async function checkCall(ctx: SignInContext, r: StepRequest & { remember: boolean }): Promise<SignInResult> {
  const p = await loadPending(ctx, r.token, 'second_factor');
  if (!p) return expired;
  const call = p.state.call;
  if (p.row.method !== 'voice' || !call) return retry(ctx, p, 'send_code_first');

  switch (await readCallStatus(ctx, r.log, call.id)) {
    case 'ringing':
      return { kind: 'pending', view: await pendingView(ctx, p.row, p.user), notice: 'still_ringing' };
    case 'confirmed': {
      const { registrationId } = await registeredPhone(ctx, p.user.id, 'voice');
      if (!registrationId) return fail(ctx, p, r.ip, 'mfa_failed', 'not_registered', false);
      return completeSignIn(ctx, { pending: p.row, user: p.user, method: 'voice', registrationId, remember: r.remember, remembered: false, ip: r.ip });
    }
    case 'no_answer': {
      const secondary = p.user.secondary_phone;
      if (call.leg === 'primary' && secondary && secondary !== call.to) {
        const next = await placeCall(ctx, r.log, { userId: p.user.id, to: secondary, leg: 'secondary', ip: r.ip, countAgainstLimit: false });
        if (!next.ok) return fail(ctx, p, r.ip, 'call_not_answered', 'no_answer', false);
        return showPending(ctx, p, { state: { ...p.state, call: { id: next.callId, leg: 'secondary', to: secondary } } }, 'calling_secondary');
      }
      return fail(ctx, p, r.ip, 'call_not_answered', 'no_answer', false);
    }
    case 'hung_up':
      return fail(ctx, p, r.ip, 'call_declined', 'call_declined', false);
    case 'failed':
      return fail(ctx, p, r.ip, 'call_failed', 'call_failed', false);
  }
}

/** "Cancel" or signing in again: the sign-in in progress is dropped. */
export async function cancelPending(ctx: SignInContext, token: unknown): Promise<void> {
  const row = await ctx.sessions.find(token);
  if (row && row.stage !== 'signed_in') await ctx.sessions.remove(row.id);
}

/** "Use another way to verify" / "Choose another method": back to the list of options, nothing kept. */
export async function chooseAnother(ctx: SignInContext, token: unknown, stage: 'second_factor' | 'registration'): Promise<SignInResult> {
  const p = await loadPending(ctx, token, stage);
  if (!p) return expired;
  if (p.state.options.length < 2) return { kind: 'pending', view: await pendingView(ctx, p.row, p.user) };
  return showPending(ctx, p, { method: null, state: { options: p.state.options, wrongTries: 0 } });
}
