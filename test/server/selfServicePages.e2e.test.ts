import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { portalInChromium } from '../support/portalInChromium.js';
import { hasChromium } from '../support/realServices.js';
import { referenceTotp } from '../support/referenceTotp.js';
import { decodeBase32Secret } from '../../common/otp/base32.js';

// The real service (startServer on a temporary SQLite file, with its demo clinic and development outbox)
// and Debian's Chromium, walking the forgotten-password and new-provider registration pages as seed 003
// describes them. Codes and links come from the outbox's API; authenticator codes are computed from the
// key read off the page.
const ready = hasChromium();
const NEW_PASSWORD = 'copper kettle north window 7';

describe.runIf(ready)('forgotten password and registration by link in Chromium', () => {
  const portal = portalInChromium('twofold-self-service-e2e-');
  let page: Page;
  beforeEach(() => {
    page = portal.page;
  });

  const heading = () => page.getByRole('heading', { level: 1 });
  const expectHeading = async (text: string) => expect.poll(() => heading().textContent()).toBe(text);
  /** The newest message to `recipient` that `test` accepts, waiting for it (some are sent just after the answer). */
  const message = async (recipient: string, test: (m: { subject: string | null; body: string }) => boolean) => {
    let found: { body: string } | undefined;
    await expect
      .poll(async () => {
        const res = await fetch(`${portal.url}/api/dev/outbox?limit=20&recipient=${encodeURIComponent(recipient)}`);
        found = ((await res.json()) as { messages: Array<{ subject: string | null; body: string }> }).messages.find(test);
        return found !== undefined;
      })
      .toBe(true);
    return found!.body;
  };
  const codeIn = (body: string) => /\b(\d{6})\b/.exec(body)?.[1] ?? '';

  it('resets a forgotten password with the emailed code and a texted code, then signs in with the new password', async () => {
    const email = 'ana.lopez@riverside-clinic.example';
    await page.goto(`${portal.url}/login`);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await expectHeading('Forgot your password?');
    await page.getByLabel('Email address').fill(email);
    await page.getByRole('button', { name: 'Send verification code' }).click();
    await expectHeading('Verify your email');
    expect(await page.getByRole('status').textContent()).toBe('Verification code has been sent. Please copy it to the input box below.');
    await page.getByLabel('Verification code').fill(codeIn(await message(email, (m) => m.subject?.includes('verification code') ?? false)));
    await page.getByRole('button', { name: 'Verify code' }).click();

    // Seed 003: users with a phone on file prove it next, by "Send Code" or "Call Me".
    await expectHeading('Verify your phone');
    await expect.poll(() => page.getByText('XXX-XXX-0103').count()).toBe(1);
    await page.getByRole('button', { name: 'Send code' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('We sent a text message with your code.');
    await page.getByLabel('Verification code').fill(codeIn(await message('+13125550103', () => true)));
    await page.getByRole('button', { name: 'Verify code' }).click();

    await expectHeading('Choose a new password');
    expect(await page.getByText(/At least 12 characters/).count()).toBe(1);
    await page.getByLabel('New password', { exact: true }).fill('too short');
    await page.getByLabel('Confirm new password').fill('too short');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Your new password must be at least 12 characters long.');
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('Confirm new password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Continue' }).click();
    await expectHeading('Your password has been changed');
    await message(email, (m) => m.subject?.includes('password was changed') ?? false);

    await page.getByRole('link', { name: 'Sign in with your new password' }).click();
    await page.getByLabel('Username or email').fill('ana.lopez');
    await page.getByLabel('Password').fill(portal.passwordOf('ana.lopez'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/did not match our records/);
    await page.getByLabel('Username or email').fill('ana.lopez');
    await page.getByLabel('Password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // The clinic requires MFA and Ana has none yet: the new password led on to setting it up.
    await expectHeading('Set up multi-factor authentication');
    await page.getByRole('button', { name: 'Use email' }).click();
    await page.getByLabel('Verification code').fill(codeIn(await message(email, (m) => m.subject?.includes('verification code') ?? false)));
    await page.getByRole('button', { name: 'Verify code' }).click();
    await expectHeading('You’re signed in');
  });

  it('registers a new provider by link: NPI and code, details, the emailed link, a password, an authenticator read off the page, the terms', async () => {
    const { npi, code } = portal.seed.created ? portal.seed.providerRegistration : { npi: '', code: '' };
    const email = 'noor.haddad@lakeview-medical.example';
    await page.goto(`${portal.url}/login`);
    await page.getByRole('link', { name: 'register as a new provider' }).click();
    await expectHeading('Create a new account');
    // The visual * of a required field is hidden from screen readers (the field says required itself).
    await page.getByLabel(/^NPI/).fill(npi);
    await page.getByLabel(/^Provider registration code/).fill(code);
    await page.getByRole('button', { name: 'Next' }).click();

    await expect.poll(() => page.getByText(`Riverside Family Clinic · NPI ${npi}`).count()).toBe(1);
    await page.getByLabel(/^Username/).fill('noor.haddad');
    await page.getByLabel('First name').fill('Noor');
    await page.getByLabel('Last name').fill('Haddad');
    await page.getByLabel('State').selectOption('IL');
    await page.getByLabel(/^Email/).fill(email);
    await page.getByLabel('Confirm email').fill('noor.haddad@lakeview.example');
    await page.getByLabel(/^Fax/).fill('(312) 555-0177');
    await page.getByRole('button', { name: 'Next' }).click();
    // A problem is announced and its link moves the focus to the field.
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Confirm email: The two email addresses do not match.');
    await page.getByRole('link', { name: /Confirm email:/ }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('confirmEmail');
    await page.getByLabel('Confirm email').fill(email);
    await page.getByRole('button', { name: 'Next' }).click();
    await expectHeading('Check your email');
    expect(await page.getByRole('status').textContent()).toBe('Your registration is complete.');

    const link = /(http:\/\/\S+\/register\/link\?token=[A-Za-z0-9_-]+)/.exec(await message(email, (m) => m.subject?.startsWith('Complete your') ?? false))?.[1] ?? '';
    await page.goto(link);
    await expectHeading('Complete your registration');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expectHeading('Create your password');
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('Confirm new password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Create' }).click();

    await expectHeading('Set up multi-factor authentication');
    await page.getByRole('button', { name: 'Use an authenticator app' }).click();
    expect(await page.getByRole('img', { name: /QR code/ }).locator('svg').count()).toBe(1);
    const key = ((await page.locator('#setup-key').textContent()) ?? '').replace(/\s/g, '');
    expect(key).toMatch(/^[A-Z2-7]{32}$/);
    await page.getByLabel('Enter the 6-digit code the app shows').fill(referenceTotp(decodeBase32Secret(key), Date.now() / 1000));
    await page.getByRole('button', { name: 'Verify code' }).click();

    // Seed 003: "As a new user, you will need to read and agree to the Terms of Use" — by keyboard here.
    await expectHeading('Terms of Use Agreement');
    await page.getByRole('checkbox', { name: 'I have read and agree to these terms of use.' }).focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expectHeading('You’re signed in');
    expect(await page.getByText('Welcome, Noor Haddad (noor.haddad).').count()).toBe(1);

    // The link worked once.
    await page.goto(link);
    await expectHeading('This link can’t be used');
  });
});

