import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/openDatabase.js';
import { testDialects } from '../db/testing/testDatabases.js';
import { createLoginThrottle } from '../security/loginThrottle.js';
import { addressThrottleKey, userThrottleKey } from '../security/throttleKeys.js';
import { totpStep } from '../security/totpCode.js';
import { createSessionStore } from '../sessions/sessionStore.js';
import { hashToken } from '../sessions/sessionToken.js';
import { finishInOneStatementBatch, type OneStatementOutcome, type OneStatementRow } from './finishTotpSignIn.js';
import { readCodeAttempts } from './loadCodeAttempt.js';
import { outboxEmailSender, outboxPhoneProvider } from '../delivery/outbox/outboxSenders.js';
import { OutboxStore } from '../delivery/outbox/outboxStore.js';
import { argon2idHasher } from '../security/passwordHash.js';
import { createSignInContext } from './signInContext.js';
import { PASSWORD, signInTestWorld, type SignInTestWorld } from './testing/signInTestApp.js';

const dialects = await testDialects();

// The code step's statements carry every request of one turn of the event loop (turnBatcher): each
// request must get exactly its own rows back, and one request's lock, replay or missing sign-in must
// touch nobody else's.
describe.each(dialects)('the code step in batches on $name', (dialect) => {
  let world: SignInTestWorld;

  beforeEach(async (context) => {
    if (!dialect.available) return context.skip();
    world = await signInTestWorld(dialect);
  });
  afterEach(async () => {
    await world?.close();
  });

  const sessions = () => createSessionStore(world.db, world.clock.now);
  const pendingFor = (username: string) =>
    sessions().create({ userId: world.userIds[username]!, stage: 'second_factor', method: 'totp', state: { options: ['totp'], wrongTries: 0 }, ip: '127.0.0.1' }, { idleSeconds: 600, absoluteSeconds: 600 });
  /** An authenticator registration for a test user who has none (its secret is never opened here). */
  const addTotpRegistration = async (username: string) => {
    const id = randomUUID();
    const at = world.clock.now().toISOString();
    await world.db.insertInto('mfa_registrations').values({ id, user_id: world.userIds[username]!, method: 'totp', totp_secret_encrypted: 'not opened in these tests', phone: null, confirmed_at: at, created_at: at, last_totp_step: null }).execute();
    return id;
  };

  it('reads each sign-in with its own user, registration and lockout rows, in the order asked, and nothing for an unknown or ended one', async () => {
    const ana = await pendingFor('ana');
    const ben = await pendingFor('ben');
    const ended = await pendingFor('dan');
    await sessions().remove(ended.row.id);
    const throttle = createLoginThrottle({ db: world.db, now: world.clock.now });
    await throttle.recordFailure([userThrottleKey(world.userIds.ben!)]);
    await throttle.recordFailure([addressThrottleKey('203.0.113.9')]);

    const rows = await readCodeAttempts(
      world.db,
      [
        { sessionId: ben.row.id, addressKey: addressThrottleKey('203.0.113.9') },
        { sessionId: hashToken('never-issued-token-never-issued-token-000'), addressKey: addressThrottleKey('127.0.0.1') },
        { sessionId: ana.row.id, addressKey: addressThrottleKey('127.0.0.1') },
        { sessionId: ended.row.id, addressKey: addressThrottleKey('127.0.0.1') },
      ],
      world.clock.now().toISOString(),
    );
    expect(rows.map((r) => r && { session: r.id, user: r.user__username, totp: r.totp__id !== null, accountLock: r.account_lock__key, addressLock: r.address_lock__key })).toEqual([
      { session: ben.row.id, user: 'ben', totp: false, accountLock: userThrottleKey(world.userIds.ben!), addressLock: addressThrottleKey('203.0.113.9') },
      undefined,
      { session: ana.row.id, user: 'ana', totp: true, accountLock: null, addressLock: null },
      undefined,
    ]);
    // An expired sign-in is not read either.
    world.clock.advance(601_000);
    expect(await readCodeAttempts(world.db, [{ sessionId: ana.row.id, addressKey: addressThrottleKey('127.0.0.1') }], world.clock.now().toISOString())).toEqual([undefined]);
  });

  if (dialect.name !== 'PostgreSQL') return;

  const rowFor = async (username: string, registrationId: string, step: number, pendingId?: string): Promise<OneStatementRow> => {
    const drafted = sessions().draft({ userId: world.userIds[username]!, stage: 'signed_in', method: 'totp', state: { options: [], wrongTries: 0 }, ip: '127.0.0.1' }, { idleSeconds: 600, absoluteSeconds: 600 });
    return {
      step,
      registrationId,
      session: drafted.row,
      oldSessionId: pendingId ?? (await pendingFor(username)).row.id,
      userId: world.userIds[username]!,
      throttleKey: userThrottleKey(world.userIds[username]!),
      clearThrottle: true,
      auditId: randomUUID(),
      details: JSON.stringify({ method: 'totp', secondFactor: 'verified' }),
    };
  };

  it('finishes several sign-ins in one statement, each with its own outcome: signed in, locked, replayed, or its sign-in gone', async () => {
    const step = totpStep(world.clock.now().getTime(), 30);
    const anaRegistration = (await world.db.selectFrom('mfa_registrations').select('id').where('user_id', '=', world.userIds.ana!).where('method', '=', 'totp').executeTakeFirstOrThrow()).id;
    const [benReg, danReg, gusReg] = [await addTotpRegistration('ben'), await addTotpRegistration('dan'), await addTotpRegistration('gus')];
    // ben is locked; dan's step was claimed before; gus's sign-in has ended.
    const throttle = createLoginThrottle({ db: world.db, now: world.clock.now });
    for (let i = 0; i < 5; i++) await throttle.recordFailure([userThrottleKey(world.userIds.ben!)]);
    await world.db.updateTable('mfa_registrations').set({ last_totp_step: step }).where('id', '=', danReg).execute();
    const rows = [await rowFor('ana', anaRegistration, step), await rowFor('ben', benReg, step), await rowFor('dan', danReg, step), await rowFor('gus', gusReg, step, 'gone')];

    const outcomes = await finishInOneStatementBatch(world.db, rows, world.clock.now().toISOString());
    expect(outcomes).toEqual([
      { locked: false, claimed: true, replaced: true },
      { locked: true, claimed: false, replaced: false },
      { locked: false, claimed: false, replaced: false },
      { locked: false, claimed: true, replaced: false },
    ]);
    // Only ana signed in: her session, her last sign-in, her audit line; ben's and dan's pending sign-ins stay.
    const signedIn = await world.db.selectFrom('sessions').select('user_id').where('stage', '=', 'signed_in').execute();
    expect(signedIn).toEqual([{ user_id: world.userIds.ana }]);
    const audited = await world.db.selectFrom('audit_log').select(['subject_user_id', 'org_id']).where('event', '=', 'login.succeeded').execute();
    expect(audited).toEqual([{ subject_user_id: world.userIds.ana, org_id: world.orgIds.clinic }]);
    const stamped = await world.db.selectFrom('users').select('username').where('last_login_at', '=', rows[0]!.session.created_at).execute();
    expect(stamped).toEqual([{ username: 'ana' }]);
    expect(await world.db.selectFrom('sessions').select('user_id').where('stage', '=', 'second_factor').orderBy('user_id').execute()).toHaveLength(2);
    // ben's lock is kept; gus's step was claimed (the code is spent) though his sign-in had ended.
    expect(await world.db.selectFrom('login_throttle').select('key').execute()).toEqual([{ key: userThrottleKey(world.userIds.ben!) }]);
    expect((await world.db.selectFrom('mfa_registrations').select('last_totp_step').where('id', '=', gusReg).executeTakeFirstOrThrow()).last_totp_step).toBe(step);
  });

  it('runs two batches claiming the same registrations in opposite orders side by side without deadlock, each step claimed once', async () => {
    const users = ['ben', 'cara', 'dan', 'eve', 'fay', 'gus'];
    const registrations = await Promise.all(users.map(addTotpRegistration));
    const base = totpStep(world.clock.now().getTime(), 30);
    const rowsFor = (round: number) => Promise.all(users.map((u, i) => rowFor(u, registrations[i]!, base + round, `none-${round}`)));
    // On a table this small PostgreSQL would scan it whole, in one order for both statements; with
    // 100,000 users it goes by index in the order of each statement's rows. Planned here as there.
    const location = world.fixture.testDb.location;
    if (location.dialect !== 'postgres') throw new Error('PostgreSQL only');
    const byIndex = openDatabase({ dialect: 'postgres', url: `${location.url}${location.url.includes('?') ? '&' : '?'}options=${encodeURIComponent('-c enable_seqscan=off')}` });
    const finish = (rows: OneStatementRow[]) => finishInOneStatementBatch(byIndex.db, rows, world.clock.now().toISOString());
    const bothWays = (rows: OneStatementRow[]) => Promise.all([finish(rows), finish([...rows].reverse())]);
    const claimedOnce = (forward: OneStatementOutcome[], backward: OneStatementOutcome[]) =>
      users.map((_, i) => Number(forward[i]!.claimed) + Number(backward[users.length - 1 - i]!.claimed));

    // Both statements stopped at a registration in the middle, held by a third transaction: taking
    // their locks in the order of their rows, each would then hold what the other waits for.
    const rows = await rowsFor(0);
    const { running } = await world.db.transaction().execute(async (trx) => {
      await sql`select id from mfa_registrations where id = ${registrations[2]!} for update`.execute(trx);
      const started = bothWays(rows);
      await new Promise((resolve) => setTimeout(resolve, 300));
      return { running: started }; // not awaited here: they wait for this transaction to end
    });
    expect(claimedOnce(...(await running))).toEqual(users.map(() => 1));

    // And freely interleaved, round after round.
    for (let round = 1; round <= 20; round++) expect(claimedOnce(...(await bothWays(await rowsFor(round)))), `round ${round}`).toEqual(users.map(() => 1));
    await byIndex.close();
  });

  it("fails only the row at fault when a batch's statement fails: the others are run again alone and sign in", async () => {
    const outbox = new OutboxStore(world.db, world.clock.now);
    const ctx = createSignInContext({ db: world.db, keys: world.keys, hasher: argon2idHasher, email: outboxEmailSender(outbox), phone: outboxPhoneProvider(outbox), settings: world.settings, now: world.clock.now });
    const step = totpStep(world.clock.now().getTime(), 30);
    const rows = [await rowFor('ben', await addTotpRegistration('ben'), step), await rowFor('dan', await addTotpRegistration('dan'), step), await rowFor('gus', await addTotpRegistration('gus'), step)];
    // dan's audit line id is taken already: his row breaks the audit log's key.
    await world.db.insertInto('audit_log').values({ id: rows[1]!.auditId, at: world.clock.now().toISOString(), actor_user_id: null, subject_user_id: null, org_id: null, event: 'test.taken', ip: null, reason: null, details: '{}' }).execute();

    const outcomes = await Promise.allSettled(rows.map((row) => ctx.finishInOneStatement(row)));
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(outcomes.filter((o) => o.status === 'fulfilled').map((o) => o.value)).toEqual([
      { locked: false, claimed: true, replaced: true },
      { locked: false, claimed: true, replaced: true },
    ]);
    const signedIn = await world.db.selectFrom('sessions').select('user_id').where('stage', '=', 'signed_in').execute();
    expect(signedIn.map((r) => r.user_id).sort()).toEqual([world.userIds.ben, world.userIds.gus].sort());
    // Nothing of dan's row stayed: his step is unclaimed, his sign-in still pending.
    expect((await world.db.selectFrom('mfa_registrations').select('last_totp_step').where('id', '=', rows[1]!.registrationId).executeTakeFirstOrThrow()).last_totp_step).toBeNull();
  });

  it('signs in once when one person sends the same code for two sign-ins at the same moment (one app: the second waits for the next batch)', async () => {
    const app = await world.newApp();
    const login = async () => ((await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'ana', password: PASSWORD } })).json() as { loginToken: string }).loginToken;
    const [first, second] = [await login(), await login()];
    const code = world.totpNow(world.anaSecret);
    const answers = await Promise.all(
      [first, second].map((token) => app.inject({ method: 'POST', url: '/api/auth/second-factor/verify', payload: { code, remember: false }, headers: { authorization: `Bearer ${token}` } })),
    );
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 401]);
    expect(await world.db.selectFrom('audit_log').select('id').where('event', '=', 'login.succeeded').execute()).toHaveLength(1);
  });
});
