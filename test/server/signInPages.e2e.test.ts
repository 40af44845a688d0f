import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { portalInChromium } from '../support/portalInChromium.js';
import { hasChromium } from '../support/realServices.js';
import { referenceTotp } from '../support/referenceTotp.js';
import { decodeBase32Secret } from '../../common/otp/base32.js';

// The real service (startServer on a temporary SQLite file, with its demo clinic and development outbox)
// and Debian's Chromium, walking the sign-in pages as the seeds' users do. Codes come from the outbox's
// API, calls are answered through it, and authenticator codes are computed from the key read off the page.
const ready = hasChromium();

describe.runIf(ready)('signing in to the portal in Chromium', () => {
  const portal = portalInChromium('twofold-sign-in-e2e-');
  let page: Page;
  beforeEach(() => {
    page = portal.page;
  });

  const heading = () => page.getByRole('heading', { level: 1 });
  const outbox = async (recipient: string) => {
    const res = await fetch(`${portal.url}/api/dev/outbox?limit=1&recipient=${encodeURIComponent(recipient)}`);
    const [message] = ((await res.json()) as { messages: Array<{ id: string; body: string; call: { state: string } | null }> }).messages;
    if (!message) throw new Error(`nothing in the outbox for ${recipient}`);
    return message;
  };
  const codeFor = async (recipient: string) => /\b(\d{6})\b/.exec((await outbox(recipient)).body)?.[1] ?? '';
  const answerCall = async (recipient: string, how: 'answer' | 'no-answer') => {
    await expect.poll(async () => (await outbox(recipient)).call?.state).toBe('ringing');
    const { id } = await outbox(recipient);
    const res = await fetch(`${portal.url}/api/dev/outbox/calls/${id}/${how}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: how === 'answer' ? JSON.stringify({ key: '#' }) : '{}',
    });
    expect(res.status).toBe(200);
  };

  async function signIn(username: string) {
    await page.goto(`${portal.url}/login`);
    await page.getByLabel('Username or email').fill(username);
    await page.getByLabel('Password').fill(portal.passwordOf(username));
    await page.getByRole('button', { name: 'Sign in' }).click();
  }
  async function expectSignedIn() {
    await expect.poll(() => heading().textContent()).toBe('You’re signed in');
  }
  async function signOut() {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('You have signed out.');
  }

  it('registers an authenticator by reading the key off the page, signs in with it, and remembers the browser', async () => {
    await signIn('ana.lopez');
    await expect.poll(() => heading().textContent()).toBe('Set up multi-factor authentication');
    await page.getByRole('button', { name: 'Use an authenticator app' }).click();
    expect(await page.getByRole('img', { name: /QR code/ }).locator('svg').count()).toBe(1);
    const key = ((await page.locator('#setup-key').textContent()) ?? '').replace(/\s/g, '');
    expect(key).toMatch(/^[A-Z2-7]{32}$/);
    const secret = decodeBase32Secret(key);
    await page.getByLabel('Enter the 6-digit code the app shows').fill(referenceTotp(secret, Date.now() / 1000));
    await page.getByRole('button', { name: 'Verify code' }).click();
    await expectSignedIn();
    await signOut();

    await signIn('ana.lopez');
    // The code of the next 30-second step: the one used to register is spent (a replay would be refused).
    await page.getByLabel('Enter the 6-digit code from your authenticator app').fill(referenceTotp(secret, Date.now() / 1000 + 30));
    await page.getByRole('checkbox', { name: /Remember me on this computer for 4 hours/ }).check();
    await page.getByRole('button', { name: 'Verify code' }).click();
    await expectSignedIn();
    await signOut();

    // Remembered: the password, and no code.
    await signIn('ana.lopez');
    await expectSignedIn();
    const device = (await page.context().cookies()).find((c) => c.name === 'twofold_device');
    expect(device).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
  });

  it('registers a mobile number for texts, then signs in with a code sent to the masked number', async () => {
    await signIn('ben.carter');
    await page.getByRole('button', { name: 'Use text messages' }).click();
    expect(await page.getByLabel(/Mobile phone number/).inputValue()).toBe('(312) 555-0104');
    await page.getByRole('button', { name: 'Send code' }).click();
    await page.getByLabel('Verification code').fill(await codeFor('+13125550104'));
    await page.getByRole('button', { name: 'Verify code' }).click();
    await expectSignedIn();
    await signOut();

    await signIn('ben.carter');
    await expect.poll(() => page.getByText('XXX-XXX-0104').count()).toBe(1);
    await page.getByRole('button', { name: 'Send code' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('We sent you a code.');
    await page.getByLabel('Verification code').fill(await codeFor('+13125550104'));
    await page.getByRole('button', { name: 'Verify code' }).click();
    await expectSignedIn();
  });

  it('registers phone calls answered with #, then calls the secondary number when the primary does not answer', async () => {
    await signIn('provider.admin');
    await page.getByRole('button', { name: 'Use phone calls' }).click();
    expect(await page.getByLabel(/Primary phone number/).inputValue()).toBe('(312) 555-0102');
    expect(await page.getByLabel(/Secondary phone number/).inputValue()).toBe('(312) 555-0112');
    await page.getByRole('button', { name: 'Call me' }).click();
    await expect.poll(() => heading().textContent()).toBe('Set up multi-factor authentication');
    await expect.poll(() => page.getByText('XXX-XXX-0102').count()).toBe(1);
    // Answered through the outbox; the page's script notices and continues by itself.
    await answerCall('+13125550102', 'answer');
    await expectSignedIn();
    await signOut();

    await signIn('provider.admin');
    await page.getByRole('button', { name: 'Call me' }).click();
    await expect.poll(() => heading().textContent()).toBe('Answer the call');
    await answerCall('+13125550102', 'no-answer');
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/now calling your secondary number/);
    await expect.poll(() => page.getByText('XXX-XXX-0112').count()).toBe(1);
    await answerCall('+13125550112', 'answer');
    await expectSignedIn();
  });

  it('registers email and signs in with an emailed code, using the keyboard only', async () => {
    const focused = () => page.evaluate(() => document.activeElement?.id ?? null);
    await page.goto(`${portal.url}/login`);
    // The username field has focus on arrival.
    await expect.poll(focused).toBe('username');
    await page.keyboard.type('chloe.nguyen@riverside-clinic.example');
    await page.keyboard.press('Tab');
    await page.keyboard.type(portal.passwordOf('chloe.nguyen'));
    await page.keyboard.press('Enter');
    await expect.poll(() => heading().textContent()).toBe('Set up multi-factor authentication');
    await page.getByRole('button', { name: 'Use email' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(focused).toBe('code');
    await page.keyboard.type(await codeFor('chloe.nguyen@riverside-clinic.example'));
    await page.keyboard.press('Enter');
    await expectSignedIn();
    await signOut();

    await signIn('chloe.nguyen');
    await page.getByRole('button', { name: 'Send verification code' }).click();
    await page.getByLabel('Verification code').fill(await codeFor('chloe.nguyen@riverside-clinic.example'));
    await page.getByRole('button', { name: 'Verify code' }).click();
    await expectSignedIn();
  });

  // Every test here fails on a CSP refusal (portalInChromium); this one walks the error pages too.
  it('keeps a mistyped registration code on the step, sends a failed sign-in code back to the login page, and trips no CSP', async () => {
    const email = 'dana.whitfield@riverside-clinic.example';
    const wrong = async () => ((await codeFor(email)) === '000000' ? '111111' : '000000');
    await signIn('clinic.admin');
    await page.getByRole('button', { name: 'Use email' }).click();
    await page.getByLabel('Verification code').fill(await wrong());
    await page.getByRole('button', { name: 'Verify code' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('That code is not correct. Check it and try again.');
    await page.getByLabel('Verification code').fill(await codeFor(email));
    await page.getByRole('button', { name: 'Verify code' }).click();
    await expectSignedIn();
    await signOut();

    await signIn('clinic.admin');
    await page.getByRole('button', { name: 'Send verification code' }).click();
    await page.getByLabel('Verification code').fill(await wrong());
    await page.getByRole('button', { name: 'Verify code' }).click();
    await expect.poll(() => heading().textContent()).toBe('Sign in');
    expect(await page.getByRole('alert').textContent()).toBe('The verification code was not accepted. Please sign in again.');

    await page.getByLabel('Username or email').fill('clinic.admin');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/did not match our records/);
  });
});

