import { CompiledQuery, type Kysely } from 'kysely';
import type { Database, SessionRow, UserRow } from '../db/schema.js';
import { sqlDialectOf } from '../db/sqlDialectOf.js';
import { newAuditEventId } from '../audit/auditEventId.js';
import { userThrottleKey } from '../security/throttleKeys.js';
import { completeSignIn, signedInResult, signedInSession, succeededDetails, type Completion } from './completeSignIn.js';
import type { SignInContext } from './signInContext.js';
import type { SignInResult } from './signInResult.js';

export interface TotpFinish {
  pending: SessionRow;
  user: UserRow;
  /** The matched code: its registration and the time step to claim. */
  match: { registrationId: string; step: number };
  ip: string;
  remember: boolean;
  /** False when the lockout check saw no failure on record for the account: nothing to clear. */
  accountHasFailures: boolean;
}

/** The code was right but its step had been claimed meanwhile: a replay, which the caller refuses. */
export const REPLAYED = Symbol('replayed');
/**
 * The code was right but the account was locked by the time it was to be accepted: failures of guesses
 * sent at the same time reached the limit first. Nothing was written; the caller refuses it as locked.
 */
export const LOCKED = Symbol('locked');
type Finished = SignInResult | typeof REPLAYED | typeof LOCKED;

/**
 * The last step of an authenticator sign-in: claims the code's time step (the replay guard) and, only
 * if this request did, turns the sign-in in progress into a signed-in session — all or nothing.
 *
 * On PostgreSQL, without "Remember me", that is one statement (data-modifying CTEs, each step running
 * only if the one before it changed a row) instead of a transaction of six round trips: on this
 * machine each round trip costs the service and PostgreSQL more CPU than the work it carries
 * (bench:server). Everywhere else, the same steps as statements in one transaction.
 */
export async function finishTotpSignIn(ctx: SignInContext, f: TotpFinish): Promise<Finished> {
  const completion = completionOf(f);
  if (!f.remember && sqlDialectOf(ctx.db) === 'postgres') return finishInOneStatement(ctx, f, completion);
  return finishInTransaction(ctx, f, completion);
}

/** Either way of finishing, named for the test that holds them to the same rows; callers use finishTotpSignIn. */
export const finishTotpSignInWays: Record<'inTransaction' | 'inOneStatement', (ctx: SignInContext, f: TotpFinish) => Promise<Finished>> = {
  inTransaction: (ctx: SignInContext, f: TotpFinish) => finishInTransaction(ctx, f, completionOf(f)),
  inOneStatement: (ctx: SignInContext, f: TotpFinish) => finishInOneStatement(ctx, f, completionOf(f)),
};

function finishInTransaction(ctx: SignInContext, f: TotpFinish, c: Completion): Promise<Finished> {
  return ctx.transaction(async (tx) => {
    if (!(await tx.throttle.check([userThrottleKey(f.user.id)])).allowed) return LOCKED;
    if (!(await tx.totp.claim(f.match))) return REPLAYED;
    return completeSignIn(tx, c);
  });
}

function completionOf(f: TotpFinish): Completion {
  return {
    pending: f.pending,
    user: f.user,
    method: 'totp',
    registrationId: f.match.registrationId,
    remember: f.remember,
    remembered: false,
    ip: f.ip,
    accountHasFailures: f.accountHasFailures,
  };
}

/** One sign-in's row of the batched statement below (the new session's row less its user, which is userId). */
export interface OneStatementRow {
  step: number;
  registrationId: string;
  session: SessionRow;
  oldSessionId: string;
  userId: string;
  throttleKey: string;
  clearThrottle: boolean;
  auditId: string;
  details: string;
}

export interface OneStatementOutcome {
  locked: boolean;
  claimed: boolean;
  replaced: boolean;
}

