import { Validator } from '@seriousme/openapi-schema-validator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { codeFromOutbox, PASSWORD } from '../../auth/testing/signInTestApp.js';
import { testDialects } from '../../db/testing/testDatabases.js';
import { auditOf, codeIn, NEW_PASSWORD, selfServiceTestWorld, waitForMessage, type SelfServiceTestWorld } from '../../enrollment/testing/selfServiceTestWorld.js';
import type { PortalServer } from '../buildServer.js';

const dialects = await testDialects();

type Body = Record<string, unknown> & { status?: string; step?: string; flowToken?: string; error?: { code: string; reason?: string; message: string }; problem?: { code: string } };

describe.each(dialects)('the forgotten-password API on $name', (dialect) => {
  let world: SelfServiceTestWorld;
  let app: PortalServer;

  beforeEach(async (context) => {
    if (!dialect.available) return context.skip();
    world = await selfServiceTestWorld(dialect);
    app = await world.newApp();
  });
  afterEach(async () => {
    await world?.close();
  });

  const post = async (url: string, body: object = {}, token?: string) => {
    const res = await app.inject({ method: 'POST', url, payload: body, headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: res.statusCode, body: (res.body ? res.json() : {}) as Body, headers: res.headers };
  };

  it('walks email code, texted code and new password with a flow token, then signs in with the new password', async () => {
    const session = await post('/api/auth/login', { username: 'gus', password: PASSWORD });
    await post('/api/auth/second-factor/method', { method: 'sms' }, session.body.loginToken as string);
    const signedIn = await post('/api/auth/second-factor/verify', { code: await codeFromOutbox(app, '+13125550109') }, session.body.loginToken as string);
    expect(signedIn.body.status).toBe('signed_in');

    const started = await post('/api/auth/password-reset', { login: 'gus@clinic.example' });
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ status: 'pending', step: 'email_code', notice: { code: 'code_sent' } });
    const token = started.body.flowToken!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const email = codeIn(await waitForMessage(app, 'gus@clinic.example', (m) => m.subject?.includes('verification code') ?? false));

    // The emailed code does not pass as the phone's, nor the other way round.
    const toPhone = await post('/api/auth/password-reset/email-code', { code: email }, token);
    expect(toPhone.body).toMatchObject({ step: 'phone', phone: { destination: 'XXX-XXX-0109', stage: 'choose', callingTo: null, callLeg: null }, notice: { code: 'email_verified' } });
    expect((await post('/api/auth/password-reset/phone/code', { code: email }, token)).body.problem).toEqual({ code: 'send_code_first', message: expect.any(String) });
    expect((await post('/api/auth/password-reset/phone/send', {}, token)).body).toMatchObject({ phone: { stage: 'enter_code' }, notice: { code: 'phone_code_sent' } });
    const sms = await codeFromOutbox(app, '+13125550109');
    expect((await post('/api/auth/password-reset/phone/code', { code: sms }, token)).body).toMatchObject({ step: 'new_password', passwordRules: expect.arrayContaining([expect.stringContaining('At least 12 characters')]) });
    expect((await post('/api/auth/password-reset/password', { password: 'too short', confirmPassword: 'too short' }, token)).body.problem?.code).toBe('password_too_short');
    expect((await post('/api/auth/password-reset/password', { password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD }, token)).body).toEqual({ status: 'done' });

    // The flow token is spent; the old session ended; the new password works.
    const spent = await post('/api/auth/password-reset/password', { password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD }, token);
    expect(spent.status).toBe(401);
    expect(spent.body.error).toMatchObject({ code: 'Unauthenticated', reason: 'flow_expired' });
    expect((await app.inject({ method: 'GET', url: '/api/auth/session', headers: { authorization: `Bearer ${signedIn.body.sessionToken}` } })).statusCode).toBe(401);
    expect((await post('/api/auth/login', { username: 'gus', password: NEW_PASSWORD })).body.status).toBe('pending');
    expect((await auditOf(world, world.userIds.gus!, 'password_reset.completed'))[0]?.details).toMatchObject({ phoneVerified: true, sessionsEnded: 1 });
  });

  it('answers the same for a login that matches nobody, and refuses its codes', async () => {
    const real = await post('/api/auth/password-reset', { login: 'ben' });
    const fake = await post('/api/auth/password-reset', { login: 'no.such.person' });
    const shape = (b: Body) => ({ ...b, flowToken: typeof b.flowToken, expiresAt: typeof b.expiresAt });
    expect(shape(fake.body)).toEqual(shape(real.body));
    // Every step answers the same for both, down to the steps a flow has not reached.
    for (const [url, body] of [['/api/auth/password-reset/phone/send', {}], ['/api/auth/password-reset/password', { password: 'x', confirmPassword: 'x' }], ['/api/auth/password-reset/email-code', { code: '123456' }]] as const) {
      const a = await post(url, body, real.body.flowToken);
      const b = await post(url, body, fake.body.flowToken);
      expect([b.status, b.body.problem]).toEqual([a.status, a.body.problem]);
    }
    expect((await post('/api/auth/password-reset/email-code', { code: '123456' }, fake.body.flowToken)).body.problem?.code).toBe('wrong_code');
  });

  it('refuses a missing or made-up flow token, and the 11th reset from one address', async () => {
    expect((await post('/api/auth/password-reset/email-code', { code: '123456' })).status).toBe(401);
    expect((await post('/api/auth/password-reset/email-code', { code: '123456' }, 'A'.repeat(43))).body.error?.reason).toBe('flow_expired');
    expect((await post('/api/auth/password-reset', { login: '' })).status).toBe(400);
    for (let i = 0; i < 10; i++) expect((await post('/api/auth/password-reset', { login: `someone${i}` })).status).toBe(200);
    const limited = await post('/api/auth/password-reset', { login: 'ben' });
    expect(limited.status).toBe(429);
    expect(limited.body.error).toMatchObject({ code: 'TooManyRequests', reason: 'too_many_requests' });
    await app.close();
    expect(await world.db.selectFrom('dev_outbox').select('id').where('recipient', '=', 'ben@clinic.example').execute()).toEqual([]);
  });

  it('describes the reset in a valid /openapi.json', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json() as { paths: Record<string, unknown> };
    const validation = await new Validator().validate(doc);
    expect(validation.valid, JSON.stringify(validation.errors)).toBe(true);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/auth/password-reset', '/api/auth/password-reset/email-code', '/api/auth/password-reset/password', '/api/register/organization', '/api/register/details', '/api/register/link', '/api/register/terms', '/api/register/reset', '/api/register/resend-link']),
    );
    expect(Object.keys(doc.paths).some((p) => p.startsWith('/login') || p.startsWith('/register'))).toBe(false);
  });
});
