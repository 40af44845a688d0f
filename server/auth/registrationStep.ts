import { randomUUID } from 'node:crypto';
import type { MfaMethod } from '../domain/mfaMethods.js';
import { generateTotpSecret, sealTotpSecret } from '../security/totpSecret.js';
import type { SessionState } from '../sessions/sessionState.js';
import { completeSignIn } from './completeSignIn.js';
import { loadPending, type Pending } from './loadPending.js';
import { pendingView } from './pendingView.js';
import { readCallStatus, type StepRequest } from './secondFactorStep.js';
import { placeCall, sendCode } from './sendVerification.js';
import type { SignInContext } from './signInContext.js';
import type { SignInNotice, SignInProblem } from './signInProblems.js';
import type { SignInResult } from './signInResult.js';
import { parseUsPhoneNumber } from './usPhoneNumber.js';

/** Wrong authenticator codes allowed while confirming a new registration, before the sign-in starts over. */
const MAX_TOTP_CONFIRM_TRIES = 5;

const expired: SignInResult = { kind: 'ended', problem: 'session_expired' };

async function retry(ctx: SignInContext, p: Pending, problem: SignInProblem, change?: { method?: MfaMethod | null; state: SessionState }): Promise<SignInResult> {
  if (change) await ctx.sessions.update(p.row.id, change);
  const row = change ? { ...p.row, ...(change.method !== undefined ? { method: change.method } : {}), state: JSON.stringify(change.state) } : p.row;
  return { kind: 'retry', problem, view: await pendingView(ctx, row, p.user) };
}

async function show(ctx: SignInContext, p: Pending, change: { method?: MfaMethod | null; state: SessionState }, notice?: SignInNotice): Promise<SignInResult> {
  await ctx.sessions.update(p.row.id, change);
  const row = { ...p.row, ...(change.method !== undefined ? { method: change.method } : {}), state: JSON.stringify(change.state) };
  return { kind: 'pending', view: await pendingView(ctx, row, p.user), ...(notice ? { notice } : {}) };
}

export async function viewRegistration(ctx: SignInContext, token: unknown): Promise<SignInResult> {
  const p = await loadPending(ctx, token, 'registration');
  return p ? { kind: 'pending', view: await pendingView(ctx, p.row, p.user) } : expired;
}

/**
 * First registration after MFA became mandatory (seeds 000, 001, 003): the user picks one of the allowed
 * methods (or the organization's fixed one). Choosing the authenticator app makes a new key at once,
 * sealed in an unconfirmed registration that only a correct code confirms; choosing again makes a new key.
 */
export async function chooseRegistrationMethod(ctx: SignInContext, r: StepRequest & { method: MfaMethod }): Promise<SignInResult> {
  const p = await loadPending(ctx, r.token, 'registration');
  if (!p) return expired;
  if (!p.state.options.includes(r.method)) return retry(ctx, p, 'method_not_allowed');
  const state: SessionState = { options: p.state.options, wrongTries: 0 };

  switch (r.method) {
    case 'totp': {
      const registrationId = randomUUID();
      const secret = generateTotpSecret();
      const sealed = sealTotpSecret(ctx.box, { userId: p.user.id, registrationId }, secret);
      secret.fill(0);
      await ctx.db.transaction().execute(async (trx) => {
        // One authenticator registration per user (a unique constraint): an earlier unconfirmed key, or a
        // confirmed one the policy no longer allows, gives way to the new one.
        await trx.deleteFrom('mfa_registrations').where('user_id', '=', p.user.id).where('method', '=', 'totp').execute();
        await trx
          .insertInto('mfa_registrations')
          .values({ id: registrationId, user_id: p.user.id, method: 'totp', totp_secret_encrypted: sealed, phone: null, confirmed_at: null, created_at: ctx.now().toISOString(), last_totp_step: null })
          .execute();
      });
      return show(ctx, p, { method: 'totp', state });
    }
    case 'email': {
      const problem = await sendCode(ctx, r.log, { user: p.user, purpose: 'email_verify', channel: 'email', ip: r.ip });
      if (problem) return retry(ctx, p, problem, { method: null, state });
      return show(ctx, p, { method: 'email', state: { ...state, codeSentAt: ctx.now().toISOString() } }, 'code_sent');
    }
    case 'sms':
    case 'voice':
      return show(ctx, p, { method: r.method, state });
  }
}

