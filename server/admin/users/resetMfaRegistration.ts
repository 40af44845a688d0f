import { revokeRememberedDevices } from '../../auth/rememberedDevices.js';
import { DeliveryError } from '../../delivery/deliveryError.js';
import type { MfaMethod } from '../../domain/mfaMethods.js';
import { revokeSessions } from '../../sessions/sessionStore.js';
import { auditAdminAction } from '../adminAudit.js';
import type { AdminDeps } from '../adminDeps.js';
import { ADMIN_EVENTS } from '../adminEvents.js';
import { mfaResetEmail } from '../email/adminEmails.js';
import type { AdminCaller } from '../scope/adminCaller.js';
import { requireUserToActOn } from '../scope/requireInScope.js';
import { revokeAdminTokensOfUser } from '../tokens/adminTokens.js';
import { createRegistrationLink, registrationLinkUrl } from './registrationLinks.js';

export interface MfaResetOutcome {
  userId: string;
  removedMethods: MfaMethod[];
  /** False when the notice could not be sent; the reset itself stands. */
  emailed: boolean;
  emailProblem: string | null;
}

/**
 * Seed 003's "Reset registration": the user's second factors are gone and they set MFA up again at
 * their next sign-in, or from the emailed link. In one transaction with its audit line: the
 * registrations, remembered browsers (issue 4: revoked by MFA reset; migration 004's foreign key would
 * take them with the registrations too), codes in flight, sessions and admin tokens proved with the old
 * factor. The email goes after the commit: a message
 * cannot be taken back, so it must not announce a reset that rolled back.
 */
export async function resetMfaRegistration(deps: AdminDeps, caller: AdminCaller, input: { userId: string; reason: string; baseUrl: string }): Promise<MfaResetOutcome> {
  const now = deps.now();
  const at = now.toISOString();
  const done = await deps.db.transaction().execute(async (trx) => {
    const { user, sharedOrgIds } = await requireUserToActOn(trx, caller, input.userId);
    const removed = await trx.selectFrom('mfa_registrations').select('method').where('user_id', '=', user.id).orderBy('method').execute();
    const devices = await revokeRememberedDevices(trx, user.id);
    await trx.deleteFrom('mfa_registrations').where('user_id', '=', user.id).execute();
    await trx.updateTable('one_time_codes').set({ consumed_at: at }).where('user_id', '=', user.id).where('consumed_at', 'is', null).execute();
    const sessions = await revokeSessions(trx, user.id);
    const tokens = await revokeAdminTokensOfUser(trx, user.id, now);
    await trx.updateTable('users').set({ updated_at: at }).where('id', '=', user.id).execute();
    const link = await createRegistrationLink(trx, { userId: user.id, purpose: 'mfa_registration', now, createdByUserId: caller.userId });
    await auditAdminAction(
      trx,
      caller,
      {
        event: ADMIN_EVENTS.mfaReset,
        subjectUserId: user.id,
        orgId: sharedOrgIds[0] ?? null,
        reason: input.reason,
        details: { removedMethods: removed.map((r) => r.method), rememberedDevicesRevoked: devices, sessionsEnded: sessions, adminTokensRevoked: tokens },
      },
      now,
    );
    return { user, link, removed: removed.map((r) => r.method) };
  });

  const message = mfaResetEmail(done.user, registrationLinkUrl(input.baseUrl, done.link.token), done.link.expiresAt);
  const sent = await sendQuietly(deps, message);
  return { userId: done.user.id, removedMethods: done.removed, ...sent };
}

/** A DeliveryError becomes the outcome (its message names what to fix, never a secret); anything else is a bug and goes up. */
async function sendQuietly(deps: AdminDeps, message: Parameters<AdminDeps['email']['send']>[0]): Promise<{ emailed: boolean; emailProblem: string | null }> {
  try {
    await deps.email.send(message);
    return { emailed: true, emailProblem: null };
  } catch (error) {
    if (error instanceof DeliveryError) return { emailed: false, emailProblem: error.message };
    throw error;
  }
}
