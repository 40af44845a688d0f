import { DeliveryError } from '../../delivery/deliveryError.js';
import { auditAdminAction } from '../adminAudit.js';
import type { AdminDeps } from '../adminDeps.js';
import { AdminError } from '../adminError.js';
import { ADMIN_EVENTS } from '../adminEvents.js';
import { registrationLinkEmail } from '../email/adminEmails.js';
import type { AdminCaller } from '../scope/adminCaller.js';
import { requireUserToActOn } from '../scope/requireInScope.js';
import { createRegistrationLink, registrationLinkUrl } from './registrationLinks.js';

/**
 * Seed 003's "Having trouble": a fresh link, valid 20 minutes, to set up MFA. Only for a user who has
 * none yet; someone registered must be reset first, so a link can never add a second factor behind the
 * user's back. The email is the point of the call, so a failure to send is an error (503).
 */
export async function sendRegistrationLink(
  deps: AdminDeps,
  caller: AdminCaller,
  input: { userId: string; reason: string | null; baseUrl: string },
): Promise<{ userId: string; sentTo: string; expiresAt: string }> {
  const now = deps.now();
  const done = await deps.db.transaction().execute(async (trx) => {
    const { user, sharedOrgIds } = await requireUserToActOn(trx, caller, input.userId);
    if (user.status === 'disabled') throw new AdminError('Conflict', `${user.name}'s account is disabled. Enable it before sending a registration link.`);
    const confirmed = await trx.selectFrom('mfa_registrations').select('method').where('user_id', '=', user.id).where('confirmed_at', 'is not', null).execute();
    if (confirmed.length > 0) {
      throw new AdminError('Conflict', `${user.name} already has two-step sign-in set up. Reset the registration if they need to set it up again.`);
    }
    const link = await createRegistrationLink(trx, { userId: user.id, purpose: 'mfa_registration', now, createdByUserId: caller.userId });
    await auditAdminAction(
      trx,
      caller,
      { event: ADMIN_EVENTS.registrationLinkSent, subjectUserId: user.id, orgId: sharedOrgIds[0] ?? null, reason: input.reason, details: { linkId: link.id, expiresAt: link.expiresAt.toISOString() } },
      now,
    );
    return { user, link };
  });

  try {
    await deps.email.send(registrationLinkEmail(done.user, registrationLinkUrl(input.baseUrl, done.link.token), done.link.expiresAt));
  } catch (error) {
    if (error instanceof DeliveryError) throw new AdminError('Unavailable', `The link was created but could not be emailed: ${error.message}`);
    throw error;
  }
  return { userId: done.user.id, sentTo: done.user.email, expiresAt: done.link.expiresAt.toISOString() };
}