// Every sign-in finishing in one turn of the event loop, in one statement: one array per column ($1–$18,
// unnested into `input`), $19 now. For each input row, as the transaction path's ifs do: nothing is
// claimed while the account's lock runs (locked_until after $19); each step runs only when the one
// before it changed that row's row — claim the step, replace the session, clear the lockout row, stamp
// the sign-in, insert the audit line. All of it sees one snapshot and commits together.
// The registrations are locked first, in id order: two statements running side by side that share
// users (two sign-ins of one person, each in a batch of its own) take the locks in the same order and
// cannot deadlock; sessions, users and lockout rows belong to one registration's user, so whoever holds
// it holds those too. Rows of one batch name distinct registrations (turnBatcher's key).
// The audit line's organization is found as signInAudit does.
const ONE_STATEMENT = `
with input as (
  select * from unnest($1::int[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
    $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::boolean[], $17::text[], $18::text[])
  as i(n, step, registration_id, session_id, stage, method, state, ip, created_at, last_seen_at, idle_expires_at, expires_at,
    old_session_id, user_id, throttle_key, clear_throttle, audit_id, details)
), registrations as (
  select r.id from mfa_registrations r where r.id in (select registration_id from input) order by r.id for update
), locked as (
  select i.n from input i join login_throttle t on t.key = i.throttle_key and t.locked_until > $19
), claimed as (
  update mfa_registrations r set last_totp_step = i.step from input i
  where r.id = i.registration_id and r.id in (select id from registrations)
    and (r.last_totp_step is null or r.last_totp_step < i.step) and i.n not in (select n from locked)
  returning i.n
), replaced as (
  update sessions s set id = i.session_id, stage = i.stage, method = i.method, state = i.state, ip = i.ip, created_at = i.created_at,
    last_seen_at = i.last_seen_at, idle_expires_at = i.idle_expires_at, expires_at = i.expires_at
  from input i where s.id = i.old_session_id and s.user_id = i.user_id and i.n in (select n from claimed)
  returning i.n
), unlocked as (
  delete from login_throttle t using input i where t.key = i.throttle_key and i.clear_throttle and i.n in (select n from replaced)
), stamped as (
  update users u set last_login_at = i.created_at from input i where u.id = i.user_id and i.n in (select n from replaced)
), audited as (
  insert into audit_log (id, at, actor_user_id, subject_user_id, org_id, event, ip, reason, details)
  select i.audit_id, i.created_at, i.user_id, i.user_id, (select case when count(*) = 1 then min(m.org_id) end from memberships m where m.user_id = i.user_id),
    'login.succeeded', i.ip, null, i.details
  from input i where i.n in (select n from replaced)
)
select i.n, i.n in (select n from locked) as locked, i.n in (select n from claimed) as claimed, i.n in (select n from replaced) as replaced
from input i`;

/** Finishes `rows` in one PostgreSQL statement; the outcomes come back in their order. */
export async function finishInOneStatementBatch(db: Kysely<Database>, rows: readonly OneStatementRow[], now: string): Promise<OneStatementOutcome[]> {
  const column = <T>(pick: (row: OneStatementRow, n: number) => T) => rows.map(pick);
  const parameters = [
    column((_, n) => n),
    column((r) => r.step),
    column((r) => r.registrationId),
    column((r) => r.session.id),
    column((r) => r.session.stage),
    column((r) => r.session.method),
    column((r) => r.session.state),
    column((r) => r.session.ip),
    column((r) => r.session.created_at),
    column((r) => r.session.last_seen_at),
    column((r) => r.session.idle_expires_at),
    column((r) => r.session.expires_at),
    column((r) => r.oldSessionId),
    column((r) => r.userId),
    column((r) => r.throttleKey),
    column((r) => r.clearThrottle),
    column((r) => r.auditId),
    column((r) => r.details),
    now,
  ];
  const { rows: answers } = await db.executeQuery<{ n: number; locked: boolean; claimed: boolean; replaced: boolean }>(CompiledQuery.raw(ONE_STATEMENT, parameters));
  const outcomes: OneStatementOutcome[] = rows.map(() => ({ locked: false, claimed: false, replaced: false }));
  for (const a of answers) outcomes[a.n] = { locked: a.locked, claimed: a.claimed, replaced: a.replaced };
  return outcomes;
}

async function finishInOneStatement(ctx: SignInContext, f: TotpFinish, c: Completion): Promise<Finished> {
  const { session, lifetime } = signedInSession(ctx, c);
  const created = ctx.sessions.draft(session, lifetime);
  const outcome = await ctx.finishInOneStatement({
    step: f.match.step,
    registrationId: f.match.registrationId,
    session: created.row,
    oldSessionId: f.pending.id,
    userId: f.user.id,
    throttleKey: userThrottleKey(f.user.id),
    clearThrottle: f.accountHasFailures,
    auditId: newAuditEventId(new Date(created.row.created_at)),
    details: JSON.stringify(succeededDetails(c)),
  });
  if (outcome.locked) return LOCKED;
  if (!outcome.claimed) return REPLAYED;
  // Claimed, but another request finished this sign-in first (or it expired): as completeSignIn answers.
  if (!outcome.replaced) return { kind: 'ended', problem: 'session_expired' };
  return signedInResult(c, created, null);
}
