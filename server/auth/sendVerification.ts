import type { UserRow } from '../db/schema.js';
import { DeliveryError } from '../delivery/deliveryError.js';
import { verificationCallScript } from '../delivery/verificationCallScript.js';
import type { CodePurpose } from '../security/codePurpose.js';
import { codeRulesFor } from '../security/oneTimeCodePolicy.js';
import { maskEmail, maskPhone } from './maskDestination.js';
import type { ProblemLog, SignInContext } from './signInContext.js';
import type { SignInProblem } from './signInProblems.js';

/**
 * Sending codes and placing calls, each counted against the user's limit (AuthSettings.sendLimit). The
 * count reads the audit log's `mfa.code_sent` / `mfa.call_placed` lines (indexed by user and time), so
 * every instance sees the same count without another table.
 */
async function sendLimitProblem(ctx: SignInContext, userId: string, isResend: boolean): Promise<SignInProblem | null> {
  const { max, windowSeconds, minIntervalSeconds } = ctx.settings.sendLimit;
  const now = ctx.now().getTime();
  const since = new Date(now - windowSeconds * 1000).toISOString();
  const recent = await ctx.db
    .selectFrom('audit_log')
    .select('at')
    .where('subject_user_id', '=', userId)
    .where('at', '>', since)
    .where('event', 'in', ['mfa.code_sent', 'mfa.call_placed'])
    .orderBy('at', 'desc')
    .limit(max)
    .execute();
  if (recent.length >= max) return 'too_many_codes';
  const newest = recent[0];
  // The pause applies to "Send a new code" only: the first code of a new sign-in goes out at once.
  if (isResend && newest && now - Date.parse(newest.at) < minIntervalSeconds * 1000) return 'wait_before_resend';
  return null;
}

export interface CodeDelivery {
  user: Pick<UserRow, 'id' | 'email'>;
  purpose: CodePurpose;
  /** An email goes to the user's address; a text to `phone` (E.164). */
  channel: 'email' | 'sms';
  phone?: string;
  ip: string | null;
  /** "Send a new code": also subject to the minimum pause between sends. */
  isResend?: boolean;
}

/** Issues a new code (the previous one for the purpose stops working) and sends it. */
export async function sendCode(ctx: SignInContext, log: ProblemLog, d: CodeDelivery): Promise<SignInProblem | null> {
  if (d.channel === 'sms' && !d.phone) return 'send_code_first';
  const limited = await sendLimitProblem(ctx, d.user.id, d.isResend ?? false);
  if (limited) return limited;
  const minutes = Math.max(1, Math.round(codeRulesFor(ctx.settings.codePolicy, d.purpose, d.channel).lifetimeSeconds / 60));
  const portal = ctx.settings.portalName;
  const issued = await ctx.codes.issue({ userId: d.user.id, purpose: d.purpose, channel: d.channel });
  try {
    if (d.channel === 'sms') {
      await ctx.phone.sendSms(d.phone ?? '', `${portal}: your verification code is ${issued.code}. It expires in ${minutes} minute${minutes === 1 ? '' : 's'}. Never share it.`);
    } else {
      await ctx.email.send({
        to: d.user.email,
        subject: `Your ${portal} verification code`,
        text:
          `Your verification code is ${issued.code}.\n\n` +
          `It expires in ${minutes} minute${minutes === 1 ? '' : 's'} and works once. ` +
          `If you did not just try to sign in to ${portal}, change your password and tell your administrator.\n`,
      });
    }
  } catch (error) {
    return deliveryProblem(log, error);
  }
  const to = d.channel === 'sms' ? maskPhone(d.phone ?? '') : maskEmail(d.user.email);
  await ctx.audit.record('mfa.code_sent', { userId: d.user.id, ip: d.ip, details: { channel: d.channel, purpose: d.purpose, to } });
  return null;
}

/** Places a verification call (seeds 002 and 003: the person answers and presses #). */
export async function placeCall(
  ctx: SignInContext,
  log: ProblemLog,
  d: { userId: string; to: string; leg: 'primary' | 'secondary'; ip: string | null; countAgainstLimit: boolean },
): Promise<{ ok: true; callId: string } | { ok: false; problem: SignInProblem }> {
  // The call to the secondary number is part of the same attempt; only the first counts against the limit.
  if (d.countAgainstLimit) {
    const limited = await sendLimitProblem(ctx, d.userId, false);
    if (limited) return { ok: false, problem: limited };
  }
  try {
    const { id } = await ctx.phone.placeVerificationCall(d.to, { message: verificationCallScript(ctx.settings.portalName) });
    await ctx.audit.record('mfa.call_placed', { userId: d.userId, ip: d.ip, details: { leg: d.leg, to: maskPhone(d.to) } });
    return { ok: true, callId: id };
  } catch (error) {
    return { ok: false, problem: deliveryProblem(log, error, 'call_failed') };
  }
}

function deliveryProblem(log: ProblemLog, error: unknown, fallback: SignInProblem = 'delivery_failed'): SignInProblem {
  if (!(error instanceof DeliveryError)) throw error;
  // DeliveryError messages are written for the operator and never hold a code, password or token.
  log.warn({ channel: error.channel, failure: error.failure, providerStatus: error.providerStatus, reason: error.message }, 'sign-in message not delivered');
  return fallback;
}
