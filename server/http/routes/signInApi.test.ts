import { Validator } from '@seriousme/openapi-schema-validator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { revokeRememberedDevices } from '../../auth/rememberedDevices.js';
import { callFromOutbox, codeFromOutbox, PASSWORD, signInTestWorld, type SignInTestWorld } from '../../auth/testing/signInTestApp.js';
import { testDialects } from '../../db/testing/testDatabases.js';
import { argon2idHasher } from '../../security/passwordHash.js';
import type { PortalServer } from '../buildServer.js';

const dialects = await testDialects();

type State = Record<string, unknown> & { status?: string; step?: string; loginToken?: string; sessionToken?: string; rememberToken?: string; error?: { code: string; reason?: string; message: string } };

describe.each(dialects)('the sign-in API on $name', (dialect) => {
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

  const post = async (url: string, body: unknown, token?: string, on: PortalServer = app) => {
    const res = await on.inject({ method: 'POST', url, payload: body as object, headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: res.statusCode, body: (res.body ? res.json() : {}) as State, headers: res.headers };
  };
  const login = (username: string, password = PASSWORD, extra: object = {}, on: PortalServer = app) => post('/api/auth/login', { username, password, ...extra }, undefined, on);
  const events = async (userId: string | null) =>
    (await world.db.selectFrom('audit_log').select(['event', 'details', 'ip']).where('subject_user_id', userId === null ? 'is' : '=', userId).orderBy('at').orderBy('id').execute()).map((e) => ({
      ...e,
      details: JSON.parse(e.details) as Record<string, unknown>,
    }));

  it('signs in on the password alone where MFA is off, and the session works until sign-out', async () => {
    const res = await login('FAY');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'signed_in', method: null, user: { username: 'fay' } });
    const session = await app.inject({ method: 'GET', url: '/api/auth/session', headers: { authorization: `Bearer ${res.body.sessionToken}` } });
    expect(session.json()).toMatchObject({ user: { username: 'fay' }, method: null, termsAccepted: true });
    expect((await post('/api/auth/logout', undefined, res.body.sessionToken)).status).toBe(204);
    expect((await app.inject({ method: 'GET', url: '/api/auth/session', headers: { authorization: `Bearer ${res.body.sessionToken}` } })).statusCode).toBe(401);
    expect((await events(world.userIds.fay!)).map((e) => e.event)).toEqual(['login.succeeded', 'logout']);
  });

  it('answers a wrong password and an unknown name with the same words, and audits both', async () => {
    const wrong = await login('ben', 'not the password');
    const unknown = await login('nobody@clinic.example', PASSWORD);
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error).toEqual(unknown.body.error);
    expect(wrong.body.error?.reason).toBe('invalid_credentials');
    expect(JSON.stringify(wrong.body)).not.toMatch(/password is|unknown|not found/i);
    expect(await events(world.userIds.ben!)).toMatchObject([{ event: 'login.password_failed', ip: '127.0.0.1', details: { reason: 'wrong_password' } }]);
    expect(await events(null)).toMatchObject([{ event: 'login.password_failed', details: { reason: 'unknown_login' } }]);
  });

  it('locks the account after 5 wrong passwords: the right one is refused too, with Retry-After', async () => {
    for (let i = 0; i < 5; i++) expect((await login('ana', `guess ${i}`)).status).toBe(401);
    const locked = await login('ana');
    expect(locked.status).toBe(429);
    expect(locked.body.error).toMatchObject({ code: 'TooManyRequests', reason: 'locked' });
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(800);
    const log = await events(world.userIds.ana!);
    expect(log.filter((e) => e.event === 'login.locked')).toMatchObject([{ details: { scope: 'account' } }]);
    expect(log.at(-1)?.event).toBe('login.refused_locked');
    // A name nobody has locks the same way, so lockout tells nothing about which names exist.
    for (let i = 0; i < 5; i++) await login('no.such.user', `guess ${i}`);
    expect((await login('no.such.user')).status).toBe(429);
    // After the lock runs out the password works again.
    world.clock.advance(901);
    expect((await login('ana')).body).toMatchObject({ status: 'pending', step: 'enter_code' });
  });

  it('signs in with the authenticator app, and refuses the same code at the next sign-in', async () => {
    const first = await login('ana');
    expect(first.body).toMatchObject({ status: 'pending', stage: 'second_factor', step: 'enter_code', method: 'totp', options: [{ method: 'totp', destination: null }] });
    const code = world.totpNow(world.anaSecret);
    const done = await post('/api/auth/second-factor/verify', { code }, first.body.loginToken);
    expect(done.body).toMatchObject({ status: 'signed_in', method: 'totp', rememberedDevice: false });
    expect(done.body.sessionToken).not.toBe(first.body.loginToken);
    // The login token ended with the step it was for.
    expect((await post('/api/auth/second-factor/verify', { code }, first.body.loginToken)).status).toBe(401);

    const again = await login('ana');
    const replayed = await post('/api/auth/second-factor/verify', { code }, again.body.loginToken);
    expect(replayed.status).toBe(401);
    expect(replayed.body.error).toMatchObject({ code: 'Unauthenticated', reason: 'mfa_failed' });
    expect((await events(world.userIds.ana!)).filter((e) => e.event === 'mfa.failed')).toMatchObject([{ details: { method: 'totp', reason: 'replayed' } }]);
  });

  it('signs in with a code texted to the masked number, and "Send a new code" replaces it', async () => {
    const first = await login('ben');
    expect(first.body).toMatchObject({ step: 'choose_method', options: [{ method: 'sms', destination: 'XXX-XXX-0104' }] });
    const sent = await post('/api/auth/second-factor/method', { method: 'sms' }, first.body.loginToken);
    expect(sent.body).toMatchObject({ step: 'enter_code', destination: 'XXX-XXX-0104', codeSent: true, notice: { code: 'code_sent' } });
    const oldCode = await codeFromOutbox(app, '+13125550104');

    expect((await post('/api/auth/second-factor/resend', {}, first.body.loginToken)).body).toMatchObject({ problem: { code: 'wait_before_resend' } });
    world.clock.advance(21);
    expect((await post('/api/auth/second-factor/resend', {}, first.body.loginToken)).body).toMatchObject({ notice: { code: 'code_resent' } });
    const newCode = await codeFromOutbox(app, '+13125550104');
    expect(newCode).not.toBe(oldCode);
    const done = await post('/api/auth/second-factor/verify', { code: `${newCode.slice(0, 3)} ${newCode.slice(3)}` }, first.body.loginToken);
    expect(done.body).toMatchObject({ status: 'signed_in', method: 'sms' });
    const log = await events(world.userIds.ben!);
    expect(log.filter((e) => e.event === 'mfa.code_sent')).toHaveLength(2);
    expect(JSON.stringify(log)).not.toContain(newCode);
    expect(JSON.stringify(log)).not.toContain('+13125550104');
  });

  it('sends at most 5 codes to a user within 15 minutes, then says when the next may go', async () => {
    const first = await login('ben');
    expect((await post('/api/auth/second-factor/method', { method: 'sms' }, first.body.loginToken)).body).toMatchObject({ notice: { code: 'code_sent' } });
    for (let i = 2; i <= 5; i++) {
      world.clock.advance(21);
      expect((await post('/api/auth/second-factor/resend', {}, first.body.loginToken)).body, `code ${i}`).toMatchObject({ notice: { code: 'code_resent' } });
    }
    world.clock.advance(21);
    expect((await post('/api/auth/second-factor/resend', {}, first.body.loginToken)).body).toMatchObject({ problem: { code: 'too_many_codes' } });
    // A new sign-in does not reset the count: it is the user's, read from the audit log.
    const again = await login('ben');
    expect((await post('/api/auth/second-factor/method', { method: 'sms' }, again.body.loginToken)).body).toMatchObject({ problem: { code: 'too_many_codes' } });
    expect((await events(world.userIds.ben!)).filter((e) => e.event === 'mfa.code_sent')).toHaveLength(5);
    // Once the first code is 15 minutes old, one more may go (to a new sign-in: the others have expired).
    world.clock.advance(15 * 60 - 5 * 21 + 1);
    const later = await login('ben');
    expect((await post('/api/auth/second-factor/method', { method: 'sms' }, later.body.loginToken)).body).toMatchObject({ notice: { code: 'code_sent' } });
  });

  it('signs in with an emailed code, and a wrong code sends the user back to sign in again', async () => {
    const first = await login('dan@clinic.example');
    await post('/api/auth/second-factor/method', { method: 'email' }, first.body.loginToken);
    const wrong = await post('/api/auth/second-factor/verify', { code: '000000' === (await codeFromOutbox(app, 'dan@clinic.example')) ? '111111' : '000000' }, first.body.loginToken);
    expect(wrong.status).toBe(401);
    expect(wrong.body.error?.reason).toBe('mfa_failed');

    const second = await login('dan');
    expect((await post('/api/auth/second-factor/method', { method: 'email' }, second.body.loginToken)).body).toMatchObject({ destination: 'd•••@clinic.example' });
    const code = await codeFromOutbox(app, 'dan@clinic.example');
    expect((await post('/api/auth/second-factor/verify', { code }, second.body.loginToken)).body).toMatchObject({ status: 'signed_in', method: 'email' });
  });

  it('refuses a code that is not six digits without ending the sign-in', async () => {
    const first = await login('ana');
    const bad = await post('/api/auth/second-factor/verify', { code: '12345' }, first.body.loginToken);
    expect(bad.status).toBe(400);
    expect(bad.body.error?.message).toMatch(/6 digits/);
    expect((await post('/api/auth/second-factor/verify', { code: world.totpNow(world.anaSecret) }, first.body.loginToken)).body.status).toBe('signed_in');
  });

  it('calls the primary number, then the secondary one when nobody answers, and # signs in', async () => {
    const first = await login('cara');
    const calling = await post('/api/auth/second-factor/method', { method: 'voice' }, first.body.loginToken);
    expect(calling.body).toMatchObject({ step: 'answer_call', destination: 'XXX-XXX-0105', callLeg: 'primary' });
    expect((await post('/api/auth/second-factor/call', {}, first.body.loginToken)).body).toMatchObject({ step: 'answer_call', notice: { code: 'still_ringing' } });

    const primary = await callFromOutbox(app, '+13125550105');
    await app.inject({ method: 'POST', url: `/api/dev/outbox/calls/${primary.id}/no-answer` });
    const secondary = await post('/api/auth/second-factor/call', {}, first.body.loginToken);
    expect(secondary.body).toMatchObject({ step: 'answer_call', destination: 'XXX-XXX-0115', callLeg: 'secondary', notice: { code: 'calling_secondary' } });

    const call = await callFromOutbox(app, '+13125550115');
    expect((await app.inject({ method: 'POST', url: `/api/dev/outbox/calls/${call.id}/answer`, payload: { key: '#' } })).statusCode).toBe(200);
    expect((await post('/api/auth/second-factor/call', { remember: false }, first.body.loginToken)).body).toMatchObject({ status: 'signed_in', method: 'voice' });
    expect((await events(world.userIds.cara!)).filter((e) => e.event === 'mfa.call_placed').map((e) => e.details.leg)).toEqual(['primary', 'secondary']);
  });

  it('ends the sign-in when a call is answered without #, or nobody answers at either number', async () => {
    const first = await login('cara');
    await post('/api/auth/second-factor/method', { method: 'voice' }, first.body.loginToken);
    await app.inject({ method: 'POST', url: `/api/dev/outbox/calls/${(await callFromOutbox(app, '+13125550105')).id}/answer`, payload: { key: '1' } });
    expect((await post('/api/auth/second-factor/call', {}, first.body.loginToken)).body.error?.reason).toBe('call_declined');

    const second = await login('cara');
    await post('/api/auth/second-factor/method', { method: 'voice' }, second.body.loginToken);
    world.clock.advance(61);
    await post('/api/auth/second-factor/call', {}, second.body.loginToken);
    world.clock.advance(61);
    const ended = await post('/api/auth/second-factor/call', {}, second.body.loginToken);
    expect(ended.status).toBe(401);
    expect(ended.body.error?.reason).toBe('call_not_answered');
  });

  it('skips the second factor for a remembered browser, for the same method only, until revoked', async () => {
    const first = await login('ana');
    const done = await post('/api/auth/second-factor/verify', { code: world.totpNow(world.anaSecret), remember: true }, first.body.loginToken);
    expect(done.body.rememberToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Math.round((Date.parse(String(done.body.rememberExpiresAt)) - world.clock.now().getTime()) / 1000)).toBe(4 * 3600);
    const deviceToken = done.body.rememberToken;

    expect((await login('ana', PASSWORD, { deviceToken })).body).toMatchObject({ status: 'signed_in', method: 'totp', rememberedDevice: true });
    expect((await events(world.userIds.ana!)).filter((e) => e.event === 'remember_me.used')).toHaveLength(1);
    // Another user's password with this browser's token: no skip.
    expect((await login('ben', PASSWORD, { deviceToken })).body.status).toBe('pending');
    // The token stops working after four hours.
    world.clock.advance(4 * 3600 + 1);
    expect((await login('ana', PASSWORD, { deviceToken })).body.status).toBe('pending');
  });

  it('binds a remembered browser to the login option it was made with (seed 003)', async () => {
    const first = await login('gus');
    expect(first.body.options).toEqual([
      { method: 'sms', destination: 'XXX-XXX-0109' },
      { method: 'voice', destination: 'XXX-XXX-0109' },
      { method: 'email', destination: 'g•••@clinic.example' },
    ]);
    await post('/api/auth/second-factor/method', { method: 'sms' }, first.body.loginToken);
    const done = await post('/api/auth/second-factor/verify', { code: await codeFromOutbox(app, '+13125550109'), remember: true }, first.body.loginToken);
    const deviceToken = done.body.rememberToken;

    const byEmail = await login('gus', PASSWORD, { deviceToken });
    expect(byEmail.body.step).toBe('choose_method');
    expect((await post('/api/auth/second-factor/method', { method: 'email', deviceToken }, byEmail.body.loginToken)).body).toMatchObject({ status: 'pending', step: 'enter_code' });

    const bySms = await login('gus', PASSWORD, { deviceToken });
    expect((await post('/api/auth/second-factor/method', { method: 'sms', deviceToken }, bySms.body.loginToken)).body).toMatchObject({ status: 'signed_in', method: 'sms', rememberedDevice: true });
  });

  it('forgets remembered browsers on revokeRememberedDevices, on a new password and on an MFA reset', async () => {
    const remember = async () => {
      const first = await login('ana');
      world.clock.advance(30);
      return (await post('/api/auth/second-factor/verify', { code: world.totpNow(world.anaSecret), remember: true }, first.body.loginToken)).body.rememberToken;
    };
    const a = await remember();
    expect(await revokeRememberedDevices(world.db, world.userIds.ana!)).toBe(1);
    expect((await login('ana', PASSWORD, { deviceToken: a })).body.status).toBe('pending');

    const b = await remember();
    await world.db.updateTable('users').set({ password_hash: await argon2idHasher.hash(PASSWORD) }).where('id', '=', world.userIds.ana!).execute();
    expect((await login('ana', PASSWORD, { deviceToken: b })).body.status).toBe('pending');

    const c = await remember();
    await world.db.deleteFrom('mfa_registrations').where('user_id', '=', world.userIds.ana!).execute();
    const count = await world.db.selectFrom('remembered_devices').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
    expect((await login('ana', PASSWORD, { deviceToken: c })).body).toMatchObject({ status: 'pending', stage: 'registration' });
  });

  it('registers an authenticator at first sign-in: key, otpauth URI and QR code, confirmed with a code', async () => {
    const first = await login('eve');
    expect(first.body).toMatchObject({ stage: 'registration', step: 'choose_method' });
    expect((first.body.options as Array<{ method: string }>).map((o) => o.method)).toEqual(['totp', 'sms', 'voice', 'email']);
    const chosen = await post('/api/auth/registration/method', { method: 'totp' }, first.body.loginToken);
    const authenticator = chosen.body.authenticator as { secret: string; keyText: string; otpauthUri: string; qrSvg: string };
    expect(authenticator.otpauthUri).toBe(
      `otpauth://totp/Riverside%20Provider%20Portal:eve%40clinic.example?secret=${authenticator.secret}&issuer=Riverside%20Provider%20Portal&algorithm=SHA1&digits=6&period=30`,
    );
    expect(authenticator.keyText.replace(/ /g, '')).toBe(authenticator.secret);
    expect(authenticator.qrSvg).toMatch(/^<svg /);
    const secret = Buffer.from(base32Decode(authenticator.secret));
    expect((await post('/api/auth/registration/verify', { code: world.totpNow(secret, 3) }, first.body.loginToken)).body).toMatchObject({ problem: { code: 'wrong_code' } });
    const done = await post('/api/auth/registration/verify', { code: world.totpNow(secret) }, first.body.loginToken);
    expect(done.body).toMatchObject({ status: 'signed_in', method: 'totp' });
    // Registered: the next sign-in asks for the app, and the code just used is spent.
    const next = await login('eve');
    expect(next.body).toMatchObject({ stage: 'second_factor', method: 'totp' });
    expect((await post('/api/auth/second-factor/verify', { code: world.totpNow(secret) }, next.body.loginToken)).body.error?.reason).toBe('mfa_failed');
    expect((await events(world.userIds.eve!)).map((e) => e.event)).toContain('mfa.registered');
  });

  it('registers a phone for texts: validates the US number, sends a code, and keeps it in E.164', async () => {
    const first = await login('eve');
    await post('/api/auth/registration/method', { method: 'sms' }, first.body.loginToken);
    for (const bad of ['555-0143', '312-555-0143 ext 12', '+44 20 7946 0958', '112-555-0143']) {
      expect((await post('/api/auth/registration/phone', { phone: bad }, first.body.loginToken)).body).toMatchObject({ step: 'enter_phone', problem: { code: 'invalid_phone' } });
    }
    const sent = await post('/api/auth/registration/phone', { phone: '(312) 555-0188' }, first.body.loginToken);
    expect(sent.body).toMatchObject({ step: 'enter_code', destination: 'XXX-XXX-0188' });
    const code = await codeFromOutbox(app, '+13125550188');
    expect((await post('/api/auth/registration/verify', { code }, first.body.loginToken)).body).toMatchObject({ status: 'signed_in', method: 'sms' });
    const registration = await world.db.selectFrom('mfa_registrations').selectAll().where('user_id', '=', world.userIds.eve!).executeTakeFirstOrThrow();
    expect(registration).toMatchObject({ method: 'sms', phone: '+13125550188' });
    expect(registration.confirmed_at).not.toBeNull();
  });

  it('registers a number for calls once # is pressed, and an email address with an emailed code', async () => {
    const first = await login('eve');
    await post('/api/auth/registration/method', { method: 'voice' }, first.body.loginToken);
    expect((await post('/api/auth/registration/phone', { phone: '312.555.0107', secondaryPhone: '1 312 555 0117' }, first.body.loginToken)).body.step).toBe('answer_call');
    await app.inject({ method: 'POST', url: `/api/dev/outbox/calls/${(await callFromOutbox(app, '+13125550107')).id}/answer`, payload: { key: '#' } });
    expect((await post('/api/auth/registration/call', {}, first.body.loginToken)).body).toMatchObject({ status: 'signed_in', method: 'voice' });
    expect(await world.db.selectFrom('users').select(['primary_phone', 'secondary_phone']).where('id', '=', world.userIds.eve!).executeTakeFirst()).toEqual({
      primary_phone: '+13125550107',
      secondary_phone: '+13125550117',
    });

    await world.db.deleteFrom('mfa_registrations').where('user_id', '=', world.userIds.eve!).execute();
    const second = await login('eve');
    await post('/api/auth/registration/method', { method: 'email' }, second.body.loginToken);
    const code = await codeFromOutbox(app, 'eve@clinic.example');
    expect((await post('/api/auth/registration/verify', { code }, second.body.loginToken)).body).toMatchObject({ status: 'signed_in', method: 'email' });
  });

  it('follows the policy: a fixed method is the only one offered, and MFA waits for its enforcement date', async () => {
    await world.db.updateTable('organizations').set({ mfa_method_choice: 'fixed', mfa_fixed_method: 'email' }).where('id', '=', world.orgIds.clinic).execute();
    expect((await login('eve')).body.options).toEqual([{ method: 'email', destination: null }]);
    // Ben registered SMS, which the clinic no longer allows: he registers email.
    expect((await login('ben')).body).toMatchObject({ stage: 'registration', options: [{ method: 'email' }] });

    const later = new Date(world.clock.now().getTime() + 86_400_000).toISOString();
    await world.db.updateTable('organizations').set({ mfa_enforcement_date: later }).where('id', '=', world.orgIds.clinic).execute();
    expect((await login('eve')).body).toMatchObject({ status: 'signed_in', method: null });
    // Registered users are still asked for their method before the date.
    expect((await login('ana')).body).toMatchObject({ status: 'pending', method: 'totp' });
  });

  it('describes the API in a valid /openapi.json, and leaves the pages out of it', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json() as { paths: Record<string, unknown> };
    const validation = await new Validator().validate(doc);
    expect(validation.errors ?? []).toEqual([]);
    expect(validation.valid).toBe(true);
    for (const path of ['/api/auth/login', '/api/auth/second-factor/verify', '/api/auth/registration/method', '/api/auth/session', '/api/auth/logout']) expect(doc.paths).toHaveProperty([path]);
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/login'))).toEqual([]);
  });
});

