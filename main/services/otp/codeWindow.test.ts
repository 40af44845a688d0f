import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { OtpParams } from '../../../common/otp/otpParams.js';
import { codeWindow, generateCode } from './codeWindow.js';
import { generateHotp } from './hotp.js';
import { generateSteamGuard } from './steamGuard.js';
import { generateTotp } from './totp.js';

const RFC_SECRET = new TextEncoder().encode('12345678901234567890');
const totp = (digits = 8, period = 30): OtpParams => ({ kind: 'totp', algorithm: 'SHA1', digits, period, counter: 0 });
const steam: OtpParams = { kind: 'steam', algorithm: 'SHA1', digits: 5, period: 30, counter: 0 };

describe('generateCode', () => {
  it('uses the stored counter for HOTP and ignores the clock', () => {
    const params: OtpParams = { kind: 'hotp', algorithm: 'SHA1', digits: 6, period: 30, counter: 9 };
    expect(generateCode(params, RFC_SECRET, 0)).toBe('520489');
    expect(generateCode(params, RFC_SECRET, Date.now())).toBe('520489');
  });

  it('uses the time step for TOTP (RFC 6238 Appendix B, 59 s)', () => {
    expect(generateCode(totp(), RFC_SECRET, 59_000)).toBe('94287082');
  });

  it('gives Steam accounts Steam Guard codes', () => {
    const secret = randomBytes(20);
    expect(generateCode(steam, secret, 1_700_000_000_000)).toBe(generateSteamGuard(secret, 1_700_000_000_000));
  });
});

describe('codeWindow', () => {
  it('gives the current and next code with the period’s bounds in ms', () => {
    expect(codeWindow(totp(), RFC_SECRET, 59_000)).toEqual({
      current: '94287082',
      next: generateTotp(RFC_SECRET, 60_000, 'SHA1', 8),
      periodStart: 30_000,
      periodEnd: 60_000,
    });
  });

  it('makes the next code of one period the current code of the following one', () => {
    const secret = randomBytes(20);
    const now = 1_700_000_005_000;
    expect(codeWindow(totp(6), secret, now + 30_000).current).toBe(codeWindow(totp(6), secret, now).next);
  });

  it('gives a 60-second period its own bounds and a 7-digit code', () => {
    const w = codeWindow(totp(7, 60), RFC_SECRET, 125_000);
    expect(w).toMatchObject({ periodStart: 120_000, periodEnd: 180_000 });
    expect(w.current).toBe(generateHotp(RFC_SECRET, 2, 'SHA1', 7));
    expect(w.next).toBe(generateHotp(RFC_SECRET, 3, 'SHA1', 7));
  });

  it('has no next code and no expiry for HOTP', () => {
    const params: OtpParams = { kind: 'hotp', algorithm: 'SHA1', digits: 6, period: 30, counter: 3 };
    expect(codeWindow(params, RFC_SECRET, Date.now())).toEqual({ current: '969429', next: null, periodStart: null, periodEnd: null });
  });

  it('gives Steam accounts a 30-second window even if a link claimed another period', () => {
    const secret = randomBytes(20);
    const w = codeWindow({ ...steam, period: 60 }, secret, 1_700_000_010_000);
    expect(w).toMatchObject({ periodStart: 1_700_000_010_000, periodEnd: 1_700_000_040_000 });
    expect(w.current).toBe(generateSteamGuard(secret, 1_700_000_010_000));
    expect(w.next).toBe(generateSteamGuard(secret, 1_700_000_040_000));
  });

  it('finds remembered codes for a new copy of the same key, and never for a different key', () => {
    // The vault decrypts afresh (new objects) whenever its file changes; keys themselves never change.
    expect(codeWindow(totp(), Uint8Array.from(RFC_SECRET), 59_000).current).toBe('94287082');
    expect(codeWindow(totp(), Uint8Array.from(RFC_SECRET), 59_000).current).toBe('94287082');
    const other = randomBytes(20);
    expect(codeWindow(totp(), other, 59_000).current).toBe(generateTotp(other, 59_000, 'SHA1', 8));
  });

  it('keeps accounts that share a key but differ in period, digits or algorithm apart', () => {
    const secret = randomBytes(32);
    const at = 1_700_000_000_000;
    for (const params of [totp(6, 30), totp(6, 60), totp(8, 30), { ...totp(6, 30), algorithm: 'SHA256' as const }]) {
      expect(generateCode(params, secret, at)).toBe(generateTotp(secret, at, params.algorithm, params.digits, params.period));
    }
  });
});
