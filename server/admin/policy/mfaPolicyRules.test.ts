import { describe, expect, it } from 'vitest';
import type { MfaPolicy } from '../../domain/organization.js';
import { mfaPolicyProblems } from './mfaPolicyRules.js';
import { EnforcementDateSchema } from './enforcementDate.js';

const ok: MfaPolicy = { mode: 'required', allowedMethods: ['totp', 'sms'], methodChoice: 'user_choice', fixedMethod: null, enforcementDate: null };

describe('mfaPolicyProblems', () => {
  it('accepts the seeds\' policies: the user\'s choice, one method for everybody, off', () => {
    expect(mfaPolicyProblems(ok)).toEqual([]);
    expect(mfaPolicyProblems({ ...ok, allowedMethods: ['voice'], methodChoice: 'fixed', fixedMethod: 'voice', enforcementDate: '2026-03-01T00:00:00.000Z' })).toEqual([]);
    expect(mfaPolicyProblems({ ...ok, mode: 'off' })).toEqual([]);
  });

  it('names a fixed method that is not allowed, in words', () => {
    expect(mfaPolicyProblems({ ...ok, methodChoice: 'fixed', fixedMethod: 'email' })).toEqual([
      'The method everybody uses (email) must be one of the allowed methods (authenticator app, text message).',
    ]);
  });

  it('asks for the fixed method, refuses one with the user\'s choice, and needs two methods to choose from', () => {
    expect(mfaPolicyProblems({ ...ok, methodChoice: 'fixed' })).toEqual(['With one method for everybody, say which method it is.']);
    expect(mfaPolicyProblems({ ...ok, fixedMethod: 'sms' })[0]).toMatch(/^A fixed method applies only when everybody uses one method\./);
    expect(mfaPolicyProblems({ ...ok, allowedMethods: ['email'] })).toEqual([
      "With the user's choice, allow at least two methods to choose from, or make email the one method for everybody.",
    ]);
  });

  it('refuses no methods, a method listed twice, and a date while MFA is off — all at once', () => {
    expect(mfaPolicyProblems({ ...ok, mode: 'off', allowedMethods: ['sms', 'totp', 'sms'], enforcementDate: '2026-03-01T00:00:00.000Z' })).toEqual([
      'Each method can be listed once; text message is listed more than once.',
      'An enforcement date applies only when MFA is required. Set MFA to required, or clear the date.',
    ]);
    expect(mfaPolicyProblems({ ...ok, allowedMethods: [] })).toEqual(['Allow at least one method: authenticator app, text message, phone call, email.']);
  });
});

describe('EnforcementDateSchema', () => {
  it('takes a day as midnight UTC and an instant with its offset, and gives ISO-8601 UTC', () => {
    expect(EnforcementDateSchema.parse('2026-03-01')).toBe('2026-03-01T00:00:00.000Z');
    expect(EnforcementDateSchema.parse(' 2026-03-01T07:00:00-05:00 ')).toBe('2026-03-01T12:00:00.000Z');
    expect(EnforcementDateSchema.parse('2026-03-01T07:00Z')).toBe('2026-03-01T07:00:00.000Z');
  });

  it('refuses a day that does not exist, a local time without offset, words and far-off years', () => {
    for (const bad of ['2026-02-30', '2026-03-01T07:00:00', 'next monday', '03/01/2026', '1999-12-31', '2101-01-01']) {
      expect(EnforcementDateSchema.safeParse(bad).success, bad).toBe(false);
    }
  });
});
