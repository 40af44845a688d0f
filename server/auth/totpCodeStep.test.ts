import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDialects } from '../db/testing/testDatabases.js';
import { outboxEmailSender, outboxPhoneProvider } from '../delivery/outbox/outboxSenders.js';
import { OutboxStore } from '../delivery/outbox/outboxStore.js';
import type { PortalServer } from '../http/buildServer.js';
import { createLoginThrottle } from '../security/loginThrottle.js';
import { argon2idHasher } from '../security/passwordHash.js';
import { addressThrottleKey, userThrottleKey } from '../security/throttleKeys.js';
import { totpStep } from '../security/totpCode.js';
import { finishTotpSignIn, finishTotpSignInWays, LOCKED, REPLAYED } from './finishTotpSignIn.js';
import { createSignInContext } from './signInContext.js';
import { PASSWORD, signInTestWorld, type SignInTestWorld } from './testing/signInTestApp.js';

const dialects = await testDialects();

// The authenticator code step reads the sign-in, its lockout rows and the registration in one statement
// (loadCodeAttempt), then finishes: on PostgreSQL without "Remember me" in one statement, with it and
// on SQLite in a transaction (finishTotpSignIn). Both ways must leave the same rows behind.
describe.each(dialects)('the authenticator code step on $name', (dialect) => {
  let world: SignInTestWorld;
  let app: PortalServer;

  beforeEach(async (context) => {
    if (!dialect.available) return context.skip();
    world = await signInTestWorld(dialect);
    app = await world.newApp();
  });
  afterEach(async () => {
    await world?.close();
  });

  const login = async () => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'ana', password: PASSWORD } });
    return (res.json() as { loginToken: string }).loginToken;
  };
  const verify = (token: string, code: string, remember = false) =>
    app.inject({ method: 'POST', url: '/api/auth/second-factor/verify', payload: { code, remember }, headers: { authorization: `Bearer ${token}` } });
  const throttleRows = () => world.db.selectFrom('login_throttle').select('key').where('key', '=', userThrottleKey(world.userIds.ana!)).execute();
  /** The sign-in context the service builds, for calling the last step directly. */
  const signInContext = () => {
    const outbox = new OutboxStore(world.db, world.clock.now);
    return createSignInContext({ db: world.db, keys: world.keys, hasher: argon2idHasher, email: outboxEmailSender(outbox), phone: outboxPhoneProvider(outbox), settings: world.settings, now: world.clock.now });
  };

  // A lock that begins between the password and the code must still stop the code, for the account and
  // for the client address (the rows come from loadCodeAttempt's one statement).
  for (const scope of ['account', 'address'] as const) {
    it(`refuses even a correct code while the ${scope} is locked, when the lock began after the password step`, async () => {
      const token = await login();
      const throttle = createLoginThrottle({ db: world.db, now: world.clock.now });
      const key = scope === 'account' ? userThrottleKey(world.userIds.ana!) : addressThrottleKey('127.0.0.1');
      for (let i = 0; i < (scope === 'account' ? 5 : 20); i++) await throttle.recordFailure([key]);

      const res = await verify(token, world.totpNow(world.anaSecret));
      expect(res.statusCode, res.body).toBe(429);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      const refused = await world.db.selectFrom('audit_log').select('details').where('event', '=', 'login.refused_locked').execute();
      expect(refused.map((r) => JSON.parse(r.details))).toEqual([{ step: 'second_factor' }]);
      expect(await world.db.selectFrom('sessions').select('id').where('stage', '=', 'signed_in').execute()).toHaveLength(0);
    });
  }

  for (const remember of [false, true]) {
    it(`signs in${remember ? ' remembering the browser' : ''}: claims the step, replaces the session, clears the account's failures, stamps the sign-in, audits it`, async () => {
      // A wrong code first: the account has a failure on record, which the success must clear.
      expect((await verify(await login(), '000000')).statusCode).toBe(401);
      expect(await throttleRows()).toHaveLength(1);

      const token = await login();
      const res = await verify(token, world.totpNow(world.anaSecret), remember);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json() as { status: string; sessionToken: string; rememberToken?: string };
      expect(body.status).toBe('signed_in');
      expect(Boolean(body.rememberToken)).toBe(remember);

      const ana = world.userIds.ana!;
      const sessions = await world.db.selectFrom('sessions').selectAll().where('user_id', '=', ana).execute();
      expect(sessions).toHaveLength(1);
      expect(sessions[0]).toMatchObject({ stage: 'signed_in', method: 'totp', state: JSON.stringify({ options: [], wrongTries: 0 }) });
      // The login token names nothing any more; the session token names the signed-in session.
      expect((await app.inject({ method: 'GET', url: '/api/auth/second-factor', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401);
      expect((await app.inject({ method: 'GET', url: '/api/auth/session', headers: { authorization: `Bearer ${body.sessionToken}` } })).statusCode).toBe(200);

      expect(await throttleRows()).toHaveLength(0);
      const user = await world.db.selectFrom('users').select('last_login_at').where('id', '=', ana).executeTakeFirstOrThrow();
      expect(user.last_login_at).toBe(sessions[0]!.created_at);
      const registration = await world.db.selectFrom('mfa_registrations').select('last_totp_step').where('user_id', '=', ana).where('method', '=', 'totp').executeTakeFirstOrThrow();
      expect(Number(registration.last_totp_step)).toBe(totpStep(world.clock.now().getTime(), 30));

      const succeeded = await world.db.selectFrom('audit_log').selectAll().where('event', '=', 'login.succeeded').execute();
      expect(succeeded).toHaveLength(1);
      expect(succeeded[0]).toMatchObject({ actor_user_id: ana, subject_user_id: ana, org_id: world.orgIds.clinic, ip: sessions[0]!.ip, reason: null });
      // The test clock moves on every reading: the transaction's audit line reads it again, the one statement does not.
      expect(succeeded[0]!.at >= sessions[0]!.created_at).toBe(true);
      expect(JSON.parse(succeeded[0]!.details)).toEqual({ method: 'totp', secondFactor: 'verified' });
      expect(succeeded[0]!.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    });
  }

  it('refuses the same code for the next sign-in: a replay, audited, and the sign-in ends', async () => {
    const code = world.totpNow(world.anaSecret);
    expect((await verify(await login(), code)).statusCode).toBe(200);
    const second = await login();
    const replay = await verify(second, code);
    expect(replay.statusCode).toBe(401);
    expect(replay.json()).toMatchObject({ error: { reason: 'mfa_failed' } });
    const failed = await world.db.selectFrom('audit_log').select('details').where('event', '=', 'mfa.failed').execute();
    expect(failed.map((f) => JSON.parse(f.details))).toEqual([{ method: 'totp', reason: 'replayed' }]);
    expect(await throttleRows()).toHaveLength(1);
    expect(await world.db.selectFrom('sessions').select('id').where('stage', '=', 'second_factor').execute()).toHaveLength(0);
  });

  it('keeps the step claimed but starts no session when the sign-in in progress is gone meanwhile', async () => {
    const ctx = signInContext();
    const token = await login();
    const found = await ctx.sessions.findWithUser(token);
    const registration = await world.db.selectFrom('mfa_registrations').select('id').where('user_id', '=', world.userIds.ana!).where('method', '=', 'totp').executeTakeFirstOrThrow();
    await ctx.sessions.remove(found!.row.id);
    const step = totpStep(world.clock.now().getTime(), 30);
    const finish = { pending: found!.row, user: found!.user, match: { registrationId: registration.id, step }, ip: '127.0.0.1', remember: false, accountHasFailures: false };

    expect(await finishTotpSignIn(ctx, finish)).toEqual({ kind: 'ended', problem: 'session_expired' });
    expect(await world.db.selectFrom('sessions').select('id').execute()).toHaveLength(0);
    expect(await world.db.selectFrom('audit_log').select('id').where('event', '=', 'login.succeeded').execute()).toHaveLength(0);
    // The step was spent: the same match again is a replay.
    expect(await finishTotpSignIn(ctx, finish)).toBe(REPLAYED);
  });

  it('accepts no right code once the account is locked at the moment of acceptance, and writes nothing', async () => {
    // Guesses sent together all pass the lockout check before any records its failure: the lock that
    // their failures begin meanwhile is read again where the right one would be accepted.
    const ctx = signInContext();
    const ana = world.userIds.ana!;
    const registration = await world.db.selectFrom('mfa_registrations').select(['id', 'last_totp_step']).where('user_id', '=', ana).where('method', '=', 'totp').executeTakeFirstOrThrow();
    const ways = dialect.name === 'PostgreSQL' ? (['inOneStatement', 'inTransaction'] as const) : (['inTransaction'] as const);
    for (const way of ways) {
      const found = (await ctx.sessions.findWithUser(await login()))!;
      const throttle = createLoginThrottle({ db: world.db, now: world.clock.now });
      for (let i = 0; i < 5; i++) await throttle.recordFailure([userThrottleKey(ana)]);
      const step = totpStep(world.clock.now().getTime(), 30);
      const result = await finishTotpSignInWays[way](ctx, { pending: found.row, user: found.user, match: { registrationId: registration.id, step }, ip: '127.0.0.1', remember: false, accountHasFailures: true });
      expect(result, way).toBe(LOCKED);
      // Nothing claimed, no session, no sign-in line, the lock kept.
      expect((await world.db.selectFrom('mfa_registrations').select('last_totp_step').where('id', '=', registration.id).executeTakeFirstOrThrow()).last_totp_step).toBe(registration.last_totp_step);
      expect(await world.db.selectFrom('sessions').select('stage').where('user_id', '=', ana).execute()).toEqual([{ stage: 'second_factor' }]);
      expect(await world.db.selectFrom('audit_log').select('id').where('event', '=', 'login.succeeded').execute()).toHaveLength(0);
      expect(await throttleRows()).toHaveLength(1);
      await throttle.clear(userThrottleKey(ana));
      await ctx.sessions.remove(found.row.id);
    }
  });

  // The one statement is PostgreSQL's (SQLite has no data-modifying CTEs): compared there only.
  if (dialect.name === 'PostgreSQL') it('leaves the same rows behind whichever way it finishes (one statement or a transaction)', async () => {
    const ctx = signInContext();
    const ana = world.userIds.ana!;
    const registration = await world.db.selectFrom('mfa_registrations').select('id').where('user_id', '=', ana).where('method', '=', 'totp').executeTakeFirstOrThrow();
    let step = totpStep(world.clock.now().getTime(), 30) - 1;
    const finishVia = async (way: keyof typeof finishTotpSignInWays) => {
      // A failure on record first, which the success must clear.
      await createLoginThrottle({ db: world.db, now: world.clock.now }).recordFailure([userThrottleKey(ana)]);
      const found = (await ctx.sessions.findWithUser(await login()))!;
      const result = await finishTotpSignInWays[way](ctx, {
        pending: found.row, user: found.user, match: { registrationId: registration.id, step: step++ }, ip: '127.0.0.1', remember: false, accountHasFailures: true,
      });
      if (typeof result === 'symbol' || result.kind !== 'signed_in') throw new Error(`${way}: not signed in`);
      const session = await world.db.selectFrom('sessions').selectAll().where('expires_at', '=', result.session.expiresAt).executeTakeFirstOrThrow();
      const user = await world.db.selectFrom('users').select('last_login_at').where('id', '=', ana).executeTakeFirstOrThrow();
      const audit = await world.db.selectFrom('audit_log').selectAll().where('event', '=', 'login.succeeded').orderBy('at', 'desc').orderBy('id', 'desc').executeTakeFirstOrThrow();
      const { id: _id, created_at, last_seen_at, idle_expires_at, expires_at, ...sessionRest } = session;
      const { id: _auditId, at, ...auditRest } = audit;
      return {
        result: { ...result, session: null },
        session: sessionRest,
        lifetime: [Date.parse(idle_expires_at) - Date.parse(created_at), Date.parse(expires_at) - Date.parse(created_at), last_seen_at === created_at],
        stampedAtSignIn: user.last_login_at === created_at,
        auditAfterSignIn: at >= created_at,
        audit: auditRest,
        failuresLeft: (await world.db.selectFrom('login_throttle').select('key').where('key', '=', userThrottleKey(ana)).execute()).length,
        pendingLeft: (await world.db.selectFrom('sessions').select('id').where('id', '=', found.row.id).execute()).length,
      };
    };
    const oneStatement = await finishVia('inOneStatement');
    const transaction = await finishVia('inTransaction');
    expect(oneStatement).toEqual(transaction);
    expect(oneStatement).toMatchObject({ stampedAtSignIn: true, auditAfterSignIn: true, failuresLeft: 0, pendingLeft: 0 });
  });
});
