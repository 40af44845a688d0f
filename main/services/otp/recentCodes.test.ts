import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { forgetRememberedCodes, rememberedCodesFor } from './recentCodes.js';

describe('rememberedCodesFor', () => {
  it('finds a code kept for a key even when the vault hands out a fresh copy of it each time', () => {
    const secret = randomBytes(20);
    rememberedCodesFor(Uint8Array.from(secret), 'totp/SHA1/6/30').keep(1, '123456');
    expect(rememberedCodesFor(Uint8Array.from(secret), 'totp/SHA1/6/30').find(1)).toBe('123456');
  });

  it('keeps nothing across different keys with the same parameters', () => {
    rememberedCodesFor(randomBytes(20), 'totp/SHA1/6/30').keep(1, 'x');
    expect(rememberedCodesFor(randomBytes(20), 'totp/SHA1/6/30').find(1)).toBeUndefined();
  });

  it('keeps the codes of one key under other parameters apart (two accounts sharing a key, an edit of digits)', () => {
    const secret = randomBytes(20);
    rememberedCodesFor(secret, 'totp/SHA1/6/30').keep(1, '123456');
    expect(rememberedCodesFor(secret, 'totp/SHA1/8/30').find(1)).toBeUndefined();
    rememberedCodesFor(secret, 'totp/SHA1/8/30').keep(1, '12345678');
    // Both stay: neither account's codes push the other's out.
    expect(rememberedCodesFor(secret, 'totp/SHA1/6/30').find(1)).toBe('123456');
    expect(rememberedCodesFor(secret, 'totp/SHA1/8/30').find(1)).toBe('12345678');
  });

  it('keeps only the last four codes of each key, the oldest overwritten first', () => {
    const codes = rememberedCodesFor(randomBytes(20), 'totp/SHA1/6/30');
    for (const step of [1, 2, 3, 4, 5]) codes.keep(step, `c${step}`);
    expect(codes.find(1)).toBeUndefined();
    expect([2, 3, 4, 5].map((step) => codes.find(step))).toEqual(['c2', 'c3', 'c4', 'c5']);
    codes.keep(6, 'c6');
    expect(codes.find(2)).toBeUndefined();
    expect(codes.find(6)).toBe('c6');
  });

  it('forgets everything when asked (vault locked)', () => {
    const secret = randomBytes(20);
    rememberedCodesFor(secret, 'k').keep(1, 'x');
    forgetRememberedCodes();
    expect(rememberedCodesFor(secret, 'k').find(1)).toBeUndefined();
  });
});
