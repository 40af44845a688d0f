import { sql, type Kysely } from 'kysely';
import { precompile } from '../db/precompiledQuery.js';
import type { Database } from '../db/schema.js';
import { USER_THROTTLE_KEY_PREFIX, type ThrottleKey, type UserThrottleKey } from './throttleKeys.js';

export interface ThrottleRule {
  /** Failures within one window that lock the key. */
  maxFailures: number;
  windowSeconds: number;
  lockSeconds: number;
}

/** By key kind: `user:` keys and `ip:` keys. */
export interface ThrottleRules {
  user: ThrottleRule;
  ip: ThrottleRule;
}

/** 5 wrong tries lock an account for 15 minutes; 20 from one address within 15 minutes lock that address. */
export const DEFAULT_THROTTLE_RULES: ThrottleRules = {
  user: { maxFailures: 5, windowSeconds: 900, lockSeconds: 900 },
  ip: { maxFailures: 20, windowSeconds: 900, lockSeconds: 900 },
};

export interface ThrottleDecision {
  allowed: boolean;
  /** 0 when allowed; otherwise seconds until the last of the keys unlocks (for Retry-After). */
  retryAfterSeconds: number;
}

export interface ThrottleInspection extends ThrottleDecision {
  /**
   * The keys with failures on record when it looked; a success need not clear the others. A failure
   * recorded after the look is not in it: skipping a clear then keeps a count, never loses one.
   */
  withFailures: ThrottleKey[];
}

/** A key's row as `judge` needs it; no row means no failure on record. */
export interface ThrottleRow {
  key: string;
  locked_until: string | null;
}

/** An attempt counted against an account before it was judged (`reserve`). */
export interface Reservation extends ThrottleDecision {
  /** This attempt is the one that reaches the limit: if it turns out wrong, the account is now locked. */
  locksIfWrong: boolean;
  /** How long that lock lasts. */
  lockSeconds: number;
}

export interface FailureRecord extends ThrottleDecision {
  /** Keys this very failure locked: exactly one request sees each lock begin (for the audit log). */
  newlyLocked: ThrottleKey[];
}

/**
 * Failed sign-in attempts counted per account and per client address, with all state in the database so
 * every instance sees the same counts. Each change is one upsert statement, atomic on both databases.
 *
 * `check` reads; it does not reserve: requests that arrive together all pass it before the first of them
 * records its failure. Two ways keep a burst from beating the limit:
 *  - the portal's sign-in steps check the account again where a right answer is accepted (a password
 *    once proven; an authenticator code inside the transaction or statement that accepts it,
 *    finishTotpSignIn) and answer wrong ones judged after a lock as the lock: of the guesses sent
 *    together, only those ahead of the limit's failures can succeed, and no answer tells a right one.
 *    No write is added to a sign-in (bench:server: a reservation per verification cost a third of
 *    the rate on both databases);
 *  - the admin sign-in counts each attempt before judging it (`reserve`, one atomic upsert) and judges
 *    it only while the count, it included, is within the limit.
 * Address counts are recorded after the fact (many people share a clinic's address; counting their
 * attempts in flight as failures would lock them out at the morning rush).
 */
export interface LoginThrottle {
  check(keys: readonly ThrottleKey[]): Promise<ThrottleDecision>;
  /** `check`, telling also which keys have failures on record (one query either way). */
  inspect(keys: readonly ThrottleKey[]): Promise<ThrottleInspection>;
  /** `inspect` on rows the caller read itself (in a query of its own); rows of other keys are ignored. */
  judge(keys: readonly ThrottleKey[], rows: readonly ThrottleRow[]): ThrottleInspection;
  recordFailure(keys: readonly ThrottleKey[]): Promise<FailureRecord>;
  /**
   * Counts an attempt on the account before it is judged. Allowed while the count, this attempt
   * included, is within the limit. A wrong attempt is then already counted; a right one clears the
   * account (`recordSuccess`) or, where the sign-in has a step still to go, is given back (`refund`).
   */
  reserve(userKey: UserThrottleKey): Promise<Reservation>;
  /** Gives back a reserved attempt that was not a wrong guess (a right password; an expired code). */
  refund(userKey: UserThrottleKey): Promise<void>;
  /** Forgets the account's failures. Address counts stay: one good password must not reset an attacker's count. */
  recordSuccess(userKey: UserThrottleKey): Promise<void>;
  /** An admin's "unlock". */
  clear(key: ThrottleKey): Promise<void>;
  /** Housekeeping: removes rows whose window and lock are both over. */
  deleteStale(): Promise<number>;
}

/** A lock was on before this failure was counted (not one this failure began): answer it as the lock. */
export function lockedBefore(record: FailureRecord): boolean {
  return !record.allowed && record.newlyLocked.length === 0;
}

// Every sign-in checks an account and an address, rechecks the account as a code is accepted, and
// every success clears the account: compiled once.
const rowsOfTwo = precompile<[first: string, second: string], { key: string; locked_until: string | null }>(2, (db, first, second) =>
  db.selectFrom('login_throttle').select(['key', 'locked_until']).where('key', 'in', [first, second]),
);
const rowOfOne = precompile<[key: string], { key: string; locked_until: string | null }>(1, (db, key) =>
  db.selectFrom('login_throttle').select(['key', 'locked_until']).where('key', '=', key),
);
const deleteKey = precompile<[key: string], never>(1, (db, key) => db.deleteFrom('login_throttle').where('key', '=', key));

