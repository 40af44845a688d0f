import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRegistrationLink } from '../../admin/users/registrationLinks.js';
import { PASSWORD } from '../../auth/testing/signInTestApp.js';
import { testDialects } from '../../db/testing/testDatabases.js';
import {
  auditOf,
  CLINIC_NPI,
  codeIn,
  csrfOf,
  linkIn,
  linkTokenIn,
  NEW_PASSWORD,
  outbox,
  PageBrowser,
  selfServiceTestWorld,
  waitForMessage,
  type SelfServiceTestWorld,
} from '../../enrollment/testing/selfServiceTestWorld.js';
import type { PortalServer } from '../buildServer.js';

const dialects = await testDialects();

const PAT = {
  username: 'Pat.Provider',
  firstName: 'Pat',
  lastName: 'Provider',
  address1: '100 Main St',
  address2: '',
  city: 'Springfield',
  state: 'IL',
  zip: '62701',
  email: 'pat@northside.example',
  confirmEmail: 'PAT@northside.example',
  phone: '(217) 555-0140',
  fax: '217.555.0141',
};

describe.each(dialects)('new-provider registration pages on $name', (dialect) => {
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

  const userIdOf = async (username: string) => (await world.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst())?.id ?? null;

  /** NPI and code, then the details: the account exists and its link is on the way. */
  async function register(browser: PageBrowser, details: Record<string, string> = PAT) {
    const org = await browser.submit('/register', '/register', { npi: `${CLINIC_NPI.slice(0, 5)} ${CLINIC_NPI.slice(5)}`, registrationCode: world.registrationCode.toLowerCase().replace(/-/g, '') });
    expect(org.headers.location).toBe('/register/details');
    return browser.submit('/register/details', '/register/details', details);
  }
  const linkEmail = (email = PAT.email) => waitForMessage(app, email, (m) => m.subject?.startsWith('Complete your') ?? false);

  /** Opens the emailed link and presses Continue. */
  async function openLink(browser: PageBrowser, token: string) {
    const page = await browser.get(`/register/link?token=${token}`);
    if (page.statusCode !== 200) return page;
    return browser.post('/register/link', { _csrf: csrfOf(page.body), token });
  }

  it('registers a new provider: NPI and code, details, the emailed link, a password, MFA, the terms of use, signed in', async () => {
    const browser = new PageBrowser(app);
    const login = await browser.get('/login');
    expect(login.body).toContain('<a href="/register">register as a new provider</a>');
    expect(login.body).toContain('<a href="/register/trouble">Having trouble signing in?</a>');
    const orgPage = await browser.get('/register');
    expect(orgPage.body).toMatch(/<label for="npi">NPI<span class="required" aria-hidden="true"> \*<\/span><\/label>/);
    expect(orgPage.body).toContain('<label for="registrationCode">Provider registration code');

    const sent = await register(browser);
    expect(sent.statusCode).toBe(200);
    expect(sent.body).toContain('<p class="notice" role="status">Your registration is complete.</p>');
    expect(sent.body).toContain('you must click the link in the email we sent to <strong>p•••@northside.example</strong> within 20 minutes');
    expect(browser.jar.has('twofold_flow')).toBe(false);

    const mail = await linkEmail();
    expect(linkIn(mail)).toMatch(/^http:\/\/localhost(:\d+)?\/register\/link\?token=/);
    const token = linkTokenIn(mail);
    // Opening the page spends nothing (mail scanners open links too).
    expect((await browser.get(`/register/link?token=${token}`)).statusCode).toBe(200);
    const opened = await openLink(browser, token);
    expect(opened.headers.location).toBe('/register/password');
    const passwordPage = await browser.get('/register/password');
    expect(passwordPage.body).toContain('<h1>Create your password</h1>');
    expect(passwordPage.body).toContain('Your username is <strong>pat.provider</strong>');
    expect(passwordPage.body).toContain('At least 12 characters');
    expect((await browser.post('/register/password', { _csrf: csrfOf(passwordPage.body), password: NEW_PASSWORD, confirmPassword: 'something else entirely' })).headers.location).toBe(
      '/register/password?error=password_mismatch',
    );
    const created = await browser.post('/register/password', { _csrf: csrfOf(passwordPage.body), password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
    expect(created.headers.location).toBe('/login/register');
    expect(browser.jar.has('twofold_session')).toBe(true);

    // Sign-in's own registration pages take over: every method the clinic allows.
    const choose = await browser.get('/login/register');
    expect(choose.body).toContain('Use an authenticator app');
    await browser.post('/login/register/method', { _csrf: csrfOf(choose.body), method: 'email' });
    const codePage = await browser.get('/login/register');
    const code = codeIn(await waitForMessage(app, PAT.email, (m) => m.subject?.includes('verification code') ?? false));
    expect((await browser.post('/login/register/verify', { _csrf: csrfOf(codePage.body), code })).headers.location).toBe('/');

    // The terms of use come before anything else (seed 003).
    expect((await browser.get('/')).headers.location).toBe('/register/terms');
    const terms = await browser.get('/register/terms');
    expect(terms.body).toContain('<h1>Terms of Use Agreement</h1>');
    expect(terms.body).toMatch(/<label class="check"><input type="checkbox" name="agree" value="yes" required[^>]*> <span>I have read and agree to these terms of use.<\/span><\/label>/);
    expect((await browser.post('/register/terms', { _csrf: csrfOf(terms.body) })).headers.location).toBe('/register/terms?error=terms_needed');
    expect((await browser.post('/register/terms', { _csrf: 'forged', agree: 'yes' })).statusCode).toBe(403);
    expect((await browser.post('/register/terms', { _csrf: csrfOf(terms.body), agree: 'yes' })).headers.location).toBe('/');
    expect((await browser.get('/')).body).toContain('Welcome, <strong>Pat Provider</strong> (pat.provider)');
    expect((await browser.get('/register/terms')).headers.location).toBe('/');

    const userId = (await userIdOf('pat.provider'))!;
    const user = await world.db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow();
    expect(user).toMatchObject({ email: 'pat@northside.example', name: 'Pat Provider', status: 'active', primary_phone: null });
    expect(await world.db.selectFrom('memberships').select(['org_id', 'role']).where('user_id', '=', userId).execute()).toEqual([{ org_id: world.orgIds.clinic, role: 'staff' }]);
    expect(await world.db.selectFrom('provider_signups').selectAll().where('user_id', '=', userId).executeTakeFirstOrThrow()).toMatchObject({
      npi: CLINIC_NPI,
      state: 'IL',
      office_phone: '+12175550140',
      fax: '+12175550141',
      terms_version: '2026-01',
    });
    const events = (await auditOf(world, userId)).map((e) => e.event);
    expect(events).toEqual(
      expect.arrayContaining(['registration.started', 'registration.link_opened', 'registration.password_set', 'mfa.code_sent', 'mfa.registered', 'login.succeeded', 'registration.completed']),
    );
    expect(events.indexOf('registration.completed')).toBeGreaterThan(events.indexOf('mfa.registered'));
    expect((await auditOf(world, userId, 'registration.started'))[0]).toMatchObject({ org_id: world.orgIds.clinic, details: { npi: CLINIC_NPI } });
    expect(JSON.stringify(await world.db.selectFrom('audit_log').selectAll().execute())).not.toContain(token);

    // Used once: the same link is refused now.
    const again = await openLink(new PageBrowser(app), token);
    expect(again.statusCode).toBe(410);
    expect(again.body).toContain('This link has expired or was already used.');
  });

  it('refuses a wrong NPI or code the same way, and locks the address after 20 wrong tries', async () => {
    const browser = new PageBrowser(app);
    const tryPair = async (npi: string, registrationCode: string) => (await browser.submit('/register', '/register', { npi, registrationCode })).headers.location;
    expect(await tryPair('1528394062', world.registrationCode)).toBe('/register?error=invalid_npi');
    expect(await tryPair(CLINIC_NPI, '')).toBe('/register?error=registration_code_needed');
    expect(await tryPair('1234567893', world.registrationCode)).toBe('/register?error=registration_code_mismatch');
    expect(await tryPair(CLINIC_NPI, 'AAAA-BBBB-CCCC-DDDD')).toBe('/register?error=registration_code_mismatch');
    expect((await browser.get('/register?error=registration_code_mismatch')).body).toContain('The NPI and provider registration code do not match our records.');
    await world.db.updateTable('provider_registration_codes').set({ revoked_at: world.clock.now().toISOString() }).execute();
    expect(await tryPair(CLINIC_NPI, world.registrationCode)).toBe('/register?error=registration_code_mismatch');
    expect((await auditOf(world, null, 'registration.code_refused')).length).toBe(3);
    for (let i = 0; i < 17; i++) await tryPair(CLINIC_NPI, 'AAAA-BBBB-CCCC-DDDD');
    await world.db.updateTable('provider_registration_codes').set({ revoked_at: null }).execute();
    expect(await tryPair(CLINIC_NPI, world.registrationCode)).toBe('/register?error=locked');
    // Nothing is echoed: the details page needs a flow this browser never got.
    expect((await browser.get('/register/details')).headers.location).toBe('/register');
  });

  it('shows each problem beside its field, keeps what was typed (escaped), and says a username is taken but not an email', async () => {
    const browser = new PageBrowser(app);
    const bad = await register(browser, { ...PAT, username: 'Pat Provider', firstName: '<b>Pat</b>', confirmEmail: 'other@northside.example', state: 'ZZ', phone: '217-555-0140 ext 12', fax: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('<div class="alert" role="alert"><p>Please correct these 5 fields:</p>');
    expect(bad.body).toContain('<a href="#username">Username: A username has only letters, digits, dots, dashes and underscores, and starts with a letter or digit.</a>');
    expect(bad.body).toMatch(/id="fax"[^>]*aria-invalid="true" aria-describedby="fax-hint fax-error"/);
    expect(bad.body).toContain('Phone: Extensions are not supported');
    expect(bad.body).toContain('value="&#60;b&#62;Pat&#60;/b&#62;"');
    expect(bad.body).not.toContain('<b>Pat</b>');

    const taken = await browser.submit('/register/details', '/register/details', { ...PAT, username: 'ANA' });
    expect(taken.statusCode).toBe(400);
    expect(taken.body).toContain('That username is already taken. Choose another one.');

    // An address that has an account reads the same as a new one; its owner hears of it instead.
    const inUse = await browser.submit('/register/details', '/register/details', { ...PAT, email: 'ben@clinic.example', confirmEmail: 'ben@clinic.example' });
    expect(inUse.statusCode).toBe(200);
    expect(inUse.body).toContain('Your registration is complete.');
    expect(await userIdOf('pat.provider')).toBeNull();
    expect((await waitForMessage(app, 'ben@clinic.example', (m) => m.subject?.startsWith('Registration attempt') ?? false)).body).toContain('no new account was made');
    expect(await auditOf(world, world.userIds.ben!, 'registration.')).toMatchObject([{ event: 'registration.email_in_use', details: { npi: CLINIC_NPI } }]);
    // The flow was used: posting again starts over.
    expect((await browser.post('/register/details', { _csrf: 'x', ...PAT })).headers.location).toBe('/register?error=flow_expired');
  });

  it('refuses expired, replaced and unknown links, and a registration flow’s form with another flow’s token', async () => {
    await register(new PageBrowser(app));
    const token = linkTokenIn(await linkEmail());
    world.clock.advance(20 * 60 + 1);
    const expired = await new PageBrowser(app).get(`/register/link?token=${token}`);
    expect(expired.statusCode).toBe(410);
    expect(expired.body).toContain('This link has expired or was already used.');
    expect(expired.body).toContain('href="/register/reset"');
    expect((await openLink(new PageBrowser(app), token)).statusCode).toBe(410);
    expect((await new PageBrowser(app).get('/register/link?token=not-a-token')).statusCode).toBe(410);
    expect((await new PageBrowser(app).get('/register/link')).statusCode).toBe(410);

    const a = new PageBrowser(app);
    const b = new PageBrowser(app);
    await a.submit('/register', '/register', { npi: CLINIC_NPI, registrationCode: world.registrationCode });
    await b.submit('/register', '/register', { npi: CLINIC_NPI, registrationCode: world.registrationCode });
    const tokenA = csrfOf((await a.get('/register/details')).body);
    expect((await b.post('/register/details', { _csrf: tokenA, ...PAT })).statusCode).toBe(403);
    expect((await a.post('/register', { npi: CLINIC_NPI, registrationCode: world.registrationCode })).statusCode).toBe(403);
  });

  it('resets a stuck registration by username with a link by email, and answers the same for any username', async () => {
    const browser = new PageBrowser(app);
    await register(browser);
    const first = linkTokenIn(await linkEmail());
    await openLink(browser, first);
    await browser.submit('/register/password', '/register/password', { password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
    // Stuck half-way through the authenticator: an unconfirmed key and a sign-in in progress.
    await browser.submit('/login/register', '/login/register/method', { method: 'totp' });
    const patId = (await userIdOf('pat.provider'))!;
    expect(await world.db.selectFrom('mfa_registrations').select('confirmed_at').where('user_id', '=', patId).execute()).toEqual([{ confirmed_at: null }]);

    const resetPage = await new PageBrowser(app).get('/register/reset');
    expect(resetPage.body).toContain('enter your username and click Submit');
    const answers = [];
    for (const username of ['pat.provider', 'no.such.user', 'ana']) {
      const res = await new PageBrowser(app).submit('/register/reset', '/register/reset', { username });
      answers.push([res.statusCode, res.headers.location]);
    }
    expect(answers).toEqual(Array(3).fill([303, '/register/reset?notice=reset_requested']));
    const mail = await waitForMessage(app, PAT.email, (m) => m.body.includes('was reset at your request'));
    await app.close();
    expect(await world.db.selectFrom('mfa_registrations').select('id').where('user_id', '=', patId).execute()).toEqual([]);
    expect(await world.db.selectFrom('sessions').select('stage').where('user_id', '=', patId).execute()).toEqual([]);
    expect((await auditOf(world, patId, 'registration.reset')).map((e) => e.event)).toEqual(['registration.reset_requested', 'registration.reset']);
    expect(await auditOf(world, null, 'registration.reset')).toMatchObject([{ event: 'registration.reset_requested', details: { outcome: 'unknown_login' } }]);
    expect((await auditOf(world, world.userIds.ana!, 'registration.reset')).map((e) => [e.event, e.details.reason])).toEqual([
      ['registration.reset_requested', undefined],
      ['registration.reset_refused', 'already_registered'],
    ]);
    expect(await world.db.selectFrom('dev_outbox').select('id').where('recipient', '=', 'ana@clinic.example').execute()).toEqual([]);

    // The new link asks for the password chosen before; the first link was replaced.
    app = await world.newApp();
    expect((await openLink(new PageBrowser(app), first)).statusCode).toBe(410);
    const next = new PageBrowser(app);
    expect((await openLink(next, linkTokenIn(mail))).headers.location).toBe('/register/password');
    const enter = await next.get('/register/password');
    expect(enter.body).toContain('<h1>Enter your password</h1>');
    expect((await next.post('/register/password', { _csrf: csrfOf(enter.body), password: 'not my password' })).headers.location).toBe('/register/password?error=wrong_password');
    expect((await next.post('/register/password', { _csrf: csrfOf(enter.body), password: NEW_PASSWORD })).headers.location).toBe('/login/register');
  });

  it('sends the completion link again for the email and password used ("Having trouble"), within limits', async () => {
    const browser = new PageBrowser(app);
    await register(browser);
    await openLink(browser, linkTokenIn(await linkEmail()));
    await browser.submit('/register/password', '/register/password', { password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });

    const trouble = await new PageBrowser(app).get('/register/trouble');
    expect(trouble.body).toContain('<h1>Having trouble signing in?</h1>');
    expect(trouble.body).toContain('href="/register/reset"');
    expect(trouble.body).toContain('href="/login/forgot"');
    const ask = (login: string, password: string) => new PageBrowser(app).submit('/register/trouble', '/register/trouble', { login, password });
    expect((await ask(PAT.email, 'wrong password here')).headers.location).toBe('/register/trouble?error=invalid_credentials');
    expect((await ask('nobody@northside.example', NEW_PASSWORD)).headers.location).toBe('/register/trouble?error=invalid_credentials');
    expect((await ask(PAT.email, NEW_PASSWORD)).headers.location).toBe('/register/trouble?notice=link_sent');
    const resent = await waitForMessage(app, PAT.email, (m) => m.body.includes('You asked for a new link'));
    expect(linkTokenIn(resent)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const userId = (await userIdOf('pat.provider'))!;
    expect((await auditOf(world, userId, 'registration.link_resent'))[0]?.details).toMatchObject({ linkExpiresAt: expect.any(String) });
    expect(await auditOf(world, userId, 'registration.password_failed')).toMatchObject([{ details: { step: 'resend_link', reason: 'wrong_password' } }]);

    await ask(PAT.email, NEW_PASSWORD);
    await ask(PAT.email, NEW_PASSWORD);
    expect((await ask(PAT.email, NEW_PASSWORD)).headers.location).toBe('/register/trouble?error=too_many_links');
    // Someone registered already is told to sign in.
    expect((await ask('ana', PASSWORD)).body).toContain('Your registration is already complete.');
    // Wrong passwords here count toward the same lockout as the login page's.
    for (let i = 0; i < 5; i++) await ask('dan', `guess ${i}`);
    expect((await ask('dan', PASSWORD)).headers.location).toBe('/register/trouble?error=locked');
  });

  it('lets an administrator’s MFA link (migration 005) register MFA after the user’s password', async () => {
    const link = await createRegistrationLink(world.db, { userId: world.userIds.eve!, purpose: 'mfa_registration', now: world.clock.now() });
    const browser = new PageBrowser(app);
    expect((await openLink(browser, link.token)).headers.location).toBe('/register/password');
    expect((await browser.submit('/register/password', '/register/password', { password: PASSWORD })).headers.location).toBe('/login/register');
    const choose = await browser.get('/login/register');
    expect(choose.body).toContain('Use text messages');
    // Not a new provider: no terms of use to accept.
    expect(await world.db.selectFrom('provider_signups').select('user_id').execute()).toEqual([]);
    expect((await auditOf(world, world.userIds.eve!, 'registration.link_opened'))[0]?.details).toEqual({ purpose: 'mfa_registration', next: 'enter_password' });
    // Someone already registered opening such a link is sent to sign in.
    const ana = await createRegistrationLink(world.db, { userId: world.userIds.ana!, purpose: 'mfa_registration', now: world.clock.now() });
    expect((await openLink(new PageBrowser(app), ana.token)).body).toContain('Your registration is already complete.');
    expect((await outbox(app, 'eve@clinic.example')).length).toBe(0);
  });
});
