import type { Kysely } from 'kysely';
import { createRegistrationLink, registrationLinkUrl } from '../admin/users/registrationLinks.js';
import { maskEmail } from '../auth/maskDestination.js';
import { findUserByLogin } from '../auth/signInFacts.js';
import type { ProblemLog } from '../auth/signInContext.js';
import type { Database, UserRow } from '../db/schema.js';
import { DeliveryError } from '../delivery/deliveryError.js';
import { countRecentEvents, recordSelfServiceEvent, type SelfServiceEvent } from '../recovery/selfServiceAudit.js';
import type { SelfServiceContext } from '../recovery/selfServiceContext.js';
import type { SelfServiceProblem } from '../recovery/selfServiceMessages.js';
import { completionLinkEmail, type CompletionLinkReason } from './enrollmentEmails.js';
import { checkAccountPassword, registrationOptions } from './registrationSession.js';
import { termsPending } from './termsOfUse.js';

const WINDOW_SECONDS = 15 * 60;
/** Registration resets asked for from one client address within 15 minutes. */
export const RESETS_PER_ADDRESS = 10;
/** Links (reset or resent) emailed to one user within 15 minutes. */
export const LINKS_PER_USER = 3;
const LINK_EVENTS: readonly SelfServiceEvent[] = ['registration.reset', 'registration.link_resent'];

export interface HelpRequest {
  ip: string;
  log: ProblemLog;
  /** Where the emailed link points (PUBLIC_BASE_URL, or this machine: selfServicePageRequest.linkBaseUrl). */
  linkBaseUrl: string;
}

export type ResetResult = { kind: 'requested' } | { kind: 'problem'; problem: SelfServiceProblem };

export type ResendResult =
  | { kind: 'sent'; to: string; expiresAt: string }
  | { kind: 'already_registered' }
  | { kind: 'problem'; problem: SelfServiceProblem; retryAfterSeconds?: number };

/**
 * Seed 003's two ways back into an unfinished registration:
 * - "Registration Error Message … click Reset. Enter username and click Submit. An email will be sent to
 *   the registered email address to complete the registration process." Anyone can type a username, so
 *   the answer is the same for every name and everything that differs happens after it.
 * - "Having trouble": "you will need the email and password you used to initiate" — then a new link.
 */
