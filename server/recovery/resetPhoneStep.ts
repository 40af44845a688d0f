import { readCallStatus } from '../auth/secondFactorStep.js';
import { placeCall, sendCode } from '../auth/sendVerification.js';
import { expired, type Loaded, type ResetFlowKit, type ResetResult } from './resetFlowKit.js';
import { fromSignInProblem, type FlowRequest, type SelfServiceContext } from './selfServiceContext.js';
import type { FlowState } from './selfServiceFlows.js';

/**
 * The phone step of a password reset, for users with a phone on file (seed 003: "Phone users will be
 * prompted to select Send Code … or Call Me"): a texted code, or a call answered with #, at the primary
 * number and then the secondary one.
 */
export function resetPhoneStep(self: SelfServiceContext, kit: ResetFlowKit) {
  const { ctx, at, audit, load, view, move, retry, end, wrongCode } = kit;

  async function phoneVerified(f: Loaded, ip: string, channel: 'sms' | 'voice', state: FlowState): Promise<ResetResult> {
    await audit('password_reset.phone_verified', f.user?.id ?? null, ip, { channel });
    return move(f, { step: 'new_password', state: { ...state, phoneVerified: true }, wrongTries: 0 }, 'phone_verified');
  }

  return {
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

  };
}
