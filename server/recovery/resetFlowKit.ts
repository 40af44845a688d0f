import type { SelfServiceFlowRow, UserRow } from '../db/schema.js';
import { loadUser } from '../auth/signInFacts.js';
import { maskPhone } from '../auth/maskDestination.js';
import { codeRulesFor } from '../security/oneTimeCodePolicy.js';
import { addressThrottleKey } from '../security/throttleKeys.js';
import { PASSWORD_RULES } from './passwordRules.js';
import { recordSelfServiceEvent, type SelfServiceEvent } from './selfServiceAudit.js';
import type { FlowResult, SelfServiceContext } from './selfServiceContext.js';
import { parseFlowState, type FlowState } from './selfServiceFlows.js';
import type { SelfServiceNotice, SelfServiceProblem } from './selfServiceMessages.js';

/** The whole flow, from the email to the new password (the codes inside it last 10 minutes each). */
export const RESET_FLOW_SECONDS = 20 * 60;
/** Wrong codes per step before the flow ends; the same bound the codes themselves have by default. */
export const MAX_WRONG_CODES = 5;

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

export interface Loaded {
  row: SelfServiceFlowRow;
  state: FlowState;
  /** Null for a request that matched no active account: the flow looks the same and never succeeds. */
  user: UserRow | null;
}

export const expired: ResetResult = { kind: 'ended', problem: 'flow_expired' };

/** What every step of a password reset does with its flow: load it, show it, move it on, end it. */
export type ResetFlowKit = ReturnType<typeof resetFlowKit>;

export function resetFlowKit(self: SelfServiceContext) {
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

  return { ctx, at, audit, load, view, move, retry, end, wrongCode };
}
