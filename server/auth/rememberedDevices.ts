import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, UserRow } from '../db/schema.js';
import type { MfaMethod } from '../domain/mfaMethods.js';
import { hashToken, looksLikeToken, newToken } from '../sessions/sessionToken.js';

export interface IssuedToken {
  token: string;
  expiresAt: string;
}

/**
 * "Remember me" (seed 003): a browser that proved a second factor may skip it for a while, but only for
 * the same login option (method). A device row is keyed by its token's hash and bound to:
 * - the registration used, by foreign key: an MFA reset deletes registrations and so these rows;
 * - a fingerprint of the password hash: after a password change it no longer matches.
 * revokeRememberedDevices() also ends them explicitly, for the flows that change either.
 */
export interface RememberedDevices {
  create(user: Pick<UserRow, 'id' | 'password_hash'>, registrationId: string, method: MfaMethod, lifetimeSeconds: number): Promise<IssuedToken>;
  /** The registration this browser proved for `method`, when its token is still good; otherwise null. */
  match(token: unknown, user: Pick<UserRow, 'id' | 'password_hash'>, method: MfaMethod): Promise<{ deviceId: string; registrationId: string } | null>;
  deleteExpired(): Promise<number>;
}

export function passwordFingerprint(passwordHash: string): string {
  return createHash('sha256').update('twofold/remembered-device/password/v1\0').update(passwordHash).digest('hex');
}

export function createRememberedDevices(db: Kysely<Database>, now: () => Date): RememberedDevices {
  return {
    async create(user, registrationId, method, lifetimeSeconds) {
      const token = newToken();
      const at = now();
      const expiresAt = new Date(at.getTime() + lifetimeSeconds * 1000).toISOString();
      await db
        .insertInto('remembered_devices')
        .values({
          id: hashToken(token),
          user_id: user.id,
          registration_id: registrationId,
          method,
          password_fingerprint: passwordFingerprint(user.password_hash),
          created_at: at.toISOString(),
          expires_at: expiresAt,
          last_used_at: null,
        })
        .execute();
      return { token, expiresAt };
    },

    async match(token, user, method) {
      if (!looksLikeToken(token)) return null;
      const at = now().toISOString();
      const row = await db
        .selectFrom('remembered_devices')
        .innerJoin('mfa_registrations', 'mfa_registrations.id', 'remembered_devices.registration_id')
        .select(['remembered_devices.id', 'remembered_devices.registration_id', 'remembered_devices.password_fingerprint'])
        .where('remembered_devices.id', '=', hashToken(token))
        .where('remembered_devices.user_id', '=', user.id)
        .where('remembered_devices.method', '=', method)
        .where('remembered_devices.expires_at', '>', at)
        .where('mfa_registrations.method', '=', method)
        .where('mfa_registrations.confirmed_at', 'is not', null)
        .executeTakeFirst();
      if (!row || row.password_fingerprint !== passwordFingerprint(user.password_hash)) return null;
      await db.updateTable('remembered_devices').set({ last_used_at: at }).where('id', '=', row.id).execute();
      return { deviceId: row.id, registrationId: row.registration_id };
    },

    async deleteExpired() {
      const result = await db.deleteFrom('remembered_devices').where('expires_at', '<=', now().toISOString()).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

/**
 * Forgets every remembered browser of a user: for password change, forgotten password and MFA reset
 * (the admin and password flows call it, in their transaction if they pass one). Returns how many.
 */
export async function revokeRememberedDevices(db: Kysely<Database>, userId: string): Promise<number> {
  const result = await db.deleteFrom('remembered_devices').where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}
