import { randomBytes } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { forgetRememberedCodes, rememberedCodesFor } from './recentCodes.js';

describe('rememberedCodesFor', () => {
  it('computes a code once for a key even when the vault hands out a fresh copy of it each time', () => {
    const secret = randomBytes(20);
    const compute = vi.fn(() => '123456');
    expect(rememberedCodesFor(Uint8Array.from(secret)).get('totp/SHA1/6/30/1', compute)).toBe('123456');
    expect(rememberedCodesFor(Uint8Array.from(secret)).get('totp/SHA1/6/30/1', compute)).toBe('123456');
    expect(compute).toHaveBeenCalledTimes(1);
  });

  it('computes again for a different key with the same parameters', () => {
    const compute = vi.fn(() => 'x');
    rememberedCodesFor(randomBytes(20)).get('totp/SHA1/6/30/1', compute);
    rememberedCodesFor(randomBytes(20)).get('totp/SHA1/6/30/1', compute);
    expect(compute).toHaveBeenCalledTimes(2);
  });

  it('keeps only the last few codes of each key', () => {
    const secret = randomBytes(20);
    const compute = vi.fn(() => 'x');
    for (const step of [1, 2, 3, 4, 5]) rememberedCodesFor(secret).get(`s${step}`, compute);
    rememberedCodesFor(secret).get('s1', compute);
    expect(compute).toHaveBeenCalledTimes(6);
  });

  it('forgets everything when asked (vault locked)', () => {
    const secret = randomBytes(20);
    const compute = vi.fn(() => 'x');
    rememberedCodesFor(secret).get('k', compute);
    forgetRememberedCodes();
    rememberedCodesFor(secret).get('k', compute);
    expect(compute).toHaveBeenCalledTimes(2);
  });
});
