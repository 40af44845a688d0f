import { createLoginThrottle } from '../../security/loginThrottle.js';
import { userThrottleKey } from '../../security/throttleKeys.js';
import { auditAdminAction } from '../adminAudit.js';
import type { AdminDeps } from '../adminDeps.js';
import { AdminError } from '../adminError.js';
import { ADMIN_EVENTS } from '../adminEvents.js';
import type { AdminCaller } from '../scope/adminCaller.js';
import { requireUserToActOn } from '../scope/requireInScope.js';

/**
 * Lets a locked-out user sign in again: ends the sign-in lockout (too many failures) and turns a
 * `locked` status back to `active`. A disabled account stays disabled: that is a decision, not a lockout.
 * Failures counted against the user's address stay too: an attacker's address does not get fresh tries.
 */
export async function unlockUser(deps: AdminDeps, caller: AdminCaller, input: { userId: string; reason: string }): Promise<void> {
  const now = deps.now();
  await deps.db.transaction().execute(async (trx) => {
    const { user, sharedOrgIds } = await requireUserToActOn(trx, caller, input.userId);
    const lockout = await trx
      .selectFrom('login_throttle')
      .select('locked_until')
      .where('key', '=', userThrottleKey(user.id))
      .where('locked_until', '>', now.toISOString())
      .executeTakeFirst();
    if (user.status === 'disabled') throw new AdminError('Conflict', `${user.name}'s account is disabled, not locked. Unlocking does not apply.`);
    if (user.status !== 'locked' && !lockout) throw new AdminError('Conflict', `${user.name}'s account is not locked.`);

    await trx.updateTable('users').set({ status: 'active', updated_at: now.toISOString() }).where('id', '=', user.id).where('status', '=', 'locked').execute();
    await createLoginThrottle({ db: trx, now: deps.now, ...(deps.throttleRules ? { rules: deps.throttleRules } : {}) }).clear(userThrottleKey(user.id));
    await auditAdminAction(
      trx,
      caller,
      {
        event: ADMIN_EVENTS.unlocked,
        subjectUserId: user.id,
        orgId: sharedOrgIds[0] ?? null,
        reason: input.reason,
        details: { statusWas: user.status, lockoutUntil: lockout?.locked_until ?? null },
      },
      now,
    );
  });
}
