import { sql, type Kysely } from 'kysely';
import { precompile } from '../db/precompiledQuery.js';
import type { Database } from '../db/schema.js';
import { sqlDialectOf } from '../db/sqlDialectOf.js';
import type { ThrottleRow } from '../security/loginThrottle.js';
import { addressThrottleKey, USER_THROTTLE_KEY_PREFIX } from '../security/throttleKeys.js';
import type { TotpRegistration } from '../security/totpVerifier.js';
import { sessionAndUserOf, USER_SELECTION } from '../sessions/sessionStore.js';
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

/** What one code check looks up: its sign-in (the token's hash) and the client address's lockout key. */
export interface CodeAttemptKey {
  sessionId: string;
  addressKey: string;
}

/** One row of the read: the session, its user, the lockout rows and the registration, prefixed by table. */
export type CodeAttemptRow = Record<string, unknown>;

interface InputRow {
  session_id: string;
  address_key: string;
  /** The key's place in the batch, from 0. */
  n: number | string;
}

// One statement for every code checked in one turn of the event loop, and for each of them the
// session with its user, both lockout rows and the registration (instead of three statements each):
// on PostgreSQL each round trip costs more than the keyed lookups it carries (bench:server). The keys
// arrive as one parameter — an array pair unnested on PostgreSQL, a JSON array on SQLite — so the text
// is the same for any number of them and is prepared once. The account's lockout key is
// userThrottleKey spelled in SQL (the prefix is shared; totpCodeStep.test.ts).
const attemptsFrom = (db: Kysely<Database>, input: ReturnType<typeof pgInput>, at: string) =>
  db
    .selectFrom(input)
    .innerJoin('sessions', 'sessions.id', 'input.session_id')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .leftJoin('mfa_registrations as totp', (join) => join.onRef('totp.user_id', '=', 'sessions.user_id').on('totp.method', '=', 'totp'))
    .leftJoin('login_throttle as account_lock', (join) => join.on('account_lock.key', '=', sql<string>`${USER_THROTTLE_KEY_PREFIX} || sessions.user_id`))
    .leftJoin('login_throttle as address_lock', (join) => join.onRef('address_lock.key', '=', 'input.address_key'))
    .selectAll('sessions')
    .select(USER_SELECTION)
    .select([
      'input.n as input__n',
      'totp.id as totp__id',
      'totp.totp_secret_encrypted as totp__totp_secret_encrypted',
      'totp.confirmed_at as totp__confirmed_at',
      'totp.last_totp_step as totp__last_totp_step',
      'account_lock.key as account_lock__key',
      'account_lock.locked_until as account_lock__locked_until',
      'address_lock.key as address_lock__key',
      'address_lock.locked_until as address_lock__locked_until',
    ])
    .where('sessions.expires_at', '>', at)
    .where('sessions.idle_expires_at', '>', at);

const pgInput = (sessionIds: unknown, addressKeys: unknown) =>
  sql<InputRow>`(select session_id, address_key, n - 1 as n from unnest(${sessionIds}::text[], ${addressKeys}::text[]) with ordinality as t(session_id, address_key, n))`.as('input');
const sqliteInput = (pairs: unknown) => sql<InputRow>`(select value ->> 0 as session_id, value ->> 1 as address_key, key as n from json_each(${pairs}))`.as('input');

const onPostgres = precompile<[sessionIds: string[], addressKeys: string[], at: string], CodeAttemptRow>(3, (db, sessionIds, addressKeys, at) =>
  attemptsFrom(db, pgInput(sessionIds, addressKeys), at),
);
const onSqlite = precompile<[pairs: string, at: string], CodeAttemptRow>(2, (db, pairs, at) => attemptsFrom(db, sqliteInput(pairs), at));

/** The rows for `keys`, in their order: undefined where the sign-in is unknown or has expired. */
export async function readCodeAttempts(db: Kysely<Database>, keys: readonly CodeAttemptKey[], at: string): Promise<Array<CodeAttemptRow | undefined>> {
  const { rows } =
    sqlDialectOf(db) === 'postgres'
      ? await onPostgres.execute(db, keys.map((k) => k.sessionId), keys.map((k) => k.addressKey), at)
      : await onSqlite.execute(db, JSON.stringify(keys.map((k) => [k.sessionId, k.addressKey])), at);
  const found: Array<CodeAttemptRow | undefined> = keys.map(() => undefined);
  for (const row of rows) found[Number(row.input__n)] = row;
  return found;
}

/**
 * The sign-in in progress a token names at the second-factor step (as loadPending finds it), with the
 * lockout rows and the authenticator registration its code is checked against; null when there is none.
 * Read with the other code checks of the same turn (SignInContext.readCodeAttempt).
 */
export async function loadCodeAttempt(ctx: SignInContext, token: unknown, ip: string): Promise<CodeAttempt | null> {
  if (!looksLikeToken(token)) return null;
  const found = await ctx.readCodeAttempt({ sessionId: hashToken(token), addressKey: addressThrottleKey(ip) });
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
