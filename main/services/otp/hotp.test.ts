import { describe, expect, it } from 'vitest';
import { decimalCode, generateHotp, truncatedHmac } from './hotp.js';

const RFC_SECRET = new TextEncoder().encode('12345678901234567890');

describe('generateHotp', () => {
  // RFC 4226 Appendix D: the truncated 31-bit value and the 6-digit HOTP for counts 0–9.
  const appendixD: [number, number, string][] = [
    [0, 1284755224, '755224'],
    [1, 1094287082, '287082'],
    [2, 137359152, '359152'],
    [3, 1726969429, '969429'],
    [4, 1640338314, '338314'],
    [5, 868254676, '254676'],
    [6, 1918287922, '287922'],
    [7, 82162583, '162583'],
    [8, 673399871, '399871'],
    [9, 645520489, '520489'],
  ];

  it.each(appendixD)('matches RFC 4226 Appendix D at count %i (truncated %i, code %s)', (count, truncated, code) => {
    expect(truncatedHmac('SHA1', RFC_SECRET, count)).toBe(truncated);
    expect(generateHotp(RFC_SECRET, count, 'SHA1', 6)).toBe(code);
  });

  it('writes the counter as 8 big-endian bytes, so counters beyond 32 bits give their own codes', () => {
    expect(generateHotp(RFC_SECRET, 2 ** 32, 'SHA1', 6)).not.toBe(generateHotp(RFC_SECRET, 0, 'SHA1', 6));
    expect(generateHotp(RFC_SECRET, Number.MAX_SAFE_INTEGER, 'SHA1', 6)).toMatch(/^\d{6}$/);
  });

  it('pads short values with leading zeros', () => {
    expect(decimalCode(42, 6)).toBe('000042');
    expect(decimalCode(1284755224, 8)).toBe('84755224');
  });

  it('refuses a negative, fractional or unsafe counter rather than computing a wrong code', () => {
    expect(() => generateHotp(RFC_SECRET, -1, 'SHA1', 6)).toThrow(RangeError);
    expect(() => generateHotp(RFC_SECRET, 1.5, 'SHA1', 6)).toThrow(RangeError);
    expect(() => generateHotp(RFC_SECRET, 2 ** 53, 'SHA1', 6)).toThrow(RangeError);
  });

  it('refuses an empty secret', () => {
    expect(() => generateHotp(new Uint8Array(0), 0, 'SHA1', 6)).toThrow(RangeError);
  });
});