describe.each(dialects)('two instances of the service on one $name database', (dialect) => {
  let world: SignInTestWorld;
  let a: PortalServer;
  let b: PortalServer;

  beforeEach(async (context) => {
    if (!dialect.available) return context.skip();
    world = await signInTestWorld(dialect);
    a = await world.newApp();
    b = await world.newApp();
  });
  afterEach(async () => {
    await world?.close();
  });

  const post = async (on: PortalServer, url: string, body: unknown, token?: string) => {
    const res = await on.inject({ method: 'POST', url, payload: body as object, headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: res.statusCode, body: res.json() as State };
  };

  it('share replay protection: a code accepted by one is refused by the other', async () => {
    const code = world.totpNow(world.anaSecret);
    const onA = await post(a, '/api/auth/login', { username: 'ana', password: PASSWORD });
    const onB = await post(b, '/api/auth/login', { username: 'ana', password: PASSWORD });
    expect((await post(a, '/api/auth/second-factor/verify', { code }, onA.body.loginToken)).body.status).toBe('signed_in');
    expect((await post(b, '/api/auth/second-factor/verify', { code }, onB.body.loginToken)).body.error?.reason).toBe('mfa_failed');
  });

  it('share lockouts: failures on either count toward one limit', async () => {
    for (let i = 0; i < 5; i++) await post(i % 2 ? a : b, '/api/auth/login', { username: 'ben', password: `guess ${i}` });
    expect((await post(a, '/api/auth/login', { username: 'ben', password: PASSWORD })).status).toBe(429);
    expect((await post(b, '/api/auth/login', { username: 'ben', password: PASSWORD })).status).toBe(429);
  });

  it('share sign-ins in progress: a step begun on one finishes on the other', async () => {
    const begun = await post(a, '/api/auth/login', { username: 'dan', password: PASSWORD });
    await post(b, '/api/auth/second-factor/method', { method: 'email' }, begun.body.loginToken);
    const code = await codeFromOutbox(a, 'dan@clinic.example');
    const done = await post(a, '/api/auth/second-factor/verify', { code }, begun.body.loginToken);
    expect(done.body.status).toBe('signed_in');
    expect((await b.inject({ method: 'GET', url: '/api/auth/session', headers: { authorization: `Bearer ${done.body.sessionToken}` } })).statusCode).toBe(200);
  });

  it('answer a burst of wrong passwords sent at once as one after another: 5 wrong, then locked', async () => {
    const burst = await Promise.all(Array.from({ length: 12 }, (_, i) => post(i % 2 ? a : b, '/api/auth/login', { username: 'ben', password: `guess ${i}` })));
    expect(burst.filter((r) => r.status === 401)).toHaveLength(5);
    expect(burst.filter((r) => r.status === 429)).toHaveLength(7);
    expect((await post(a, '/api/auth/login', { username: 'ben', password: PASSWORD })).status).toBe(429);
    const audit = await world.db.selectFrom('audit_log').select('event').where('subject_user_id', '=', world.userIds.ben!).execute();
    // Every attempt was checked and audited; the lock began once, and everything judged after it says so.
    expect(audit.filter((e) => e.event === 'login.password_failed')).toHaveLength(12);
    expect(audit.filter((e) => e.event === 'login.locked')).toHaveLength(1);
  });

  it('answer a burst of wrong codes sent at once, across both instances, as one after another: 5 wrong, then locked', async () => {
    const begun = [];
    for (let i = 0; i < 12; i++) begun.push(await post(i % 2 ? a : b, '/api/auth/login', { username: 'ana', password: PASSWORD }));
    const wrong = String((Number(world.totpNow(world.anaSecret)) + 500_000) % 1_000_000).padStart(6, '0');
    const burst = await Promise.all(begun.map((r, i) => post(i % 2 ? b : a, '/api/auth/second-factor/verify', { code: wrong }, r.body.loginToken)));
    expect(burst.map((r) => r.body.error?.reason).filter((x) => x === 'mfa_failed')).toHaveLength(5);
    expect(burst.filter((r) => r.status === 429)).toHaveLength(7);
    // Locked now: the right password is refused, so the right code is never asked for.
    expect((await post(a, '/api/auth/login', { username: 'ana', password: PASSWORD })).status).toBe(429);
  });

  it('count wrong second-factor codes toward the lockout, so codes cannot be guessed faster than passwords', async () => {
    for (let i = 0; i < 5; i++) {
      const begun = await post(i % 2 ? a : b, '/api/auth/login', { username: 'ana', password: PASSWORD });
      const wrong = String((Number(world.totpNow(world.anaSecret)) + 500_000) % 1_000_000).padStart(6, '0');
      expect((await post(i % 2 ? b : a, '/api/auth/second-factor/verify', { code: wrong }, begun.body.loginToken)).status).toBe(401);
    }
    expect((await post(a, '/api/auth/login', { username: 'ana', password: PASSWORD })).status).toBe(429);
  });
});

/** RFC 4648 Base32 decoding, written out here so the test does not trust the code it checks. */
function base32Decode(text: string): number[] {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of text) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const bytes: number[] = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return bytes;
}