/**
 * The number for texts or calls (seed 003: a 10-digit direct line, no extensions), with an optional
 * secondary number for calls (seed 002). "Send code" texts a code; "Call me" rings the number.
 */
export async function submitPhone(ctx: SignInContext, r: StepRequest & { phone: string; secondaryPhone?: string | undefined }): Promise<SignInResult> {
  const p = await loadPending(ctx, r.token, 'registration');
  if (!p) return expired;
  const method = p.row.method;
  if (method !== 'sms' && method !== 'voice') return retry(ctx, p, 'method_not_allowed');
  const primary = parseUsPhoneNumber(r.phone);
  const secondary = r.secondaryPhone?.trim() ? parseUsPhoneNumber(r.secondaryPhone) : null;
  if (!primary.ok || (secondary && !secondary.ok)) return retry(ctx, p, 'invalid_phone');
  const base: SessionState = { options: p.state.options, wrongTries: 0, phone: primary.e164, ...(secondary?.ok ? { secondaryPhone: secondary.e164 } : {}) };

  if (method === 'sms') {
    const problem = await sendCode(ctx, r.log, { user: p.user, purpose: 'phone_verify', channel: 'sms', phone: primary.e164, ip: r.ip });
    if (problem) return retry(ctx, p, problem, { state: base });
    return show(ctx, p, { state: { ...base, codeSentAt: ctx.now().toISOString() } }, 'code_sent');
  }
  const call = await placeCall(ctx, r.log, { userId: p.user.id, to: primary.e164, leg: 'primary', ip: r.ip, countAgainstLimit: true });
  if (!call.ok) return retry(ctx, p, call.problem, { state: base });
  return show(ctx, p, { state: { ...base, call: { id: call.callId, leg: 'primary', to: primary.e164 } } });
}

/** "Send a new code" while registering by text or email. */
export async function resendRegistrationCode(ctx: SignInContext, r: StepRequest): Promise<SignInResult> {
  const p = await loadPending(ctx, r.token, 'registration');
  if (!p) return expired;
  const method = p.row.method;
  if (method === 'email') {
    const problem = await sendCode(ctx, r.log, { user: p.user, purpose: 'email_verify', channel: 'email', ip: r.ip, isResend: true });
    if (problem) return retry(ctx, p, problem);
  } else if (method === 'sms' && p.state.phone) {
    const problem = await sendCode(ctx, r.log, { user: p.user, purpose: 'phone_verify', channel: 'sms', phone: p.state.phone, ip: r.ip, isResend: true });
    if (problem) return retry(ctx, p, problem);
  } else {
    return retry(ctx, p, 'send_code_first');
  }
  return show(ctx, p, { state: { ...p.state, codeSentAt: ctx.now().toISOString() } }, 'code_resent');
}

/**
 * The code that proves the new method works: from the app (TOTP, checked against the unconfirmed key, and
 * its step then counts as used), from the text, or from the email. Success registers the method and signs
 * the user in (seed 003: "The system will automatically authenticate and display the home page").
 */
