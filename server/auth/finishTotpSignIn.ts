import { CompiledQuery } from 'kysely';
import type { SessionRow, UserRow } from '../db/schema.js';
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

// $1 step, $2 registration, $3–$11 the new session row (less user_id), $12 old session id, $13 user id,
// $14 the account's throttle key, $15 whether to clear it, $16 audit line id, $17 its details, $18 now.
// Nothing is claimed while the account's lock runs ($14's locked_until after $18).
// Each step runs only when the one before it returned a row, as the transaction path's ifs do; all of
// them see one snapshot and commit together. The audit line's organization is found as signInAudit does.
const ONE_STATEMENT = `
with locked as (
  select 1 from login_throttle where key = $14 and locked_until > $18
), claimed as (
  update mfa_registrations set last_totp_step = $1
  where id = $2 and (last_totp_step is null or last_totp_step < $1) and not exists (select 1 from locked)
  returning id
), replaced as (
  update sessions set id = $3, stage = $4, method = $5, state = $6, ip = $7, created_at = $8, last_seen_at = $9, idle_expires_at = $10, expires_at = $11
  where id = $12 and user_id = $13 and exists (select 1 from claimed)
  returning id
), unlocked as (
  delete from login_throttle where key = $14 and $15::boolean and exists (select 1 from replaced)
), stamped as (
  update users set last_login_at = $8 where id = $13 and exists (select 1 from replaced)
), audited as (
  insert into audit_log (id, at, actor_user_id, subject_user_id, org_id, event, ip, reason, details)
  select $16, $8, $13, $13, (select case when count(*) = 1 then min(org_id) end from memberships where user_id = $13), 'login.succeeded', $7, null, $17
  where exists (select 1 from replaced)
)
select exists (select 1 from locked) as locked, exists (select 1 from claimed) as claimed, exists (select 1 from replaced) as replaced`;

async function finishInOneStatement(ctx: SignInContext, f: TotpFinish, c: Completion): Promise<Finished> {
  const { session, lifetime } = signedInSession(ctx, c);
  const created = ctx.sessions.draft(session, lifetime);
  const r = created.row;
  const parameters = [
    f.match.step,
    f.match.registrationId,
    r.id, r.stage, r.method, r.state, r.ip, r.created_at, r.last_seen_at, r.idle_expires_at, r.expires_at,
    f.pending.id,
    f.user.id,
    userThrottleKey(f.user.id),
    f.accountHasFailures,
    newAuditEventId(new Date(r.created_at)),
    JSON.stringify(succeededDetails(c)),
    ctx.now().toISOString(),
  ];
  const { rows } = await ctx.db.executeQuery<{ locked: boolean; claimed: boolean; replaced: boolean }>(CompiledQuery.raw(ONE_STATEMENT, parameters));
  const outcome = rows[0];
  if (outcome?.locked) return LOCKED;
  if (!outcome?.claimed) return REPLAYED;
  // Claimed, but another request finished this sign-in first (or it expired): as completeSignIn answers.
  if (!outcome.replaced) return { kind: 'ended', problem: 'session_expired' };
  return signedInResult(c, created, null);
}
