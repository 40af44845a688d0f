import { randomBytes, randomUUID } from 'node:crypto';
import { createRegistrationLink, registrationLinkUrl } from '../admin/users/registrationLinks.js';
import { isUniqueViolation } from '../db/isUniqueViolation.js';
import type { IssuedToken } from '../auth/rememberedDevices.js';
import type { SelfServiceFlowRow } from '../db/schema.js';
import { addressThrottleKey } from '../security/throttleKeys.js';
import { recordSelfServiceEvent } from '../recovery/selfServiceAudit.js';
import type { FlowRequest, SelfServiceContext } from '../recovery/selfServiceContext.js';
import type { SelfServiceProblem } from '../recovery/selfServiceMessages.js';
import { alreadyRegisteredEmail, completionLinkEmail } from './enrollmentEmails.js';
import type { OrganizationForm, ProviderDetails, ProviderDetailsField } from './providerDetails.js';
import { organizationForRegistration } from './providerRegistrationCodes.js';

/** From a matching NPI and code to the submitted details. */
export const SIGNUP_FLOW_SECONDS = 30 * 60;
/**
 * Caps, read from the audit log as the sign-in's send limits are (every instance sees the same count):
 * a clinic's registration code is shared with its providers, so whoever holds it could otherwise create
 * accounts and send links, or "already registered" notices to one person, without end.
 */
export const SIGNUP_LIMITS = {
  /** Registrations finished (link sent, or a notice to an address in use) per client address. */
  perAddress: { max: 5, windowSeconds: 15 * 60 },
  /** "Already registered" notices to one person; more are not sent (the page reads the same). */
  noticesPerUser: { max: 3, windowSeconds: 24 * 3600 },
} as const;

export interface SignupView {
  organizationName: string;
  npi: string;
  expiresAt: string;
}

export type OrganizationResult =
  | { kind: 'step'; token: IssuedToken; view: SignupView }
  | { kind: 'problem'; problem: SelfServiceProblem; retryAfterSeconds?: number };

export type DetailsResult =
  /** "Registration is complete": the link is on its way (or, for an address in use, a notice to its owner). */
  | { kind: 'sent'; email: string }
  | { kind: 'invalid'; fields: Partial<Record<ProviderDetailsField, string>> }
  | { kind: 'ended'; problem: SelfServiceProblem };

/**
 * Seed 003, "New Provider Registration": the NPI and provider registration code name the organization;
 * then a username and contact details make an account without a password and without MFA, and an email
 * carries a link, valid 20 minutes, to finish (choose a password, register MFA, accept the terms).
 */
