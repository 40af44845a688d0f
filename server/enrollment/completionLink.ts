import type { Kysely } from 'kysely';
import { consumeRegistrationLink, type RegistrationLinkPurpose } from '../admin/users/registrationLinks.js';
import type { IssuedToken } from '../auth/rememberedDevices.js';
import { loadUser } from '../auth/signInFacts.js';
import type { Database, SelfServiceFlowRow, UserRow } from '../db/schema.js';
import { hashToken, looksLikeToken } from '../sessions/sessionToken.js';
import { changePassword } from '../recovery/changePassword.js';
import { passwordProblem, PASSWORD_RULES } from '../recovery/passwordRules.js';
import { recordSelfServiceEvent } from '../recovery/selfServiceAudit.js';
import type { FlowRequest, SelfServiceContext } from '../recovery/selfServiceContext.js';
import type { SelfServiceProblem } from '../recovery/selfServiceMessages.js';
import { checkAccountPassword, registrationOptions, startMfaRegistration } from './registrationSession.js';
import { TERMS_VERSION, termsPending } from './termsOfUse.js';

/** After the link is opened: long enough to choose a password. */
export const LINK_FLOW_SECONDS = 20 * 60;
const MAX_WRONG_PASSWORDS = 5;

export type LinkStep = 'create_password' | 'enter_password';

export interface LinkView {
  step: LinkStep;
  userName: string;
  username: string;
  expiresAt: string;
  passwordRules: readonly string[];
}

export type OpenLinkResult =
  | { kind: 'step'; token: IssuedToken; view: LinkView }
  /** Expired, used, replaced, unknown, or the account is disabled. */
  | { kind: 'invalid' }
  | { kind: 'already_registered' };

export type LinkPasswordResult =
  /** On to sign-in's MFA registration with this pending sign-in token. */
  | { kind: 'registration'; session: IssuedToken }
  /** MFA is set up already: sign in (the terms of use follow, if still pending). */
  | { kind: 'sign_in' }
  | { kind: 'retry'; view: LinkView; problem: SelfServiceProblem }
  | { kind: 'ended'; problem: SelfServiceProblem; retryAfterSeconds?: number };

/** A live link's purpose and user, without using it up: the page shows "Continue" before it is spent. */
export async function peekRegistrationLink(db: Kysely<Database>, token: unknown, now: Date): Promise<{ purpose: RegistrationLinkPurpose; userId: string } | null> {
  if (!looksLikeToken(token)) return null;
  const row = await db
    .selectFrom('registration_links')
    .select(['purpose', 'user_id'])
    .where('token_hash', '=', hashToken(token))
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now.toISOString())
    .executeTakeFirst();
  return row ? { purpose: row.purpose, userId: row.user_id } : null;
}

/**
 * The emailed link (seed 003: "you must click the link in your email within 20 minutes"), for a new
 * provider's completion link, a "Having trouble" or registration-reset link, and the admin's MFA links
 * (005's registration_links, any purpose). Opening it proves the mailbox; the password proves the rest:
 * a new provider chooses theirs here (seed 003's "Enter a new password, confirm the password, and click
 * Create"), anyone else types the one they have. Then sign-in's own registration pages register MFA.
 */