export function createLoginThrottle(deps: { db: Kysely<Database>; now: () => Date; rules?: ThrottleRules }): LoginThrottle {
  const { db } = deps;
  const rules = deps.rules ?? DEFAULT_THROTTLE_RULES;
  const ruleFor = (key: ThrottleKey): ThrottleRule => (key.startsWith(USER_THROTTLE_KEY_PREFIX) ? rules.user : rules.ip);
  const secondsUntil = (instant: string, now: Date) => Math.max(1, Math.ceil((Date.parse(instant) - now.getTime()) / 1000));

  async function recordOne(key: ThrottleKey, now: Date): Promise<{ failures: number; locked_until: string | null }> {
    const rule = ruleFor(key);
    const at = now.toISOString();
    const windowStart = new Date(now.getTime() - rule.windowSeconds * 1000).toISOString();
    const lockUntil = new Date(now.getTime() + rule.lockSeconds * 1000).toISOString();
    // SET expressions see the row as it was before this statement, on both databases.
    const locked = sql`coalesce(login_throttle.locked_until > ${at}, false)`;
    // A new window starts when the old one has passed or a lock has run out.
    const fresh = sql`(not ${locked} and (login_throttle.window_started_at <= ${windowStart} or login_throttle.locked_until is not null))`;
    // Failures while locked still count, so exactly one statement sees the count reach the limit.
    const failures = sql<number>`case when ${fresh} then 1 else login_throttle.failures + 1 end`;
    return db
      .insertInto('login_throttle')
      .values({ key, failures: 1, window_started_at: at, locked_until: rule.maxFailures <= 1 ? lockUntil : null })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          failures,
          window_started_at: sql`case when ${fresh} then ${at} else login_throttle.window_started_at end`,
          locked_until: sql`case when ${locked} then login_throttle.locked_until when ${failures} >= ${rule.maxFailures} then ${lockUntil} else null end`,
        }),
      )
      .returning(['failures', 'locked_until'])
      .executeTakeFirstOrThrow();
  }

  function judge(keys: readonly ThrottleKey[], rows: readonly ThrottleRow[]): ThrottleInspection {
    const now = deps.now();
    const at = now.toISOString();
    const mine = rows.filter((r) => keys.includes(r.key as ThrottleKey));
    const locks = mine.filter((r) => r.locked_until !== null && r.locked_until > at);
    const retryAfterSeconds = Math.max(0, ...locks.map((l) => secondsUntil(l.locked_until!, now)));
    return { allowed: locks.length === 0, retryAfterSeconds, withFailures: keys.filter((k) => mine.some((r) => r.key === k)) };
  }

  async function inspect(keys: readonly ThrottleKey[]): Promise<ThrottleInspection> {
    if (keys.length === 0) return { allowed: true, retryAfterSeconds: 0, withFailures: [] };
    // The sign-in steps ask about one key (an authenticator code's acceptance) or two: compiled once.
    const rows =
      keys.length === 1
        ? (await rowOfOne.execute(db, keys[0]!)).rows
        : keys.length === 2
          ? (await rowsOfTwo.execute(db, keys[0]!, keys[1]!)).rows
          : await db.selectFrom('login_throttle').select(['key', 'locked_until']).where('key', 'in', keys).execute();
    return judge(keys, rows);
  }

  return {
    async check(keys) {
      const { allowed, retryAfterSeconds } = await inspect(keys);
      return { allowed, retryAfterSeconds };
    },

    inspect,
    judge,

    async recordFailure(keys) {
      const now = deps.now();
      const newlyLocked: ThrottleKey[] = [];
      let retryAfterSeconds = 0;
      for (const key of new Set(keys)) {
        const row = await recordOne(key, now);
        if (row.failures === ruleFor(key).maxFailures) newlyLocked.push(key);
        if (row.locked_until !== null && row.locked_until > now.toISOString()) {
          retryAfterSeconds = Math.max(retryAfterSeconds, secondsUntil(row.locked_until, now));
        }
      }
      return { allowed: retryAfterSeconds === 0, retryAfterSeconds, newlyLocked };
    },

    async reserve(userKey) {
      const now = deps.now();
      const rule = ruleFor(userKey);
      const row = await recordOne(userKey, now);
      const allowed = row.failures <= rule.maxFailures;
      const retryAfterSeconds = allowed || row.locked_until === null ? 0 : secondsUntil(row.locked_until, now);
      return { allowed, retryAfterSeconds, locksIfWrong: row.failures === rule.maxFailures, lockSeconds: rule.lockSeconds };
    },

    async refund(userKey) {
      const max = ruleFor(userKey).maxFailures;
      // A lock this attempt's own count began goes with it; a lock that more failures hold stays.
      await db
        .updateTable('login_throttle')
        .set({
          failures: sql`failures - 1`,
          locked_until: sql`case when failures - 1 < ${max} then null else locked_until end`,
        })
        .where('key', '=', userKey)
        .where('failures', '>', 0)
        .execute();
    },

    async recordSuccess(userKey) {
      await deleteKey.execute(db, userKey);
    },

    async clear(key) {
      await db.deleteFrom('login_throttle').where('key', '=', key).execute();
    },

    async deleteStale() {
      const now = deps.now();
      const longestWindow = Math.max(rules.user.windowSeconds, rules.ip.windowSeconds);
      const result = await db
        .deleteFrom('login_throttle')
        .where('window_started_at', '<', new Date(now.getTime() - longestWindow * 1000).toISOString())
        .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now.toISOString())]))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
