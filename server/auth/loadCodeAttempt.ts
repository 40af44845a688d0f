import { sql } from 'kysely';
import { precompile } from '../db/precompiledQuery.js';
import type { ThrottleRow } from '../security/loginThrottle.js';
import { addressThrottleKey, USER_THROTTLE_KEY_PREFIX } from '../security/throttleKeys.js';
import type { TotpRegistration } from '../security/totpVerifier.js';
import { selectLiveSessionWithUser, sessionAndUserOf } from '../sessions/sessionStore.js';
import { hashToken, looksLikeToken } from '../sessions/sessionToken.js';
import { pendingFrom, type Pending } from './loadPending.js';
import type { SignInContext } from './signInContext.js';

/** Everything checking a code reads, before it writes anything. */
export interface CodeAttempt extends Pending {
  /** The lockout rows of the account and of the client address (none: no failure on record). */
  throttleRows: ThrottleRow[];
  /** The user's authenticator registration, if any (read whatever the method: one statement either way). */
  totpRegistration: TotpRegistration | undefined;
}

// One statement instead of three (session with user, lockout rows, registration): every code checked
// runs it, and on PostgreSQL each round trip costs more than the keyed lookup it carries (bench:server).
// The account's lockout key is userThrottleKey spelled in SQL (the prefix is shared; totpCodeStep.test.ts).
const codeAttemptOf = precompile<[id: string, at: string, addressKey: string], Record<string, unknown>>(3, (db, id, at, addressKey) =>
  selectLiveSessionWithUser(db, id, at)
    .leftJoin('mfa_registrations as totp', (join) => join.onRef('totp.user_id', '=', 'sessions.user_id').on('totp.method', '=', 'totp'))
    .leftJoin('login_throttle as account_lock', (join) => join.on('account_lock.key', '=', sql<string>`${USER_THROTTLE_KEY_PREFIX} || sessions.user_id`))
    .leftJoin('login_throttle as address_lock', (join) => join.on('address_lock.key', '=', addressKey))
    .select([
      'totp.id as totp__id',
      'totp.totp_secret_encrypted as totp__totp_secret_encrypted',
      'totp.confirmed_at as totp__confirmed_at',
      'totp.last_totp_step as totp__last_totp_step',
      'account_lock.key as account_lock__key',
      'account_lock.locked_until as account_lock__locked_until',
      'address_lock.key as address_lock__key',
      'address_lock.locked_until as address_lock__locked_until',
    ]),
);

/**
 * The sign-in in progress a token names at the second-factor step (as loadPending finds it), with the
 * lockout rows and the authenticator registration its code is checked against; null when there is none.
 */
export async function loadCodeAttempt(ctx: SignInContext, token: unknown, ip: string): Promise<CodeAttempt | null> {
  if (!looksLikeToken(token)) return null;
  const found = (await codeAttemptOf.execute(ctx.db, hashToken(token), ctx.now().toISOString(), addressThrottleKey(ip))).rows[0];
  const pending = await pendingFrom(ctx, found && sessionAndUserOf(found), 'second_factor');
  if (!pending || !found) return null;
  const throttleRows = (['account_lock', 'address_lock'] as const)
    .filter((lock) => found[`${lock}__key`] !== null)
    .map((lock) => ({ key: found[`${lock}__key`] as string, locked_until: found[`${lock}__locked_until`] as string | null }));
  const totpRegistration =
    found.totp__id === null
      ? undefined
      : {
          id: found.totp__id as string,
          totp_secret_encrypted: found.totp__totp_secret_encrypted as string | null,
          confirmed_at: found.totp__confirmed_at as string | null,
          last_totp_step: found.totp__last_totp_step as number | null,
        };
  return { ...pending, throttleRows, totpRegistration };
}
