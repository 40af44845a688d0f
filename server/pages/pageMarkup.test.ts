import { describe, expect, it } from 'vitest';
import type { PendingView } from '../auth/signInResult.js';
import type { ResetView } from '../recovery/forgotPassword.js';
import { renderForgotPasswordStep } from './forgotPasswordPages.js';
import { renderLoginPage } from './loginPage.js';
import { renderRegistrationPage } from './registrationPage.js';
import { renderSecondFactorPage } from './secondFactorPage.js';
import { renderTermsPage } from './termsPage.js';

// The pages' structure, not their words: the browser's parser silently rewrites invalid nesting, and the
// "Didn’t get it? Send a new code" lines once fell apart into three lines because of it.
const portalName = 'Riverside Provider Portal';
const common = { portalName, csrf: 'csrf-token', error: null, notice: null };

function pending(over: Partial<PendingView>): PendingView {
  return {
    stage: 'second_factor',
    userName: 'Ana Lopez',
    expiresAt: '2026-01-05T09:10:00.000Z',
    step: 'enter_code',
    method: 'sms',
    options: [
      { method: 'sms', destination: 'XXX-XXX-0104' },
      { method: 'email', destination: 'a•••@clinic.example' },
    ],
    destination: 'XXX-XXX-0104',
    codeSent: true,
    callLeg: null,
    authenticator: null,
    phoneOnFile: null,
    secondaryPhoneOnFile: null,
    ...over,
  };
}

const reset = (phone: ResetView['phone']): ResetView => ({ step: 'phone', expiresAt: '2026-01-05T09:10:00.000Z', phone, passwordRules: [], codeMinutes: 10 });

/** Every <p> of the page, with what it holds up to its </p>. */
function paragraphs(page: string): string[] {
  return [...page.matchAll(/<p[\s>]/g)].map((m) => page.slice(m.index + m[0].length, page.indexOf('</p>', m.index)));
}

describe('portal page markup', () => {
  const pages: Record<string, string> = {
    'the login page': renderLoginPage(common),
    'the texted-code step': renderSecondFactorPage({ ...common, view: pending({}), rememberHours: 4 }),
    'the choice of second step': renderSecondFactorPage({ ...common, view: pending({ step: 'choose_method', method: null }), rememberHours: 4 }),
    'the registration code step': renderRegistrationPage({ ...common, view: pending({ stage: 'registration' }) }),
    'the registration phone step': renderRegistrationPage({ ...common, view: pending({ stage: 'registration', step: 'enter_phone', method: 'voice' }) }),
    'the forgotten-password phone code step': renderForgotPasswordStep({ ...common, view: reset({ destination: 'XXX-XXX-0104', stage: 'enter_code', callingTo: null, callLeg: null }) }),
    'the terms of use': renderTermsPage(common),
  };

  it.each(Object.entries(pages))('puts no form, list or block inside a paragraph on %s', (_name, page) => {
    for (const p of paragraphs(page)) expect(p).not.toMatch(/<(form|div|ul|ol|p)[\s>]/);
  });

  it('keeps "Didn’t get it?" and its button on one line, and the ways out below a rule', () => {
    const page = pages['the texted-code step'] ?? '';
    expect(page).toMatch(/<div class="resend">Didn’t get it\? <form method="post" action="\/login\/verify\/resend" class="inline">/);
    expect(page).toMatch(/<div class="more"><form method="post" action="\/login\/verify\/other" class="inline">.*Use another way to verify.*Cancel and sign in again<\/button><\/form><\/div>/s);
  });

  it('offers only the phone methods the user has, in words that match them', () => {
    const smsOnly = renderSecondFactorPage({ ...common, view: pending({ step: 'choose_method', method: null, options: [{ method: 'sms', destination: 'XXX-XXX-0104' }] }), rememberHours: 4 });
    expect(smsOnly).toContain('We can text a code to the number we have on record for you.');
    expect(smsOnly).not.toContain('Call me');
    const both = renderSecondFactorPage({
      ...common,
      view: pending({ step: 'choose_method', method: null, options: [{ method: 'sms', destination: 'XXX-XXX-0104' }, { method: 'voice', destination: 'XXX-XXX-0104' }] }),
      rememberHours: 4,
    });
    expect(both).toContain('We can send a code via SMS or phone to authenticate you.');
    expect(both.match(/<p class="destination">XXX-XXX-0104<\/p>/g)).toHaveLength(1);
  });

  it('says which number is ringing once the call has moved on to the secondary one', () => {
    const call = (callLeg: PendingView['callLeg']) =>
      renderSecondFactorPage({ ...common, view: pending({ step: 'answer_call', method: 'voice', destination: 'XXX-XXX-0199', callLeg }), rememberHours: 4 });
    expect(call('primary')).toContain('If nobody answers and you have a secondary number, we call that one next.');
    expect(call('secondary')).toContain('Nobody answered your primary number, so this call is to your secondary number.');
    expect(call('secondary')).not.toContain('we call that one next');
  });

  it('ties the phone hint to its field and shows the fixed +1 country code without reading it twice', () => {
    const page = pages['the registration phone step'] ?? '';
    expect(page).toMatch(/<span class="tel-prefix" aria-hidden="true">\+1<\/span><input type="tel" id="phone"[^>]*aria-describedby="phone-hint"/);
    expect(page).toContain('<span class="hint" id="phone-hint">A 10-digit United States number (+1)');
  });
});
