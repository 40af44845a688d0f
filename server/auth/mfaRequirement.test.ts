import { describe, expect, it } from 'vitest';
import type { MfaPolicy } from '../domain/organization.js';
import { mfaRequirement } from './mfaRequirement.js';

const now = new Date('2026-03-02T14:00:00Z');
const policy = (p: Partial<MfaPolicy>): MfaPolicy => ({ mode: 'required', allowedMethods: ['totp', 'sms', 'voice', 'email'], methodChoice: 'user_choice', fixedMethod: null, enforcementDate: null, ...p });

describe('mfaRequirement', () => {
  it('asks nothing where MFA is off or not yet enforced, unless the user registered a method', () => {
    expect(mfaRequirement([policy({ mode: 'off' })], [], now)).toEqual({ kind: 'none' });
    expect(mfaRequirement([policy({ enforcementDate: '2026-03-03T00:00:00Z' })], [], now)).toEqual({ kind: 'none' });
    expect(mfaRequirement([policy({ mode: 'off' })], ['email'], now)).toEqual({ kind: 'challenge', methods: ['email'] });
    expect(mfaRequirement([], [], now)).toEqual({ kind: 'none' });
  });

  it('asks an enforced user with nothing registered to register one of the allowed methods', () => {
    expect(mfaRequirement([policy({ enforcementDate: '2026-03-02T14:00:00Z' })], [], now)).toEqual({ kind: 'register', allowed: ['totp', 'sms', 'voice', 'email'] });
    expect(mfaRequirement([policy({ methodChoice: 'fixed', fixedMethod: 'sms' })], [], now)).toEqual({ kind: 'register', allowed: ['sms'] });
  });

  it('challenges with the registered methods the policy allows, and asks to register when none is allowed', () => {
    expect(mfaRequirement([policy({ allowedMethods: ['sms', 'email'] })], ['totp', 'email', 'sms'], now)).toEqual({ kind: 'challenge', methods: ['sms', 'email'] });
    expect(mfaRequirement([policy({ allowedMethods: ['totp'] })], ['sms'], now)).toEqual({ kind: 'register', allowed: ['totp'] });
  });

  it('applies every enforcing organization of a user (one login covers all their NPIs)', () => {
    const both = [policy({ allowedMethods: ['totp', 'sms'] }), policy({ allowedMethods: ['sms', 'voice'] }), policy({ mode: 'off', allowedMethods: ['email'] })];
    expect(mfaRequirement(both, [], now)).toEqual({ kind: 'register', allowed: ['sms'] });
    // Organizations that share no method: any one of theirs rather than no way in.
    const disjoint = [policy({ methodChoice: 'fixed', fixedMethod: 'totp' }), policy({ methodChoice: 'fixed', fixedMethod: 'voice' })];
    expect(mfaRequirement(disjoint, [], now)).toEqual({ kind: 'register', allowed: ['totp', 'voice'] });
  });
});