export async function confirmRegistration(ctx: SignInContext, r: StepRequest & { code: string }): Promise<SignInResult> {
  const p = await loadPending(ctx, r.token, 'registration');
  if (!p) return expired;
  const code = r.code.replace(/[\s-]/g, '');
  const method = p.row.method;

  if (method === 'totp') {
    const check = await ctx.totp.verify({ userId: p.user.id, code, allowUnconfirmed: true });
    if (check.outcome !== 'ok') {
      const wrongTries = p.state.wrongTries + 1;
      if (wrongTries >= MAX_TOTP_CONFIRM_TRIES) return endRegistration(ctx, p, r.ip, 'too_many_tries');
      return retry(ctx, p, 'wrong_code', { state: { ...p.state, wrongTries } });
    }
    await ctx.db.updateTable('mfa_registrations').set({ confirmed_at: ctx.now().toISOString() }).where('id', '=', check.registrationId).where('confirmed_at', 'is', null).execute();
    return registered(ctx, p, r.ip, 'totp', check.registrationId);
  }

  if (method !== 'sms' && method !== 'email') return retry(ctx, p, 'send_code_first');
  if (!p.state.codeSentAt || (method === 'sms' && !p.state.phone)) return retry(ctx, p, 'send_code_first');
  const check = await ctx.codes.verify({ userId: p.user.id, purpose: method === 'sms' ? 'phone_verify' : 'email_verify', code });
  if (check.outcome === 'wrong') return retry(ctx, p, 'wrong_code');
  if (check.outcome === 'expired') return retry(ctx, p, 'code_expired');
  if (check.outcome === 'too_many_attempts') return retry(ctx, p, 'too_many_tries');
  if (check.outcome === 'none') return retry(ctx, p, 'send_code_first');
  return registered(ctx, p, r.ip, method, await saveRegistration(ctx, p, method, method === 'sms' ? (p.state.phone ?? null) : null));
}

/** "I've answered" while registering by voice call. */
export async function checkRegistrationCall(ctx: SignInContext, r: StepRequest): Promise<SignInResult> {
  const p = await loadPending(ctx, r.token, 'registration');
  if (!p) return expired;
  const call = p.state.call;
  if (p.row.method !== 'voice' || !call) return retry(ctx, p, 'send_code_first');
  const { call: _ended, ...withoutCall } = p.state;
  switch (await readCallStatus(ctx, r.log, call.id)) {
    case 'ringing':
      return { kind: 'pending', view: await pendingView(ctx, p.row, p.user), notice: 'still_ringing' };
    case 'confirmed':
      return registered(ctx, p, r.ip, 'voice', await saveRegistration(ctx, p, 'voice', call.to));
    case 'no_answer':
      return retry(ctx, p, 'call_not_answered', { state: withoutCall });
    case 'hung_up':
      return retry(ctx, p, 'call_declined', { state: withoutCall });
    case 'failed':
      return retry(ctx, p, 'call_failed', { state: withoutCall });
  }
}

/**
 * Stores a confirmed text, call or email registration, replacing an earlier one for the same method. A
 * registered phone becomes the user's primary number (the one calls ring first); the secondary number of
 * a voice registration (or none) becomes their secondary one.
 */
async function saveRegistration(ctx: SignInContext, p: Pending, method: 'sms' | 'voice' | 'email', phone: string | null): Promise<string> {
  const id = randomUUID();
  const at = ctx.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('mfa_registrations').where('user_id', '=', p.user.id).where('method', '=', method).execute();
    await trx.insertInto('mfa_registrations').values({ id, user_id: p.user.id, method, totp_secret_encrypted: null, phone, confirmed_at: at, created_at: at, last_totp_step: null }).execute();
    if (phone) {
      // The voice form shows the secondary number on file; sent back empty, the user wants none.
      const secondary = method === 'voice' ? { secondary_phone: p.state.secondaryPhone && p.state.secondaryPhone !== phone ? p.state.secondaryPhone : null } : {};
      await trx.updateTable('users').set({ primary_phone: phone, ...secondary, updated_at: at }).where('id', '=', p.user.id).execute();
    }
  });
  return id;
}

async function registered(ctx: SignInContext, p: Pending, ip: string, method: MfaMethod, registrationId: string): Promise<SignInResult> {
  await ctx.audit.record('mfa.registered', { userId: p.user.id, ip, details: { method } });
  return completeSignIn(ctx, { pending: p.row, user: p.user, method, registrationId, remember: false, remembered: false, ip });
}

async function endRegistration(ctx: SignInContext, p: Pending, ip: string, problem: SignInProblem): Promise<SignInResult> {
  await ctx.sessions.remove(p.row.id);
  await ctx.audit.record('mfa.failed', { userId: p.user.id, ip, details: { method: p.row.method, reason: problem, step: 'registration' } });
  return { kind: 'ended', problem };
}
