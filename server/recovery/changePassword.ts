import type { Kysely } from 'kysely';
import { revokeAdminTokensOfUser } from '../admin/tokens/adminTokens.js';
import { revokeRememberedDevices } from '../auth/rememberedDevices.js';
import type { Database } from '../db/schema.js';
import { revokeSessions } from '../sessions/sessionStore.js';

export interface PasswordChanged {
  sessionsEnded: number;
  rememberedDevicesRevoked: number;
  adminTokensRevoked: number;
}

/**
 * Stores a new password hash and ends what the old password let in: every session (signed in or
 * half-way through a sign-in), every remembered browser ("Remember me" is revoked by a password
 * change, issue 4), every admin API token (whoever stole one must not keep it past the reset), and
 * codes still in flight. Call inside the transaction that audits it.
 */
export async function changePassword(trx: Kysely<Database>, userId: string, passwordHash: string, now: Date): Promise<PasswordChanged> {
  const at = now.toISOString();
  await trx.updateTable('users').set({ password_hash: passwordHash, updated_at: at }).where('id', '=', userId).execute();
  const rememberedDevicesRevoked = await revokeRememberedDevices(trx, userId);
  const sessionsEnded = await revokeSessions(trx, userId);
  const adminTokensRevoked = await revokeAdminTokensOfUser(trx, userId, now);
  await trx.updateTable('one_time_codes').set({ consumed_at: at }).where('user_id', '=', userId).where('consumed_at', 'is', null).execute();
  return { sessionsEnded, rememberedDevicesRevoked, adminTokensRevoked };
}
