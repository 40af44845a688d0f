import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PASSWORD } from '../../auth/testing/signInTestApp.js';
import { testDialects } from '../../db/testing/testDatabases.js';
import { auditOf, CLINIC_NPI, linkTokenIn, NEW_PASSWORD, outbox, selfServiceTestWorld, waitForMessage, type SelfServiceTestWorld } from '../../enrollment/testing/selfServiceTestWorld.js';
import type { PortalServer } from '../buildServer.js';
import { decodeBase32Secret } from '../../../common/otp/base32.js';

const dialects = await testDialects();

type Body = Record<string, unknown> & { error?: { code: string; reason?: string; message: string; fields?: Record<string, string> } };

const DETAILS = { username: 'rio.md', firstName: 'Rio', lastName: 'Medina', email: 'rio@lakeside.example', confirmEmail: 'rio@lakeside.example', fax: '312-555-0190' };

describe.each(dialects)('the registration API on $name', (dialect) => {
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

  const call = async (method: 'GET' | 'POST', url: string, body?: object, token?: string) => {
    const res = await app.inject({ method, url, ...(body ? { payload: body } : {}), headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: res.statusCode, body: (res.body ? res.json() : {}) as Body };
  };

  it('registers a new provider and their authenticator, then records the terms of use', async () => {
    const wrong = await call('POST', '/api/register/organization', { npi: CLINIC_NPI, registrationCode: 'AAAA-BBBB-CCCC-DDDD' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toMatchObject({ code: 'InvalidInput', reason: 'registration_code_mismatch' });
    const org = await call('POST', '/api/register/organization', { npi: CLINIC_NPI, registrationCode: world.registrationCode });
    expect(org.body).toMatchObject({ organizationName: 'clinic', npi: CLINIC_NPI });
    const flow = org.body.flowToken as string;

    const invalid = await call('POST', '/api/register/details', { ...DETAILS, confirmEmail: 'x@lakeside.example', fax: '' }, flow);
    expect(invalid.status).toBe(400);
    expect(invalid.body.error?.fields).toEqual({ confirmEmail: 'The two email addresses do not match.', fax: 'Enter your fax, 10 digits.' });
    expect((await call('POST', '/api/register/details', DETAILS, flow)).body).toEqual({ status: 'link_sent', sentTo: 'r•••@lakeside.example' });
    expect((await call('POST', '/api/register/details', DETAILS, flow)).status).toBe(401);

    const token = linkTokenIn(await waitForMessage(app, DETAILS.email, (m) => m.subject?.startsWith('Complete your') ?? false));
    const opened = await call('POST', '/api/register/link', { token });
    expect(opened.body).toMatchObject({ status: 'create_password', username: 'rio.md', passwordRules: expect.any(Array) });
    expect((await call('POST', '/api/register/link', { token })).status).toBe(410);
    const started = await call('POST', '/api/register/password', { password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD }, opened.body.flowToken as string);
    expect(started.body).toMatchObject({ status: 'register_mfa' });
    const login = started.body.loginToken as string;

    // Sign-in's registration API does the rest.
    const qr = await call('POST', '/api/auth/registration/method', { method: 'totp' }, login);
    const secret = Buffer.from(decodeBase32Secret((qr.body.authenticator as { secret: string }).secret));
    const signedIn = await call('POST', '/api/auth/registration/verify', { code: world.totpNow(secret) }, login);
    expect(signedIn.body).toMatchObject({ status: 'signed_in', method: 'totp', user: { username: 'rio.md' } });
    const session = signedIn.body.sessionToken as string;

    expect((await call('GET', '/api/register/terms', undefined, session)).body).toMatchObject({ version: '2026-01', required: true, terms: expect.any(Array) });
    expect((await call('POST', '/api/register/terms', { accept: false }, session)).status).toBe(400);
    expect((await call('POST', '/api/register/terms', { accept: true })).status).toBe(401);
    // Signed in, but the session says the terms come first until they are accepted.
    expect((await call('GET', '/api/auth/session', undefined, session)).body).toMatchObject({ user: { username: 'rio.md' }, termsAccepted: false });
    expect((await call('POST', '/api/register/terms', { accept: true }, session)).body).toMatchObject({ required: false });
    expect((await call('GET', '/api/auth/session', undefined, session)).body).toMatchObject({ termsAccepted: true });
    const userId = (await world.db.selectFrom('users').select('id').where('username', '=', 'rio.md').executeTakeFirstOrThrow()).id;
    expect((await auditOf(world, userId, 'registration.')).map((e) => e.event)).toEqual([
      'registration.started',
      'registration.link_opened',
      'registration.password_set',
      'registration.completed',
    ]);
    // Done: "Having trouble" says so, and a reset sends nothing.
    expect((await call('POST', '/api/register/resend-link', { login: DETAILS.email, password: NEW_PASSWORD })).body).toMatchObject({ status: 'already_registered' });
  });

  /** From the clinic's NPI and code to the details step, then the details: the answer's body and status. */
  const register = async (details: object) => {
    const org = await call('POST', '/api/register/organization', { npi: CLINIC_NPI, registrationCode: world.registrationCode });
    return call('POST', '/api/register/details', { ...DETAILS, ...details }, org.body.flowToken as string);
  };

  it('finishes at most 5 registrations from one address within 15 minutes, then asks it to wait', async () => {
    for (let i = 0; i < 5; i++) {
      const done = await register({ username: `rio${i}.md`, email: `rio${i}@lakeside.example`, confirmEmail: `rio${i}@lakeside.example` });
      expect(done.body, `registration ${i + 1}`).toMatchObject({ status: 'link_sent' });
    }
    const sixth = await register({ username: 'rio5.md', email: 'rio5@lakeside.example', confirmEmail: 'rio5@lakeside.example' });
    expect(sixth.body.error).toMatchObject({ reason: 'too_many_requests' });
    expect(await world.db.selectFrom('users').select('id').where('username', '=', 'rio5.md').execute()).toEqual([]);
    world.clock.advance(15 * 60 + 1);
    expect((await register({ username: 'rio5.md', email: 'rio5@lakeside.example', confirmEmail: 'rio5@lakeside.example' })).body).toMatchObject({ status: 'link_sent' });
  });

  it('tells a person their address is already registered at most 3 times a day, answering the same each time', async () => {
    const answers = [];
    for (let i = 0; i < 4; i++) {
      answers.push((await register({ username: `someone${i}.md`, email: 'dan@clinic.example', confirmEmail: 'dan@clinic.example' })).body);
      world.clock.advance(60);
    }
    expect(answers).toEqual(Array(4).fill({ status: 'link_sent', sentTo: 'd•••@clinic.example' }));
    await expect.poll(async () => (await outbox(app, 'dan@clinic.example')).length).toBe(3);
    await new Promise((settled) => setTimeout(settled, 200));
    expect(await outbox(app, 'dan@clinic.example')).toHaveLength(3);
  });

  it('answers a registration reset the same for every username, and a wrong password for a resend like a failed login', async () => {
    const a = await call('POST', '/api/register/reset', { username: 'eve' });
    const b = await call('POST', '/api/register/reset', { username: 'nobody.here' });
    expect([a.status, b.status]).toEqual([202, 202]);
    expect(a.body).toEqual(b.body);
    const link = await waitForMessage(app, 'eve@clinic.example', (m) => m.body.includes('was reset at your request'));
    const opened = await call('POST', '/api/register/link', { token: linkTokenIn(link) });
    expect(opened.body).toMatchObject({ status: 'enter_password', username: 'eve' });
    expect((await call('POST', '/api/register/password', { password: 'wrong one' }, opened.body.flowToken as string)).body).toMatchObject({ status: 'retry', problem: { code: 'wrong_password' } });
    expect((await call('POST', '/api/register/password', { password: PASSWORD }, opened.body.flowToken as string)).body).toMatchObject({ status: 'register_mfa' });

    const denied = await call('POST', '/api/register/resend-link', { login: 'eve', password: 'not it' });
    expect(denied.status).toBe(401);
    expect(denied.body.error).toMatchObject({ code: 'Unauthenticated', reason: 'invalid_credentials' });
    expect((await call('POST', '/api/register/resend-link', { login: 'eve', password: PASSWORD })).body).toMatchObject({ status: 'link_sent', sentTo: 'e•••@clinic.example' });
    expect((await call('POST', '/api/register/link', { token: 'A'.repeat(43) })).body.error).toMatchObject({ code: 'Gone', reason: 'link_invalid' });
  });
});


describe.runIf(dialects[0]?.available)('emailed links', () => {
  it('never name a machine from the Host header without PUBLIC_BASE_URL', async () => {
    const world = await selfServiceTestWorld(dialects[0]!);
    try {
      const app = await world.newApp();
      await app.inject({ method: 'POST', url: '/api/register/reset', payload: { username: 'eve' }, headers: { host: 'evil.example' } });
      const mail = await waitForMessage(app, 'eve@clinic.example');
      expect(mail.body).toMatch(/http:\/\/localhost\/register\/link\?token=/);
      expect(mail.body).not.toContain('evil.example');
    } finally {
      await world.close();
    }
  });

  it('point at PUBLIC_BASE_URL, whatever Host header the request carried', async () => {
    const world = await selfServiceTestWorld(dialects[0]!, { publicUrl: 'https://portal.clinic.example' });
    try {
      const app = await world.newApp();
      const res = await app.inject({ method: 'POST', url: '/api/register/reset', payload: { username: 'eve' }, headers: { host: 'evil.example' } });
      expect(res.statusCode).toBe(202);
      const mail = await waitForMessage(app, 'eve@clinic.example');
      expect(mail.body).toMatch(/https:\/\/portal\.clinic\.example\/register\/link\?token=[A-Za-z0-9_-]{43}/);
      expect(mail.body).not.toContain('evil.example');
    } finally {
      await world.close();
    }
  });
});