export function createCompletionLink(self: SelfServiceContext) {
  const ctx = self.signIn;

  const viewOf = (row: SelfServiceFlowRow, user: UserRow): LinkView => ({
    step: row.step as LinkStep,
    userName: user.name,
    username: user.username,
    expiresAt: row.expires_at,
    passwordRules: PASSWORD_RULES,
  });

  async function load(token: unknown): Promise<{ row: SelfServiceFlowRow; user: UserRow } | null> {
    const row = await self.flows.find(token, 'registration_link');
    const user = row?.user_id ? await loadUser(ctx.db, row.user_id) : undefined;
    if (!row || !user || user.status !== 'active') return null;
    return { row, user };
  }

  /** Registered already (and nothing else pending)? Then there is nothing left for a link to do. */
  async function isComplete(user: UserRow): Promise<boolean> {
    return (await registrationOptions(ctx, user.id)).registered && !(await termsPending(ctx.db, user.id));
  }

  async function next(user: UserRow, ip: string): Promise<LinkPasswordResult> {
    const options = await registrationOptions(ctx, user.id);
    if (options.registered) return { kind: 'sign_in' };
    return { kind: 'registration', session: await startMfaRegistration(ctx, user, options.options, ip) };
  }

  return {
    peek: (token: unknown) => peekRegistrationLink(ctx.db, token, ctx.now()),
    view: async (token: unknown): Promise<LinkView | null> => {
      const f = await load(token);
      return f ? viewOf(f.row, f.user) : null;
    },

    /** "Continue" on the link's page: the link is used up here, once. */
    async open(r: { linkToken: string; ip: string }): Promise<OpenLinkResult> {
      const now = ctx.now();
      const link = await peekRegistrationLink(ctx.db, r.linkToken, now);
      const userId = link ? await consumeRegistrationLink(ctx.db, r.linkToken, link.purpose, now) : null;
      const user = userId ? await loadUser(ctx.db, userId) : undefined;
      if (!link || !user || user.status !== 'active') return { kind: 'invalid' };
      if (await isComplete(user)) {
        await recordSelfServiceEvent(ctx.db, now, 'registration.link_opened', { userId: user.id, ip: r.ip, details: { purpose: link.purpose, outcome: 'already_registered' } });
        return { kind: 'already_registered' };
      }
      const signup = await ctx.db.selectFrom('provider_signups').select('password_set_at').where('user_id', '=', user.id).executeTakeFirst();
      const step: LinkStep = signup && signup.password_set_at === null ? 'create_password' : 'enter_password';
      await self.flows.finishForUser(user.id, 'registration_link');
      const created = await self.flows.create({ kind: 'registration_link', userId: user.id, step, state: { emailVerified: true, phoneVerified: false }, ip: r.ip }, LINK_FLOW_SECONDS);
      await recordSelfServiceEvent(ctx.db, now, 'registration.link_opened', { userId: user.id, ip: r.ip, details: { purpose: link.purpose, next: step } });
      return { kind: 'step', token: created.token, view: viewOf(created.row, user) };
    },

    /** Create (a new provider) or enter (anyone else) the password, then on to registering MFA. */
    async submitPassword(r: FlowRequest & { password: string; confirmPassword: string }): Promise<LinkPasswordResult> {
      const f = await load(r.token);
      if (!f) return { kind: 'ended', problem: 'flow_expired' };
      const { row, user } = f;
      const now = ctx.now();

      if (row.step === 'create_password') {
        const problem = passwordProblem(r, { username: user.username, email: user.email, portalName: ctx.settings.portalName });
        if (problem) return { kind: 'retry', view: viewOf(row, user), problem };
        const hash = await ctx.hasher.hash(r.password);
        const done = await ctx.db.transaction().execute(async (trx) => {
          if (!(await self.flows.finish(row.id, trx))) return false;
          await changePassword(trx, user.id, hash, now);
          await trx.updateTable('provider_signups').set({ password_set_at: now.toISOString() }).where('user_id', '=', user.id).execute();
          await recordSelfServiceEvent(trx, now, 'registration.password_set', { userId: user.id, ip: r.ip });
          return true;
        });
        return done ? next({ ...user, password_hash: hash }, r.ip) : { kind: 'ended', problem: 'flow_expired' };
      }

      const check = await checkAccountPassword(ctx, { user, login: user.username, password: r.password, ip: r.ip });
      if (!check.ok) {
        if (check.problem === 'locked') return { kind: 'ended', problem: 'locked', ...(check.retryAfterSeconds ? { retryAfterSeconds: check.retryAfterSeconds } : {}) };
        await recordSelfServiceEvent(ctx.db, now, 'registration.password_failed', { userId: user.id, ip: r.ip, details: { step: 'registration_link' } });
        for (const key of check.newlyLocked ?? []) {
          const scope = key.startsWith('ip:') ? 'address' : 'account';
          await ctx.audit.record('login.locked', { userId: scope === 'account' ? user.id : null, ip: r.ip, details: { scope, step: 'registration_link' } });
        }
        if ((await self.flows.countWrongTry(row.id)) >= MAX_WRONG_PASSWORDS) {
          await self.flows.finish(row.id);
          return { kind: 'ended', problem: 'locked' };
        }
        return { kind: 'retry', view: viewOf(row, user), problem: 'wrong_password' };
      }
      if (!(await self.flows.finish(row.id))) return { kind: 'ended', problem: 'flow_expired' };
      return next(user, r.ip);
    },

    async cancel(token: unknown): Promise<void> {
      const row = await self.flows.find(token, 'registration_link');
      if (row) await self.flows.finish(row.id);
    },
  };
}

export type CompletionLink = ReturnType<typeof createCompletionLink>;

/** "I have read and agree to these terms of use." → CONTINUE. True when this call recorded it. */
export async function acceptTermsOfUse(self: SelfServiceContext, input: { userId: string; ip: string }): Promise<boolean> {
  const now = self.signIn.now();
  return self.signIn.db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('provider_signups')
      .set({ terms_accepted_at: now.toISOString(), terms_version: TERMS_VERSION })
      .where('user_id', '=', input.userId)
      .where('terms_accepted_at', 'is', null)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) return false;
    await recordSelfServiceEvent(trx, now, 'registration.completed', { userId: input.userId, ip: input.ip, details: { termsVersion: TERMS_VERSION } });
    return true;
  });
}