export function createRegistrationHelp(self: SelfServiceContext) {
  const ctx = self.signIn;

  /** Registration not finished: no usable MFA yet, or (a new provider) the terms still to accept. */
  async function unfinished(user: UserRow): Promise<boolean> {
    return !(await registrationOptions(ctx, user.id)).registered || (await termsPending(ctx.db, user.id));
  }

  async function tooManyLinks(userId: string): Promise<boolean> {
    const since = new Date(ctx.now().getTime() - WINDOW_SECONDS * 1000);
    return (await countRecentEvents(ctx.db, { events: LINK_EVENTS, userId, since, limit: LINKS_PER_USER })) >= LINKS_PER_USER;
  }

  /** A new link, replacing earlier ones and ending a link flow in progress, in one transaction with its audit line. */
  async function newLink(user: UserRow, ip: string, event: 'registration.reset' | 'registration.link_resent', reset: (trx: Kysely<Database>) => Promise<void>) {
    const now = ctx.now();
    return ctx.db.transaction().execute(async (trx) => {
      await reset(trx);
      await self.flows.finishForUser(user.id, 'registration_link', trx);
      const link = await createRegistrationLink(trx, { userId: user.id, purpose: 'complete_registration', now });
      await recordSelfServiceEvent(trx, now, event, { userId: user.id, ip, details: { linkExpiresAt: link.expiresAt.toISOString() } });
      return link;
    });
  }

  const emailFor = (user: UserRow, r: HelpRequest, link: { token: string; expiresAt: Date }, reason: CompletionLinkReason) =>
    completionLinkEmail(user, ctx.settings.portalName, registrationLinkUrl(r.linkBaseUrl, link.token), link.expiresAt, reason);

  return {
    async reset(r: HelpRequest & { username: string }): Promise<ResetResult> {
      const now = ctx.now();
      const since = new Date(now.getTime() - WINDOW_SECONDS * 1000);
      if ((await countRecentEvents(ctx.db, { events: ['registration.reset_requested'], ip: r.ip, since, limit: RESETS_PER_ADDRESS })) >= RESETS_PER_ADDRESS) {
        return { kind: 'problem', problem: 'too_many_requests' };
      }
      const user = await findUserByLogin(ctx.db, r.username);
      await recordSelfServiceEvent(ctx.db, now, 'registration.reset_requested', { userId: user?.id ?? null, ip: r.ip, details: user ? {} : { outcome: 'unknown_login' } });
      if (!user) return { kind: 'requested' };

      self.defer(async () => {
        const refuse = (reason: string) => recordSelfServiceEvent(ctx.db, ctx.now(), 'registration.reset_refused', { userId: user.id, ip: r.ip, details: { reason } });
        if (user.status !== 'active') return refuse(`account_${user.status}`);
        if (!(await unfinished(user))) return refuse('already_registered');
        if (await tooManyLinks(user.id)) return refuse('too_many_links');
        const link = await newLink(user, r.ip, 'registration.reset', async (trx) => {
          // What a stuck registration may have left: a half-registered authenticator, a sign-in in progress.
          await trx.deleteFrom('mfa_registrations').where('user_id', '=', user.id).where('confirmed_at', 'is', null).execute();
          await trx.deleteFrom('sessions').where('user_id', '=', user.id).where('stage', '!=', 'signed_in').execute();
        });
        try {
          await ctx.email.send(emailFor(user, r, link, 'reset'));
        } catch (error) {
          r.log.warn({ err: error }, 'registration reset link not sent');
        }
      });
      return { kind: 'requested' };
    },

    /** "Having trouble": email (or username) and password, then a new completion link. */
    async resend(r: HelpRequest & { login: string; password: string }): Promise<ResendResult> {
      const user = await findUserByLogin(ctx.db, r.login);
      const check = await checkAccountPassword(ctx, { user, login: r.login, password: r.password, ip: r.ip });
      if (!check.ok) {
        if (check.problem === 'locked') return { kind: 'problem', problem: 'locked', ...(check.retryAfterSeconds ? { retryAfterSeconds: check.retryAfterSeconds } : {}) };
        await recordSelfServiceEvent(ctx.db, ctx.now(), 'registration.password_failed', { userId: user?.id ?? null, ip: r.ip, details: { step: 'resend_link', reason: user ? 'wrong_password' : 'unknown_login' } });
        for (const key of check.newlyLocked ?? []) {
          const scope = key.startsWith('ip:') ? 'address' : 'account';
          await ctx.audit.record('login.locked', { userId: scope === 'account' ? (user?.id ?? null) : null, ip: r.ip, details: { scope, step: 'resend_link' } });
        }
        return { kind: 'problem', problem: 'invalid_credentials' };
      }
      const account = user!;
      if (!(await unfinished(account))) return { kind: 'already_registered' };
      if (await tooManyLinks(account.id)) return { kind: 'problem', problem: 'too_many_links' };
      const link = await newLink(account, r.ip, 'registration.link_resent', async () => {});
      try {
        await ctx.email.send(emailFor(account, r, link, 'resent'));
      } catch (error) {
        if (!(error instanceof DeliveryError)) throw error;
        r.log.warn({ channel: error.channel, failure: error.failure, reason: error.message }, 'registration link not sent');
        return { kind: 'problem', problem: 'delivery_failed' };
      }
      return { kind: 'sent', to: maskEmail(account.email), expiresAt: link.expiresAt.toISOString() };
    },
  };
}

export type RegistrationHelp = ReturnType<typeof createRegistrationHelp>;
