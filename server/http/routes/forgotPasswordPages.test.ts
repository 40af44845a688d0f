import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { codeFromOutbox, PASSWORD } from '../../auth/testing/signInTestApp.js';
import { testDialects } from '../../db/testing/testDatabases.js';
import { auditOf, codeIn, csrfOf, NEW_PASSWORD, outbox, PageBrowser, selfServiceTestWorld, waitForMessage, type SelfServiceTestWorld } from '../../enrollment/testing/selfServiceTestWorld.js';
import { PAGE_CSP } from '../../pages/pageLayout.js';
import type { PortalServer } from '../buildServer.js';

const dialects = await testDialects();
const STEP = '/login/forgot/verify';

describe.each(dialects)('the forgotten-password pages on $name', (dialect) => {
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

  const api = async (url: string, body: object, token?: string) => {
    const res = await app.inject({ method: 'POST', url, payload: body, headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: res.statusCode, body: (res.body ? res.json() : {}) as Record<string, string> };
  };
  /** Signs a user in through the API with an emailed code and "Remember me": a session and a remembered browser. */
  async function signInRemembered(username: string) {
    const login = await api('/api/auth/login', { username, password: PASSWORD });
    await api('/api/auth/second-factor/method', { method: 'email' }, login.body.loginToken);
    const done = await api('/api/auth/second-factor/verify', { code: await codeFromOutbox(app, `${username}@clinic.example`), remember: true }, login.body.loginToken);
    expect(done.body.status).toBe('signed_in');
    return { session: done.body.sessionToken!, device: done.body.rememberToken! };
  }
  const sessionWorks = async (token: string) => (await app.inject({ method: 'GET', url: '/api/auth/session', headers: { authorization: `Bearer ${token}` } })).statusCode === 200;

  async function start(browser: PageBrowser, login: string) {
    return browser.submit('/login/forgot', '/login/forgot', { login });
  }
  /** The code of the newest verification email, waiting for one not in `seen` (a sign-in code sent earlier). */
  async function emailCode(email: string, seen: ReadonlySet<string> = new Set()) {
    return codeIn(await waitForMessage(app, email, (m) => !seen.has(m.id) && (m.subject?.includes('verification code') ?? false)));
  }
  const post = async (browser: PageBrowser, action: string, fields: Record<string, string> = {}) => browser.submit(STEP, action, fields);

  it('resets an email-only user’s password with the emailed code, ends their sessions and remembered browsers, and the new password signs in', async () => {
    const before = await signInRemembered('dan');
    const seen = new Set((await outbox(app, 'dan@clinic.example')).map((m) => m.id));
    const browser = new PageBrowser(app);
    const login = await browser.get('/login');
    expect(login.body).toContain('<a href="/login/forgot">Forgot your password?</a>');

    const form = await browser.get('/login/forgot');
    expect(form.headers['content-security-policy']).toBe(PAGE_CSP);
    expect(form.body).toMatch(/<label for="login">Email address<\/label>/);
    expect(form.body).toContain('Send verification code');
    const started = await browser.post('/login/forgot', { _csrf: csrfOf(form.body), login: 'DAN@clinic.example' });
    expect(started.statusCode).toBe(303);
    expect(started.headers.location).toBe(`${STEP}?notice=code_sent`);
    expect(browser.lastCookies).toMatchObject([{ name: 'twofold_flow', httpOnly: true, sameSite: 'Strict', path: '/' }]);

    const codePage = await browser.get(`${STEP}?notice=code_sent`);
    expect(codePage.body).toContain('<h1>Verify your email</h1>');
    expect(codePage.body).toContain('<p class="notice" role="status">Verification code has been sent. Please copy it to the input box below.</p>');
    expect(codePage.body).toMatch(/<label for="code">Verification code<\/label>/);
    const code = await emailCode('dan@clinic.example', seen);
    const verified = await browser.post('/login/forgot/email-code', { _csrf: csrfOf(codePage.body), code });
    expect(verified.headers.location).toBe(`${STEP}?notice=email_verified`);

    const passwordPage = await browser.get(STEP);
    expect(passwordPage.body).toContain('<h1>Choose a new password</h1>');
    expect(passwordPage.body).toContain('At least 12 characters');
    expect(passwordPage.body).toMatch(/<input type="password" id="password" name="password" autocomplete="new-password"[^>]*aria-describedby="password-rules">/);
    const done = await browser.post('/login/forgot/password', { _csrf: csrfOf(passwordPage.body), password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
    expect(done.headers.location).toBe('/login/forgot/done');
    expect(browser.jar.has('twofold_flow')).toBe(false);
    expect((await browser.get('/login/forgot/done')).body).toContain('Your password has been changed');

    // Signed out everywhere; the remembered browser asks for a code again; only the new password works.
    expect(await sessionWorks(before.session)).toBe(false);
    expect((await api('/api/auth/login', { username: 'dan', password: PASSWORD })).status).toBe(401);
    const again = await api('/api/auth/login', { username: 'dan', password: NEW_PASSWORD, deviceToken: before.device });
    expect(again.body).toMatchObject({ status: 'pending', stage: 'second_factor' });
    expect(await world.db.selectFrom('remembered_devices').select('id').where('user_id', '=', world.userIds.dan!).execute()).toEqual([]);

    const log = await auditOf(world, world.userIds.dan!, 'password_reset.');
    expect(log.map((e) => e.event)).toEqual(['password_reset.requested', 'password_reset.email_verified', 'password_reset.completed']);
    expect(log[2]).toMatchObject({ ip: '127.0.0.1', details: { phoneVerified: false, sessionsEnded: 1, rememberedDevicesRevoked: 1 } });
    const everything = JSON.stringify(await world.db.selectFrom('audit_log').selectAll().execute());
    for (const secret of [code, NEW_PASSWORD, 'DAN@clinic.example']) expect(everything).not.toContain(secret);
    expect((await waitForMessage(app, 'dan@clinic.example', (m) => m.subject?.includes('password was changed') ?? false)).body).toContain('signed out everywhere');
  });

  it('asks a user with a phone for a texted code after the email code (seed 003), and only then for the new password', async () => {
    const browser = new PageBrowser(app);
    await start(browser, 'ben');
    await post(browser, '/login/forgot/email-code', { code: await emailCode('ben@clinic.example') });
    const phonePage = await browser.get(STEP);
    expect(phonePage.body).toContain('<h1>Verify your phone</h1>');
    expect(phonePage.body).toContain('We have the following number on record for you. We can send a code via SMS or phone to authenticate you.');
    expect(phonePage.body).toContain('<p class="destination">XXX-XXX-0104</p>');
    expect(phonePage.body).toContain('>Send code</button>');
    expect(phonePage.body).toContain('>Call me</button>');
    expect(phonePage.body).not.toContain('+13125550104');

    // The password cannot be set before the phone is proved.
    expect((await post(browser, '/login/forgot/password', { password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })).headers.location).toBe(`${STEP}?error=invalid_request`);

    expect((await post(browser, '/login/forgot/phone/send')).headers.location).toBe(`${STEP}?notice=phone_code_sent`);
    const enter = await browser.get(STEP);
    expect(enter.body).toContain('Enter your verification code below, or send a new code');
    const sms = await codeFromOutbox(app, '+13125550104');
    const wrong = String((Number(sms) + 1) % 1_000_000).padStart(6, '0');
    expect((await post(browser, '/login/forgot/phone/code', { code: wrong })).headers.location).toBe(`${STEP}?error=wrong_code`);
    expect((await post(browser, '/login/forgot/phone/code', { code: sms })).headers.location).toBe(`${STEP}?notice=phone_verified`);
    expect((await post(browser, '/login/forgot/password', { password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })).headers.location).toBe('/login/forgot/done');

    const log = await auditOf(world, world.userIds.ben!, 'password_reset.');
    expect(log.map((e) => e.event)).toEqual(['password_reset.requested', 'password_reset.email_verified', 'password_reset.phone_verified', 'password_reset.completed']);
    expect(log[2]?.details).toEqual({ channel: 'sms' });
    expect(log[3]?.details).toMatchObject({ phoneVerified: true });
  });

  it('verifies the phone by a call answered with #, calling the secondary number when the primary does not answer', async () => {
    const browser = new PageBrowser(app);
    await start(browser, 'cara@clinic.example');
    await post(browser, '/login/forgot/email-code', { code: await emailCode('cara@clinic.example') });
    await post(browser, '/login/forgot/phone/call');
    const calling = await browser.get(STEP);
    expect(calling.body).toContain('<p class="destination">XXX-XXX-0105</p>');
    expect(calling.body).toContain('<script src="/assets/call-wait.js" defer></script>');
    expect(calling.body).toContain('data-call-status="/login/forgot/phone/call-status"');
    expect((await browser.get('/login/forgot/phone/call-status')).json()).toEqual({ ended: false });

    const answer = async (number: string, how: 'answer' | 'no-answer') => {
      const [call] = await outbox(app, number);
      const res = await app.inject({ method: 'POST', url: `/api/dev/outbox/calls/${call!.id}/${how}`, payload: how === 'answer' ? { key: '#' } : {} });
      expect(res.statusCode).toBe(200);
    };
    expect((await post(browser, '/login/forgot/phone/answered')).headers.location).toBe(`${STEP}?notice=still_ringing`);
    await answer('+13125550105', 'no-answer');
    expect((await browser.get('/login/forgot/phone/call-status')).json()).toEqual({ ended: true });
    expect((await post(browser, '/login/forgot/phone/answered')).headers.location).toBe(`${STEP}?notice=calling_secondary`);
    const secondaryPage = (await browser.get(STEP)).body;
    expect(secondaryPage).toContain('<p class="destination">XXX-XXX-0115</p>');
    expect(secondaryPage).toContain('Nobody answered your primary number, so this call is to your secondary number.');
    await answer('+13125550115', 'answer');
    expect((await post(browser, '/login/forgot/phone/answered')).headers.location).toBe(`${STEP}?notice=phone_verified`);
    expect((await browser.get(STEP)).body).toContain('<h1>Choose a new password</h1>');
    expect((await auditOf(world, world.userIds.cara!, 'password_reset.phone_verified'))[0]?.details).toEqual({ channel: 'voice' });
  });

  it('answers an address that matches nobody exactly as a real one, sends it nothing and accepts no code', async () => {
    const known = new PageBrowser(app);
    const unknown = new PageBrowser(app);
    const a = await start(known, 'dan@clinic.example');
    const b = await start(unknown, 'nobody@clinic.example');
    expect([b.statusCode, b.headers.location]).toEqual([a.statusCode, a.headers.location]);
    expect(unknown.lastCookies.map(({ value: _v, ...flags }) => flags)).toEqual(known.lastCookies.map(({ value: _v, ...flags }) => flags));
    const withoutTokens = (page: string) => page.replace(/value="[A-Za-z0-9_-]{43}"/g, '');
    expect(withoutTokens((await unknown.get(`${STEP}?notice=code_sent`)).body)).toBe(withoutTokens((await known.get(`${STEP}?notice=code_sent`)).body));

    for (let i = 0; i < 4; i++) expect((await post(unknown, '/login/forgot/email-code', { code: String(100000 + i) })).headers.location).toBe(`${STEP}?error=wrong_code`);
    const last = await post(unknown, '/login/forgot/email-code', { code: '123456' });
    expect(last.headers.location).toBe('/login/forgot?error=too_many_tries');
    expect(unknown.jar.has('twofold_flow')).toBe(false);

    expect(await auditOf(world, null, 'password_reset.')).toMatchObject([
      { event: 'password_reset.requested', details: { outcome: 'unknown_login' } },
      { event: 'password_reset.failed', details: { reason: 'too_many_attempts' } },
    ]);
    await app.close();
    expect(await world.db.selectFrom('dev_outbox').select('id').where('recipient', '=', 'nobody@clinic.example').execute()).toEqual([]);
  });

  it('refuses wrong, expired and replaced codes, and pauses "Send new code" for 20 seconds', async () => {
    const browser = new PageBrowser(app);
    await start(browser, 'dan');
    const first = await emailCode('dan@clinic.example');
    expect((await post(browser, '/login/forgot/resend')).headers.location).toBe(`${STEP}?error=wait_before_resend`);
    expect((await post(browser, '/login/forgot/email-code', { code: '12 34' })).headers.location).toBe(`${STEP}?error=code_needed`);

    world.clock.advance(601);
    expect((await post(browser, '/login/forgot/email-code', { code: first })).headers.location).toBe(`${STEP}?error=code_expired`);
    expect((await post(browser, '/login/forgot/resend')).headers.location).toBe(`${STEP}?notice=code_resent`);
    const second = codeIn(await waitForMessage(app, 'dan@clinic.example', (m) => m.subject?.includes('verification code') === true && codeIn(m) !== first));
    expect((await post(browser, '/login/forgot/email-code', { code: second })).headers.location).toBe(`${STEP}?notice=email_verified`);

    // A code is good once: another reset does not take it.
    const other = new PageBrowser(app);
    await start(other, 'dan');
    expect((await post(other, '/login/forgot/email-code', { code: second })).headers.location).toBe(`${STEP}?error=wrong_code`);
    // Nor does the flow of one browser work in another.
    expect((await new PageBrowser(app).get(STEP)).headers.location).toBe('/login/forgot');
  });

  it('ends after five wrong codes, and counts wrong codes against the client address', async () => {
    const browser = new PageBrowser(app);
    await start(browser, 'dan');
    await emailCode('dan@clinic.example');
    for (let i = 0; i < 4; i++) await post(browser, '/login/forgot/email-code', { code: '000000' });
    expect((await post(browser, '/login/forgot/email-code', { code: '000001' })).headers.location).toBe('/login/forgot?error=too_many_tries');
    expect((await browser.get(STEP)).headers.location).toBe('/login/forgot');
    expect((await auditOf(world, world.userIds.dan!, 'password_reset.failed'))[0]?.details).toEqual({ reason: 'too_many_attempts', step: 'email_code' });
    // 20 wrong codes from one address lock it, as 20 wrong passwords would.
    for (let round = 0; round < 3; round++) {
      const b = new PageBrowser(app);
      await start(b, 'nobody');
      for (let i = 0; i < 5; i++) await post(b, '/login/forgot/email-code', { code: '000000' });
    }
    expect((await start(new PageBrowser(app), 'dan')).headers.location).toBe('/login/forgot?error=locked');
  });

  it('limits password resets started from one address to 10 in 15 minutes', async () => {
    for (let i = 0; i < 10; i++) expect((await start(new PageBrowser(app), `user${i}@clinic.example`)).headers.location).toBe(`${STEP}?notice=code_sent`);
    const refused = await start(new PageBrowser(app), 'dan');
    expect(refused.headers.location).toBe('/login/forgot?error=too_many_requests');
    expect((await new PageBrowser(app).get(refused.headers.location as string)).body).toContain('Please wait 15 minutes');
    world.clock.advance(15 * 60 + 1);
    expect((await start(new PageBrowser(app), 'dan')).headers.location).toBe(`${STEP}?notice=code_sent`);
  });

  it('states the password rules and refuses passwords that break them', async () => {
    const browser = new PageBrowser(app);
    await start(browser, 'dan');
    await post(browser, '/login/forgot/email-code', { code: await emailCode('dan@clinic.example') });
    const tryPassword = async (password: string, confirmPassword = password) => (await post(browser, '/login/forgot/password', { password, confirmPassword })).headers.location;
    expect(await tryPassword('short pass')).toBe(`${STEP}?error=password_too_short`);
    expect(await tryPassword('x'.repeat(129))).toBe(`${STEP}?error=password_too_long`);
    expect(await tryPassword('my name is DAN and more')).toBe(`${STEP}?error=password_contains_name`);
    expect(await tryPassword('riverside provider portal!')).toBe(`${STEP}?error=password_contains_name`);
    expect(await tryPassword('zzzzzzzzzzzzzz')).toBe(`${STEP}?error=password_repeated`);
    expect(await tryPassword(NEW_PASSWORD, `${NEW_PASSWORD}!`)).toBe(`${STEP}?error=password_mismatch`);
    expect(await tryPassword(PASSWORD)).toBe(`${STEP}?error=password_is_current`);
    const page = await browser.get(`${STEP}?error=password_contains_name`);
    expect(page.body).toContain('<div class="alert" role="alert">Your new password must not contain your username, your email address or the portal’s name.</div>');
    expect(await tryPassword(NEW_PASSWORD)).toBe('/login/forgot/done');
  });

  it('refuses forms without the CSRF token, from another origin, or with another flow’s token', async () => {
    const browser = new PageBrowser(app);
    const form = await browser.get('/login/forgot');
    expect((await browser.post('/login/forgot', { login: 'dan' })).statusCode).toBe(403);
    expect((await browser.post('/login/forgot', { _csrf: csrfOf(form.body), login: 'dan' }, { origin: 'https://evil.example' })).statusCode).toBe(403);
    await browser.post('/login/forgot', { _csrf: csrfOf(form.body), login: 'dan' });
    const other = new PageBrowser(app);
    await start(other, 'ben');
    const otherToken = csrfOf((await other.get(STEP)).body);
    const refused = await browser.post('/login/forgot/email-code', { _csrf: otherToken, code: '123456' });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('role="alert"');
    expect((await browser.post('/login/forgot/email-code', { _csrf: csrfOf((await browser.get(STEP)).body), code: '123456' }, { 'sec-fetch-site': 'cross-site' })).statusCode).toBe(403);
  });
});