export function createProviderSignup(self: SelfServiceContext) {
  const ctx = self.signIn;

  async function load(token: unknown): Promise<{ row: SelfServiceFlowRow; view: SignupView } | null> {
    const row = await self.flows.find(token, 'provider_signup');
    if (!row?.org_id || !row.npi) return null;
    const org = await ctx.db.selectFrom('organizations').select('name').where('id', '=', row.org_id).executeTakeFirst();
    return org ? { row, view: { organizationName: org.name, npi: row.npi, expiresAt: row.expires_at } } : null;
  }

  /** Audit lines of these events within the window, from one client address or about one user. */
  async function recentEvents(events: string[], windowSeconds: number, who: { ip: string } | { userId: string }): Promise<number> {
    const since = new Date(ctx.now().getTime() - windowSeconds * 1000).toISOString();
    let query = ctx.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number | string>().as('n')).where('event', 'in', events).where('at', '>', since);
    query = 'ip' in who ? query.where('ip', '=', who.ip) : query.where('subject_user_id', '=', who.userId);
    return Number((await query.executeTakeFirstOrThrow()).n);
  }

  return {
    view: async (token: unknown): Promise<SignupView | null> => (await load(token))?.view ?? null,

    /** "Enter NPI and Registration Code, then click Next." A wrong pair counts against the client address. */
    async verifyOrganization(r: Omit<FlowRequest, 'token'> & OrganizationForm): Promise<OrganizationResult> {
      const key = addressThrottleKey(r.ip);
      const gate = await ctx.throttle.check([key]);
      if (!gate.allowed) return { kind: 'problem', problem: 'locked', retryAfterSeconds: gate.retryAfterSeconds };
      const now = ctx.now();
      const orgId = await organizationForRegistration(ctx.db, { npi: r.npi, code: r.registrationCode, now });
      if (!orgId) {
        const record = await ctx.throttle.recordFailure([key]);
        await recordSelfServiceEvent(ctx.db, now, 'registration.code_refused', { userId: null, ip: r.ip, orgId: null, details: { locked: record.newlyLocked.length > 0 } });
        return { kind: 'problem', problem: 'registration_code_mismatch' };
      }
      const created = await self.flows.create({ kind: 'provider_signup', userId: null, orgId, npi: r.npi, step: 'details', state: { emailVerified: false, phoneVerified: false }, ip: r.ip }, SIGNUP_FLOW_SECONDS);
      const loaded = await load(created.token.token);
      if (!loaded) return { kind: 'problem', problem: 'flow_expired' };
      return { kind: 'step', token: created.token, view: loaded.view };
    },

    /**
     * "Create Username, and enter all required fields under Contact Information, then click Next." A
     * username in use is said (the person must pick another); an email address in use is not: the page
     * reads the same and the address's owner gets a notice instead of a link.
     */
    async submitDetails(r: FlowRequest & { details: ProviderDetails; linkBaseUrl: string }): Promise<DetailsResult> {
      const flow = await load(r.token);
      if (!flow) return { kind: 'ended', problem: 'flow_expired' };
      const fromAddress = await recentEvents(['registration.started', 'registration.email_in_use'], SIGNUP_LIMITS.perAddress.windowSeconds, { ip: r.ip });
      if (fromAddress >= SIGNUP_LIMITS.perAddress.max) {
        await self.flows.finish(flow.row.id);
        return { kind: 'ended', problem: 'too_many_requests' };
      }
      const d = r.details;
      const taken = await ctx.db.selectFrom('users').select('id').where('username', '=', d.username).executeTakeFirst();
      if (taken) return { kind: 'invalid', fields: { username: 'That username is already taken. Choose another one.' } };

      // Hashed on both paths below, so an address in use answers as slowly as a new one.
      const unusablePassword = await ctx.hasher.hash(randomBytes(32).toString('base64'));
      const orgId = flow.row.org_id!;
      const npi = flow.row.npi!;
      const name = `${d.firstName} ${d.lastName}`;
      const now = ctx.now();
      const at = now.toISOString();

      const inUse = await ctx.db.selectFrom('users').select(['id', 'name', 'email']).where('email', '=', d.email).executeTakeFirst();
      if (inUse) {
        if (!(await self.flows.finish(flow.row.id))) return { kind: 'ended', problem: 'flow_expired' };
        const notices = await recentEvents(['registration.email_in_use'], SIGNUP_LIMITS.noticesPerUser.windowSeconds, { userId: inUse.id });
        const notify = notices < SIGNUP_LIMITS.noticesPerUser.max;
        await recordSelfServiceEvent(ctx.db, now, 'registration.email_in_use', { userId: inUse.id, ip: r.ip, orgId, details: { npi, noticeSent: notify } });
        const loginUrl = new URL('/login', r.linkBaseUrl).toString();
        if (notify) self.defer(() => ctx.email.send(alreadyRegisteredEmail(inUse, ctx.settings.portalName, loginUrl)).catch((error: unknown) => r.log.warn({ err: error }, 'registration notice not sent')));
        return { kind: 'sent', email: d.email };
      }

      const userId = randomUUID();
      let link: { token: string; expiresAt: Date } | null;
      try {
        link = await ctx.db.transaction().execute(async (trx) => {
          if (!(await self.flows.finish(flow.row.id, trx))) return null;
          await trx
            .insertInto('users')
            .values({ id: userId, username: d.username, email: d.email, name, name_search: name.toLowerCase(), primary_phone: null, secondary_phone: null, status: 'active', password_hash: unusablePassword, created_at: at, updated_at: at })
            .execute();
          await trx.insertInto('memberships').values({ user_id: userId, org_id: orgId, role: 'staff' }).execute();
          await trx
            .insertInto('provider_signups')
            .values({
              user_id: userId,
              org_id: orgId,
              npi,
              first_name: d.firstName,
              last_name: d.lastName,
              address_line1: d.address1,
              address_line2: d.address2,
              city: d.city,
              state: d.state,
              zip: d.zip,
              office_phone: d.phone,
              fax: d.fax ?? '',
              created_at: at,
              password_set_at: null,
              terms_accepted_at: null,
              terms_version: null,
            })
            .execute();
          const created = await createRegistrationLink(trx, { userId, purpose: 'complete_registration', now });
          await recordSelfServiceEvent(trx, now, 'registration.started', { userId, ip: r.ip, orgId, details: { npi, linkExpiresAt: created.expiresAt.toISOString() } });
          return created;
        });
      } catch (error) {
        // Taken between the check and the insert by another request: said as the check would have.
        if (isUniqueViolation(error)) return { kind: 'invalid', fields: { username: 'That username is already taken. Choose another one.' } };
        throw error;
      }
      if (!link) return { kind: 'ended', problem: 'flow_expired' };
      const message = completionLinkEmail({ email: d.email, name }, ctx.settings.portalName, registrationLinkUrl(r.linkBaseUrl, link.token), link.expiresAt, 'registered');
      self.defer(() => ctx.email.send(message).catch((error: unknown) => r.log.warn({ err: error }, 'registration link not sent')));
      return { kind: 'sent', email: d.email };
    },

    async cancel(token: unknown): Promise<void> {
      const row = await self.flows.find(token, 'provider_signup');
      if (row) await self.flows.finish(row.id);
    },
  };
}

export type ProviderSignup = ReturnType<typeof createProviderSignup>;
