import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { codeFromOutbox, PASSWORD, signInTestWorld, type SignInTestWorld } from '../../auth/testing/signInTestApp.js';
import { testDialects } from '../../db/testing/testDatabases.js';
import { PAGE_CSP } from '../../pages/pageLayout.js';
import { csrfOf, PageBrowser } from '../../enrollment/testing/selfServiceTestWorld.js';
import type { PortalServer } from '../buildServer.js';
import { decodeBase32Secret } from '../../../common/otp/base32.js';

// Page behaviour does not depend on the database; the API tests cover both dialects.
const [sqlite] = await testDialects();

describe.runIf(sqlite?.available)('the sign-in pages', () => {
  let world: SignInTestWorld;
  let app: PortalServer;

  beforeEach(async () => {
    world = await signInTestWorld(sqlite!);
    app = await world.newApp();
  });
  afterEach(async () => {
    await world?.close();
  });

  async function signInWithPassword(browser: PageBrowser, username: string, password = PASSWORD) {
    const page = await browser.get('/login');
    return browser.post('/login', { _csrf: csrfOf(page.body), username, password });
  }

  it('serves the login page with labels, its own CSP, and a CSRF cookie', async () => {
    const browser = new PageBrowser(app);
    const res = await browser.get('/login');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-security-policy']).toBe(PAGE_CSP);
    expect(res.headers['referrer-policy']).toBe('same-origin');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.body).toMatch(/<label for="username">Username or email<\/label>\s*<input type="text" id="username" name="username"/);
    expect(res.body).toMatch(/<label for="password">Password<\/label>/);
    expect(res.body).not.toMatch(/<script>|style="|onclick=/);
    expect(browser.lastCookies).toMatchObject([{ name: 'twofold_csrf', httpOnly: true, sameSite: 'Lax', path: '/' }]);
    expect(browser.lastCookies[0]?.secure).toBeFalsy();
    const css = await app.inject({ method: 'GET', url: '/assets/portal.css' });
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it('refuses a login form without the CSRF token, from another origin, or with another browser’s token', async () => {
    const browser = new PageBrowser(app);
    const token = csrfOf((await browser.get('/login')).body);
    const form = { username: 'fay', password: PASSWORD };
    expect((await browser.post('/login', form)).statusCode).toBe(403);
    expect((await browser.post('/login', { ...form, _csrf: token }, { origin: 'https://evil.example' })).statusCode).toBe(403);
    expect((await browser.post('/login', { ...form, _csrf: token }, { 'sec-fetch-site': 'cross-site' })).statusCode).toBe(403);
    expect((await browser.post('/login', { ...form, _csrf: token }, { referer: 'https://evil.example/form' })).statusCode).toBe(403);
    const other = new PageBrowser(app);
    await other.get('/login');
    const refused = await other.post('/login', { ...form, _csrf: token });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('role="alert"');
    expect(other.jar.has('twofold_session')).toBe(false);
    // The genuine form works.
    expect((await browser.post('/login', { ...form, _csrf: token })).headers.location).toBe('/');
  });

  it('walks an email sign-in with "Remember me", then skips the code for the same option, and signs out', async () => {
    const browser = new PageBrowser(app);
    const afterPassword = await signInWithPassword(browser, 'dan');
    expect(afterPassword.statusCode).toBe(303);
    expect(afterPassword.headers.location).toBe('/login/verify');
    expect(browser.lastCookies).toMatchObject([{ name: 'twofold_session', httpOnly: true, sameSite: 'Lax', path: '/' }]);

    const choose = await browser.get('/login/verify');
    expect(choose.body).toContain('Send verification code');
    expect(choose.body).toContain('d•••@clinic.example');
    const sent = await browser.post('/login/verify/method', { _csrf: csrfOf(choose.body), method: 'email' });
    expect(sent.headers.location).toBe('/login/verify?notice=code_sent');
    const codePage = await browser.get('/login/verify?notice=code_sent');
    expect(codePage.body).toMatch(/<p class="notice" role="status">We sent you a code.<\/p>/);
    expect(codePage.body).toMatch(/<label for="code">Verification code<\/label>/);
    expect(codePage.body).toContain('Send a new code');
    const code = await codeFromOutbox(app, 'dan@clinic.example');
    const done = await browser.post('/login/verify', { _csrf: csrfOf(codePage.body), code, remember: 'yes' });
    expect(done.headers.location).toBe('/');
    const device = browser.lastCookies.find((c) => c.name === 'twofold_device');
    expect(device).toMatchObject({ httpOnly: true, sameSite: 'Strict', maxAge: 4 * 3600, path: '/' });

    const home = await browser.get('/');
    expect(home.body).toContain('You’re signed in');
    expect(home.body).toContain('Verified with: Email');
    expect((await browser.post('/logout', { _csrf: 'forged' })).statusCode).toBe(403);
    const out = await browser.post('/logout', { _csrf: csrfOf(home.body) });
    expect(out.headers.location).toBe('/login?notice=signed_out');
    expect((await browser.get('/')).headers.location).toBe('/login');

    // Same browser, same option (email is Dan's only one): straight in.
    expect((await signInWithPassword(browser, 'dan')).headers.location).toBe('/');
  });

  it('sends a failed code back to the login page with a message announced to screen readers', async () => {
    const browser = new PageBrowser(app);
    await signInWithPassword(browser, 'ana');
    const page = await browser.get('/login/verify');
    expect(page.body).toContain('Enter the 6-digit code from your authenticator app');
    expect(page.body).toMatch(/autocomplete="one-time-code"/);
    const short = await browser.post('/login/verify', { _csrf: csrfOf(page.body), code: '123' });
    expect(short.headers.location).toBe('/login/verify?error=code_needed');
    const wrongCode = String((Number(world.totpNow(world.anaSecret)) + 1) % 1_000_000).padStart(6, '0');
    const failed = await browser.post('/login/verify', { _csrf: csrfOf(page.body), code: wrongCode });
    expect(failed.headers.location).toBe('/login?error=mfa_failed');
    expect(browser.jar.has('twofold_session')).toBe(false);
    const login = await browser.get('/login?error=mfa_failed');
    expect(login.body).toContain('<div class="alert" role="alert">The verification code was not accepted. Please sign in again.</div>');
    // Only known codes are shown; anything else in the address is ignored, never echoed.
    const odd = await browser.get('/login?error=%3Cscript%3Ealert(1)%3C%2Fscript%3E');
    expect(odd.body).not.toContain('alert(1)');
    expect(odd.body).not.toContain('role="alert"');
  });

  it('registers an authenticator from the page: QR code as inline SVG and the key in groups of four', async () => {
    const browser = new PageBrowser(app);
    expect((await signInWithPassword(browser, 'eve')).headers.location).toBe('/login/register');
    const choose = await browser.get('/login/register');
    expect(choose.body).toContain('Set up multi-factor authentication');
    await browser.post('/login/register/method', { _csrf: csrfOf(choose.body), method: 'totp' });
    const qr = await browser.get('/login/register');
    expect(qr.body).toMatch(/<figure class="qr" role="img" aria-label="QR code to add Riverside Provider Portal to your authenticator app"><svg /);
    const key = /data-key="([A-Z2-7]+)">([A-Z2-7 ]+)</.exec(qr.body);
    expect(key?.[2]?.split(' ').every((g) => g.length <= 4)).toBe(true);
    expect(key?.[2]?.replace(/ /g, '')).toBe(key?.[1]);
    const secret = Buffer.from(decodeBase32Secret(key?.[1] ?? ''));
    const done = await browser.post('/login/register/verify', { _csrf: csrfOf(qr.body), code: world.totpNow(secret) });
    expect(done.headers.location).toBe('/');
  });

  it('escapes what users and administrators typed', async () => {
    await world.db.updateTable('users').set({ name: '<img src=x onerror="alert(1)">' }).where('id', '=', world.userIds.fay!).execute();
    const browser = new PageBrowser(app);
    await signInWithPassword(browser, 'fay');
    const home = await browser.get('/');
    expect(home.body).toContain('&#60;img src=x onerror=&#34;alert(1)&#34;&#62;');
    expect(home.body).not.toContain('<img');
  });

  it('refuses a form carrying the CSRF token of another sign-in', async () => {
    const a = new PageBrowser(app);
    const b = new PageBrowser(app);
    await signInWithPassword(a, 'gus');
    await signInWithPassword(b, 'gus');
    const tokenA = csrfOf((await a.get('/login/verify')).body);
    expect((await b.post('/login/verify/method', { _csrf: tokenA, method: 'email' })).statusCode).toBe(403);
  });

  it('shows the call page with its script and answers the script’s question', async () => {
    const browser = new PageBrowser(app);
    await signInWithPassword(browser, 'cara');
    const choose = await browser.get('/login/verify');
    expect(choose.body).toContain('XXX-XXX-0105');
    await browser.post('/login/verify/method', { _csrf: csrfOf(choose.body), method: 'voice' });
    const calling = await browser.get('/login/verify');
    expect(calling.body).toContain('<script src="/assets/call-wait.js" defer></script>');
    expect(calling.body).toContain('data-call-status="/login/verify/call-status"');
    expect((await browser.get('/login/verify/call-status')).json()).toEqual({ ended: false });
    const script = await app.inject({ method: 'GET', url: '/assets/call-wait.js' });
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
  });
});

describe.runIf(sqlite?.available)('the sign-in pages behind a TLS-terminating proxy', () => {
  let world: SignInTestWorld;
  let app: PortalServer;

  beforeEach(async () => {
    world = await signInTestWorld(sqlite!);
    app = await world.newApp({ trustProxy: '127.0.0.1' });
  });
  afterEach(async () => {
    await world?.close();
  });

  it('sets Secure __Host- cookies when the proxy says the request came over HTTPS', async () => {
    const browser = new PageBrowser(app, 'https://portal.clinic.example', { 'x-forwarded-proto': 'https', host: 'portal.clinic.example' });
    const page = await browser.get('/login');
    expect(page.headers['strict-transport-security']).toMatch(/max-age=/);
    expect(browser.lastCookies).toMatchObject([{ name: '__Host-twofold_csrf', secure: true, httpOnly: true, path: '/' }]);
    const res = await browser.post('/login', { _csrf: csrfOf(page.body), username: 'fay', password: PASSWORD });
    expect(res.headers.location).toBe('/');
    expect(browser.lastCookies).toMatchObject([{ name: '__Host-twofold_session', secure: true, httpOnly: true, sameSite: 'Lax', path: '/' }]);
    expect((await browser.get('/')).body).toContain('You’re signed in');
    // The same form posted as if from the plain-HTTP origin is refused.
    const again = new PageBrowser(app, 'http://portal.clinic.example', { 'x-forwarded-proto': 'https', host: 'portal.clinic.example' });
    const form = await again.get('/login');
    expect((await again.post('/login', { _csrf: csrfOf(form.body), username: 'fay', password: PASSWORD })).statusCode).toBe(403);
  });
});

