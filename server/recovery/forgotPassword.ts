import type { SelfServiceFlowRow, UserRow } from '../db/schema.js';
import { maskEmail, maskPhone } from '../auth/maskDestination.js';
import { readCallStatus } from '../auth/secondFactorStep.js';
import { placeCall, sendCode } from '../auth/sendVerification.js';
import { findUserByLogin, loadUser } from '../auth/signInFacts.js';
import { codeRulesFor } from '../security/oneTimeCodePolicy.js';
import { addressThrottleKey, userThrottleKey } from '../security/throttleKeys.js';
import { changePassword } from './changePassword.js';
import { passwordProblem, PASSWORD_RULES } from './passwordRules.js';
import { passwordChangedEmail } from './recoveryEmails.js';
import { countRecentEvents, recordSelfServiceEvent, type SelfServiceEvent } from './selfServiceAudit.js';
import { fromSignInProblem, type FlowRequest, type FlowResult, type SelfServiceContext } from './selfServiceContext.js';
import { parseFlowState, type FlowState } from './selfServiceFlows.js';
import type { SelfServiceNotice, SelfServiceProblem } from './selfServiceMessages.js';

/** The whole flow, from the email to the new password (the codes inside it last 10 minutes each). */
export const RESET_FLOW_SECONDS = 20 * 60;
/** Wrong codes per step before the flow ends; the same bound the codes themselves have by default. */
export const MAX_WRONG_CODES = 5;
/** Password resets started from one client address within 15 minutes. */
export const RESET_REQUESTS_PER_ADDRESS = 10;
const WINDOW_SECONDS = 15 * 60;

export type ResetStep = 'email_code' | 'phone' | 'new_password';

export interface ResetView {
  step: ResetStep;
  expiresAt: string;
  /** The phone step (seed 003: "Phone users will be prompted to select Send Code … or Call Me"). */
  phone: { destination: string; stage: 'choose' | 'enter_code' | 'answer_call'; callingTo: string | null; callLeg: 'primary' | 'secondary' | null } | null;
  passwordRules: readonly string[];
  /** How long an emailed code lasts, for the page to say. */
  codeMinutes: number;
}

export type ResetResult = FlowResult<ResetView> | { kind: 'done' };

interface Loaded {
  row: SelfServiceFlowRow;
  state: FlowState;
  /** Null for a request that matched no active account: the flow looks the same and never succeeds. */
  user: UserRow | null;
}

const expired: ResetResult = { kind: 'ended', problem: 'flow_expired' };

/**
 * Forgot or reset password (seed 003): a 6-digit code to the account's email, then — for users with a
 * phone on file — a texted code or a call answered with #, then a new password. Nothing along the way
 * tells whether the email or username belongs to an account: a request that matches nobody gets the
 * same pages, and its codes are simply never right.
 */
