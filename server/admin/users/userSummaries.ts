import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { MfaMethod } from '../../domain/mfaMethods.js';
import type { Role, UserStatus } from '../../domain/user.js';
import { USER_THROTTLE_KEY_PREFIX } from '../../security/throttleKeys.js';
import type { MfaState, UserSearchRow } from './userSearch.js';

export interface UserSummary {
  id: string;
  username: string;
  name: string;
  email: string;
  status: UserStatus;
  /** The sign-in lockout holds the account (too many failures) until this instant; null when it does not. */
  lockedUntil: string | null;
  mfa: { state: MfaState; methods: MfaMethod[] };
  /** Only the caller's organizations this user belongs to. */
  organizations: Array<{ id: string; name: string; role: Role }>;
  lastLoginAt: string | null;
  createdAt: string;
}

/**
 * MFA state, lockout and memberships for one page of users: three queries keyed by the page's ids, so a
 * page of 100 costs the same whatever the table holds. `confirmed` methods make a user registered; a
 * registration still waiting for its first code makes them pending.
 */
export async function summarizeUsers(db: Kysely<Database>, rows: readonly UserSearchRow[], orgIds: readonly string[], now: Date): Promise<UserSummary[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [registrations, memberships, locks] = await Promise.all([
    db.selectFrom('mfa_registrations').select(['user_id', 'method', 'confirmed_at']).where('user_id', 'in', ids).orderBy('method').execute(),
    db
      .selectFrom('memberships as m')
      .innerJoin('organizations as o', 'o.id', 'm.org_id')
      .select(['m.user_id', 'm.role', 'o.id', 'o.name'])
      .where('m.user_id', 'in', ids)
      .where('m.org_id', 'in', orgIds)
      .orderBy('o.name')
      .execute(),
    db
      .selectFrom('login_throttle')
      .select(['key', 'locked_until'])
      .where('key', 'in', ids.map((id) => `user:${id}`))
      .where('locked_until', '>', now.toISOString())
      .execute(),
  ]);
  const lockedUntil = new Map(locks.map((l) => [l.key.slice(USER_THROTTLE_KEY_PREFIX.length), l.locked_until]));

  return rows.map((row) => {
    const own = registrations.filter((r) => r.user_id === row.id);
    const methods = own.filter((r) => r.confirmed_at !== null).map((r) => r.method);
    const state: MfaState = methods.length > 0 ? 'registered' : own.length > 0 ? 'pending' : 'not_registered';
    return {
      id: row.id,
      username: row.username,
      name: row.name,
      email: row.email,
      status: row.status,
      lockedUntil: lockedUntil.get(row.id) ?? null,
      mfa: { state, methods },
      organizations: memberships.filter((m) => m.user_id === row.id).map((m) => ({ id: m.id, name: m.name, role: m.role })),
      lastLoginAt: row.last_login_at === '' ? null : row.last_login_at,
      createdAt: row.created_at,
    };
  });
}
