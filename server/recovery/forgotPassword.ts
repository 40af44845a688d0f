import type { UserRow } from '../db/schema.js';
import { maskEmail } from '../auth/maskDestination.js';
import { sendCode } from '../auth/sendVerification.js';
import { findUserByLogin } from '../auth/signInFacts.js';
import { codeRulesFor } from '../security/oneTimeCodePolicy.js';
import { addressThrottleKey, userThrottleKey } from '../security/throttleKeys.js';
import { changePassword } from './changePassword.js';
import { passwordProblem } from './passwordRules.js';
import { passwordChangedEmail } from './recoveryEmails.js';
import { expired, RESET_FLOW_SECONDS, resetFlowKit, type ResetResult, type ResetStep } from './resetFlowKit.js';
import { resetPhoneStep } from './resetPhoneStep.js';
import { countRecentEvents, recordSelfServiceEvent } from './selfServiceAudit.js';
import type { FlowRequest, SelfServiceContext } from './selfServiceContext.js';
import type { FlowState } from './selfServiceFlows.js';

export { MAX_WRONG_CODES, RESET_FLOW_SECONDS, type ResetResult, type ResetStep, type ResetView } from './resetFlowKit.js';

/** Password resets started from one client address within 15 minutes. */
export const RESET_REQUESTS_PER_ADDRESS = 10;
const WINDOW_SECONDS = 15 * 60;

/**
 * Forgot or reset password (seed 003): a 6-digit code to the account's email, then — for users with a
 * phone on file — a texted code or a call answered with # (resetPhoneStep.ts), then a new password.
 * Nothing along the way tells whether the email or username belongs to an account: a request that
 * matches nobody gets the same pages, and its codes are simply never right.
 */
export function createForgotPassword(self: SelfServiceContext) {
  const kit = resetFlowKit(self);
  const { ctx, at, audit, load, view, move, retry, end, wrongCode } = kit;

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
    ...resetPhoneStep(self, kit),

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
}

export type ForgotPassword = ReturnType<typeof createForgotPassword>;