export function createForgotPassword(self: SelfServiceContext) {
  const ctx = self.signIn;
  const at = () => ctx.now();
  const audit = (event: SelfServiceEvent, userId: string | null, ip: string, details: Record<string, unknown> = {}) =>
    recordSelfServiceEvent(ctx.db, at(), event, { userId, ip, details });

  async function load(token: unknown): Promise<Loaded | null> {
    const row = await self.flows.find(token, 'password_reset');
    if (!row) return null;
    const user = row.user_id ? ((await loadUser(ctx.db, row.user_id)) ?? null) : null;
    if (row.user_id && user?.status !== 'active') {
      await self.flows.finish(row.id);
      return null;
    }
    return { row, state: parseFlowState(row.state), user };
  }

  function view(f: Loaded, row: SelfServiceFlowRow = f.row, state: FlowState = f.state): ResetView {
    const step = row.step as ResetStep;
    const phone = step === 'phone' && f.user?.primary_phone ? f.user.primary_phone : null;
    return {
      step,
      expiresAt: row.expires_at,
      phone: phone
        ? {
            destination: maskPhone(phone),
            stage: state.call ? 'answer_call' : state.phoneCodeSentAt ? 'enter_code' : 'choose',
            callingTo: state.call ? maskPhone(state.call.to) : null,
            callLeg: state.call?.leg ?? null,
          }
        : null,
      passwordRules: PASSWORD_RULES,
      codeMinutes: Math.max(1, Math.round(codeRulesFor(ctx.settings.codePolicy, 'forgot_password', 'email').lifetimeSeconds / 60)),
    };
  }

  async function move(f: Loaded, change: { step?: ResetStep; state?: FlowState; wrongTries?: number }, notice?: SelfServiceNotice): Promise<ResetResult> {
    await self.flows.update(f.row.id, change);
    const row = { ...f.row, ...(change.step ? { step: change.step } : {}) };
    return { kind: 'step', view: view(f, row, change.state ?? f.state), ...(notice ? { notice } : {}) };
  }

  const retry = (f: Loaded, problem: SelfServiceProblem): ResetResult => ({ kind: 'retry', view: view(f), problem });

  async function end(f: Loaded, ip: string, problem: SelfServiceProblem, reason: string): Promise<ResetResult> {
    await self.flows.finish(f.row.id);
    await audit('password_reset.failed', f.user?.id ?? null, ip, { reason, step: f.row.step });
    return { kind: 'ended', problem };
  }

  /** A wrong code: counted against the flow and the client address (as a guessed password is). */
  async function wrongCode(f: Loaded, ip: string, problem: SelfServiceProblem = 'wrong_code'): Promise<ResetResult> {
    await ctx.throttle.recordFailure([addressThrottleKey(ip)]);
    const tries = await self.flows.countWrongTry(f.row.id);
    if (tries >= MAX_WRONG_CODES) return end(f, ip, 'too_many_tries', 'too_many_attempts');
    return retry(f, problem);
  }

  /** The email code, sent after the answer (so a match takes as long as no match) and never reported. */
  function sendEmailCodeLater(user: UserRow, r: Omit<FlowRequest, 'token'>, isResend: boolean): void {
    self.defer(async () => {
      const problem = await sendCode(ctx, r.log, { user, purpose: 'forgot_password', channel: 'email', ip: r.ip, isResend });
      if (problem) r.log.warn({ problem }, 'password reset code not sent');
    });
  }

  /** The step after the email: the phone when there is one on file (seed 003), else the new password. */
  const afterEmail = (user: UserRow | null): ResetStep => (user?.primary_phone ? 'phone' : 'new_password');

  return {
    view: async (token: unknown): Promise<ResetResult> => {
      const f = await load(token);
      return f ? { kind: 'step', view: view(f) } : expired;
    },

    /** "Enter email address and click the Send verification code button." */
    async start(r: Omit<FlowRequest, 'token'> & { login: string }): Promise<ResetResult> {
      const gate = await ctx.throttle.check([addressThrottleKey(r.ip)]);
      if (!gate.allowed) return { kind: 'ended', problem: 'locked', retryAfterSeconds: gate.retryAfterSeconds };
      const since = new Date(at().getTime() - WINDOW_SECONDS * 1000);
      if ((await countRecentEvents(ctx.db, { events: ['password_reset.requested'], ip: r.ip, since, limit: RESET_REQUESTS_PER_ADDRESS })) >= RESET_REQUESTS_PER_ADDRESS) {
        return { kind: 'ended', problem: 'too_many_requests' };
      }
      const found = await findUserByLogin(ctx.db, r.login);
      const user = found?.status === 'active' ? found : null;
      const state: FlowState = { emailCodeSentAt: at().toISOString(), emailVerified: false, phoneVerified: false };
      const created = await self.flows.create({ kind: 'password_reset', userId: user?.id ?? null, step: 'email_code', state, ip: r.ip }, RESET_FLOW_SECONDS);
      await audit(
        'password_reset.requested',
        found?.id ?? null,
        r.ip,
        user ? { to: maskEmail(user.email) } : { outcome: found ? `account_${found.status}` : 'unknown_login' },
      );
      if (user) sendEmailCodeLater(user, r, false);
      return { kind: 'step', token: created.token, view: view({ row: created.row, state, user }), notice: 'code_sent' };
    },

    /** "Send new code". The pause applies to everyone alike; the per-user send limit silently. */
    async resendEmailCode(r: FlowRequest): Promise<ResetResult> {
      const f = await load(r.token);
      if (!f) return expired;
      if (f.row.step !== 'email_code') return retry(f, 'invalid_request');
      const last = f.state.emailCodeSentAt ? Date.parse(f.state.emailCodeSentAt) : 0;
      if (at().getTime() - last < ctx.settings.sendLimit.minIntervalSeconds * 1000) return retry(f, 'wait_before_resend');
      if (f.user) sendEmailCodeLater(f.user, r, true);
      return move(f, { state: { ...f.state, emailCodeSentAt: at().toISOString() } }, 'code_resent');
    },

    /** "Enter the 6-digit code received via email and click the Verify code button." */
    async verifyEmailCode(r: FlowRequest & { code: string }): Promise<ResetResult> {
      const f = await load(r.token);
      if (!f) return expired;
      if (f.row.step !== 'email_code') return retry(f, 'invalid_request');
      const gate = await ctx.throttle.check([addressThrottleKey(r.ip)]);
      if (!gate.allowed) return { kind: 'ended', problem: 'locked', retryAfterSeconds: gate.retryAfterSeconds };

      if (!f.user) {
        // Nobody's code: expired when a real one would be, otherwise wrong every time.
        const lifetime = codeRulesFor(ctx.settings.codePolicy, 'forgot_password', 'email').lifetimeSeconds;
        const sentAt = f.state.emailCodeSentAt ? Date.parse(f.state.emailCodeSentAt) : 0;
        return at().getTime() - sentAt >= lifetime * 1000 ? retry(f, 'code_expired') : wrongCode(f, r.ip);
      }
      const check = await ctx.codes.verify({ userId: f.user.id, purpose: 'forgot_password', code: r.code.replace(/[\s-]/g, '') });
      if (check.outcome === 'ok' && check.channel === 'email') {
        await audit('password_reset.email_verified', f.user.id, r.ip);
        return move(f, { step: afterEmail(f.user), state: { ...f.state, emailVerified: true }, wrongTries: 0 }, 'email_verified');
      }
      if (check.outcome === 'expired') return retry(f, 'code_expired');
      if (check.outcome === 'too_many_attempts') return end(f, r.ip, 'too_many_tries', 'too_many_attempts');
      // 'wrong', 'none' (a code the send limit held back) and a texted code alike: said the same way.
      return wrongCode(f, r.ip);
    },

    /** Phone step, "Send Code": a 6-digit code by SMS to the number on file. */
    async sendPhoneCode(r: FlowRequest & { isResend?: boolean }): Promise<ResetResult> {
      const f = await load(r.token);
      if (!f) return expired;
      // Steps are checked before anything else, so nobody's flow (always at the email code) answers as a real one.
      const phone = f.user?.primary_phone;
      if (f.row.step !== 'phone' || !f.user || !phone) return retry(f, 'invalid_request');
      const problem = await sendCode(ctx, r.log, { user: f.user, purpose: 'forgot_password', channel: 'sms', phone, ip: r.ip, isResend: r.isResend ?? false });
      if (problem) return retry(f, fromSignInProblem(problem));
      const { call: _call, ...rest } = f.state;
      return move(f, { state: { ...rest, phoneCodeSentAt: at().toISOString() } }, r.isResend ? 'code_resent' : 'phone_code_sent');
    },

    /** Phone step, "Call Me": the user answers and presses # (seeds 002, 003). */
    async callPhone(r: FlowRequest): Promise<ResetResult> {
      const f = await load(r.token);
      if (!f) return expired;
      const phone = f.user?.primary_phone;
      if (f.row.step !== 'phone' || !f.user || !phone) return retry(f, 'invalid_request');
      const call = await placeCall(ctx, r.log, { userId: f.user.id, to: phone, leg: 'primary', ip: r.ip, countAgainstLimit: true });
      if (!call.ok) return retry(f, fromSignInProblem(call.problem));
      const { phoneCodeSentAt: _sent, ...rest } = f.state;
      return move(f, { state: { ...rest, call: { id: call.callId, leg: 'primary', to: phone } } });
    },

    /** "I've answered" (or the waiting page's script once the call ended). */
    async checkCall(r: FlowRequest): Promise<ResetResult> {
      const f = await load(r.token);
      if (!f) return expired;
      const call = f.state.call;
      if (f.row.step !== 'phone' || !call || !f.user) return retry(f, 'send_code_first');
      const { call: _ended, ...withoutCall } = f.state;
      switch (await readCallStatus(ctx, r.log, call.id)) {
        case 'ringing':
          return { kind: 'step', view: view(f), notice: 'still_ringing' };
        case 'confirmed':
          return phoneVerified(f, r.ip, 'voice', withoutCall);
        case 'no_answer': {
          const secondary = f.user.secondary_phone;
          if (call.leg === 'primary' && secondary && secondary !== call.to) {
            const next = await placeCall(ctx, r.log, { userId: f.user.id, to: secondary, leg: 'secondary', ip: r.ip, countAgainstLimit: false });
            if (next.ok) return move(f, { state: { ...f.state, call: { id: next.callId, leg: 'secondary', to: secondary } } }, 'calling_secondary');
          }
          await self.flows.update(f.row.id, { state: withoutCall });
          return { kind: 'retry', view: view(f, f.row, withoutCall), problem: 'call_not_answered' };
        }
        case 'hung_up':
          await self.flows.update(f.row.id, { state: withoutCall });
          return { kind: 'retry', view: view(f, f.row, withoutCall), problem: 'call_declined' };
        case 'failed':
          await self.flows.update(f.row.id, { state: withoutCall });
          return { kind: 'retry', view: view(f, f.row, withoutCall), problem: 'call_failed' };
      }
    },

    /** For the waiting page's script: has the call ended? Changes nothing. */
    async callHasEnded(token: unknown): Promise<boolean> {
      const f = await load(token);
      if (!f?.state.call) return true;
      try {
        return (await ctx.phone.callStatus(f.state.call.id)) !== 'ringing';
      } catch {
        return true;
      }
    },

    /** Phone step: the texted code. */
    async verifyPhoneCode(r: FlowRequest & { code: string }): Promise<ResetResult> {
      const f = await load(r.token);
      if (!f) return expired;
      if (f.row.step !== 'phone' || !f.state.phoneCodeSentAt || !f.user) return retry(f, 'send_code_first');
      const check = await ctx.codes.verify({ userId: f.user.id, purpose: 'forgot_password', code: r.code.replace(/[\s-]/g, '') });
      if (check.outcome === 'ok' && check.channel === 'sms') return phoneVerified(f, r.ip, 'sms', f.state);
      if (check.outcome === 'expired') return retry(f, 'code_expired');
      if (check.outcome === 'too_many_attempts') return end(f, r.ip, 'too_many_tries', 'too_many_attempts');
      return wrongCode(f, r.ip);
    },

    /** "Enter a new password and confirm the password. Click the Continue button." */
    async setNewPassword(r: FlowRequest & { password: string; confirmPassword: string }): Promise<ResetResult> {
      const f = await load(r.token);
      if (!f) return expired;
      const user = f.user;
      if (f.row.step !== 'new_password' || !user || !f.state.emailVerified || (user.primary_phone && !f.state.phoneVerified)) return retry(f, 'invalid_request');
      const problem = passwordProblem(r, { username: user.username, email: user.email, portalName: ctx.settings.portalName });
      if (problem) return retry(f, problem);
      if (await ctx.hasher.verify(user.password_hash, r.password)) return retry(f, 'password_is_current');
      const hash = await ctx.hasher.hash(r.password);

      const now = at();
      const changed = await ctx.db.transaction().execute(async (trx) => {
        if (!(await self.flows.finish(f.row.id, trx))) return null;
        const revoked = await changePassword(trx, user.id, hash, now);
        await recordSelfServiceEvent(trx, now, 'password_reset.completed', {
          userId: user.id,
          ip: r.ip,
          details: { phoneVerified: f.state.phoneVerified, sessionsEnded: revoked.sessionsEnded, rememberedDevicesRevoked: revoked.rememberedDevicesRevoked, adminTokensRevoked: revoked.adminTokensRevoked },
        });
        return revoked;
      });
      if (!changed) return expired;
      // A lockout from guessed passwords ends with the owner proving their email (and phone).
      await ctx.throttle.recordSuccess(userThrottleKey(user.id));
      self.defer(async () => {
        try {
          await ctx.email.send(passwordChangedEmail(user, ctx.settings.portalName, now));
        } catch (error) {
          r.log.warn({ err: error }, 'password change notice not sent');
        }
      });
      return { kind: 'done' };
    },

    /** "Cancel": the flow ends. */
    async cancel(token: unknown): Promise<void> {
      const row = await self.flows.find(token, 'password_reset');
      if (row) await self.flows.finish(row.id);
    },
  };

  async function phoneVerified(f: Loaded, ip: string, channel: 'sms' | 'voice', state: FlowState): Promise<ResetResult> {
    await audit('password_reset.phone_verified', f.user?.id ?? null, ip, { channel });
    return move(f, { step: 'new_password', state: { ...state, phoneVerified: true }, wrongTries: 0 }, 'phone_verified');
  }
}

export type ForgotPassword = ReturnType<typeof createForgotPassword>;
