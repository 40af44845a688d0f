import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { decodeBase32Secret, encodeBase32 } from './base32.js';

const HELLO = Uint8Array.from([0x48, 0x65, 0x6c, 0x6c, 0x6f, 0x21, 0xde, 0xad, 0xbe, 0xef]); // "Hello!" + DEADBEEF

function refusal(text: string): AppError {
  try {
    decodeBase32Secret(text);
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error(`accepted ${text}`);
}

describe('decodeBase32Secret', () => {
  it('decodes padded RFC 4648 Base32', () => {
    expect(Buffer.from(decodeBase32Secret('MZXW6YTBOJTG633CMFZA====')).toString()).toBe('foobarfoobar');
  });

  it.each([
    ['upper case', 'JBSWY3DPEHPK3PXP'],
    ['lower case', 'jbswy3dpehpk3pxp'],
    ['groups of four with spaces, as printed under QR codes', 'jbsw y3dp ehpk 3pxp'],
    ['dashes', 'JBSW-Y3DP-EHPK-3PXP'],
    ['a trailing newline and tab', 'JBSWY3DPEHPK3PXP\n\t'],
    ['= padding', 'JBSWY3DPEHPK3PXP======'],
  ])('accepts a key in %s', (_what, text) => {
    expect(decodeBase32Secret(text)).toEqual(HELLO);
  });

  it('accepts 10-byte (80-bit) keys, which many portals issue', () => {
    expect(decodeBase32Secret('JBSWY3DPEHPK3PXP')).toHaveLength(10);
  });

  it('names a bad character and its position, suggesting the letter it resembles', () => {
    const e = refusal('JBSWY3DP1HPK3PXP');
    expect(e.code).toBe('InvalidSecret');
    expect(e.message).toBe(
      'The key contains “1”, which is not allowed in a key (only letters A–Z and digits 2–7). Check for a mistyped character at position 9. It is probably the letter I or L.',
    );
  });

  it('counts the position without the spaces people typed, and says so', () => {
    expect(refusal('JBSW Y3DP E0PK 3PXP').message).toMatch(/“0”.*position 10 \(not counting spaces and dashes\)\. It is probably the letter O/);
  });

  it.each([
    ['a letter outside Base32 (é)', 'JBSWY3DPéHPK3PXP', '“é”'],
    ['ß, which upper-cases to two letters', 'JBSWY3DPßHPK3PXP', '“ß”'],
    ['= in the middle', 'JBSW=Y3DPEHPK3PXP', '“=”'],
    ['an emoji, reported whole', 'JBSWY3DP🙂HPK3PXP', '“🙂”'],
  ])('refuses %s', (_what, text, shown) => {
    expect(refusal(text).message).toContain(shown);
  });

  it('refuses an empty or blank key', () => {
    expect(refusal('').message).toMatch(/empty/);
    expect(refusal('  - ').message).toMatch(/empty/);
  });

  it('refuses keys of 1–9 bytes as too short to be a real key', () => {
    expect(refusal('JBSWY3DPEHPK3PX').message).toMatch(/too short to be a real key \(15 characters/);
    expect(refusal('JB').message).toMatch(/too short/);
  });

  it('refuses something far longer than any key', () => {
    expect(refusal('A'.repeat(1700)).message).toMatch(/far too long/);
  });

  it('never repeats the key in its messages', () => {
    for (const text of ['JBSWY3DP1HPK3PXP', 'JBSWY3DPEHPK3PX', 'JBSW Y3DP E0PK 3PXP']) expect(refusal(text).message).not.toMatch(/JBSW|Y3DP/);
  });
});

describe('encodeBase32', () => {
  it.each([
    ['', ''],
    ['f', 'MY'],
    ['fo', 'MZXQ'],
    ['foo', 'MZXW6'],
    ['foob', 'MZXW6YQ'],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI'],
  ])('writes the RFC 4648 §10 vector for "%s" without padding: %s', (plain, base32) => {
    expect(encodeBase32(new TextEncoder().encode(plain))).toBe(base32);
  });

  it('round-trips keys of every length from 10 to 64 bytes', () => {
    for (let n = 10; n <= 64; n++) {
      const key = randomBytes(n);
      expect(decodeBase32Secret(encodeBase32(key))).toEqual(Uint8Array.from(key));
    }
  });
});
