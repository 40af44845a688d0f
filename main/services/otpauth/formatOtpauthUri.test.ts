import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AccountDraft, OtpParams } from '../../../common/otp/otpParams.js';
import { encodeBase32 } from '../../../common/otp/base32.js';
import { formatOtpauthUri } from './formatOtpauthUri.js';
import { parseOtpauthUri } from './parseOtpauthUri.js';

const KEY = 'JBSWY3DPEHPK3PXP';
const totp: OtpParams = { kind: 'totp', algorithm: 'SHA1', digits: 6, period: 30, counter: 0 };
const draft = (issuer: string, accountName: string, params: OtpParams = totp): AccountDraft => ({ issuer, accountName, params, secret: randomBytes(20) });

describe('formatOtpauthUri', () => {
  it.each([
    `otpauth://totp/Acme%20Imaging:alice%40clinic.org?secret=${KEY}&issuer=Acme%20Imaging&algorithm=SHA512&digits=8&period=60`,
    `otpauth://totp/Acme:alice?secret=${KEY}&digits=7&algorithm=SHA256`,
    `otpauth://hotp/Lab:bob?secret=${KEY}&counter=7`,
    `otpauth://steam/Steam:gamer?secret=${KEY}`,
    `otpauth://totp/Steam:gamer?secret=${KEY}&encoder=steam`,
    `otpauth://totp/Cl%C3%ADnica:jos%C3%A9+x?secret=${KEY}&issuer=Cl%C3%ADnica`,
    `otpauth://totp/solo?secret=${KEY}`,
    `otpauth://totp/Big+Clinic:a+b@x.org?secret=${KEY}&issuer=Big+Clinic`,
  ])('round-trips %s', (uri) => {
    const parsed = parseOtpauthUri(uri);
    expect(parseOtpauthUri(formatOtpauthUri(parsed))).toEqual(parsed);
  });

  it.each([
    ['an issuer with a colon', draft('Acme: East', 'alice')],
    ['an account name with a colon', draft('Acme', 'ward:3')],
    ['an account name with a colon and no issuer', draft('', 'ward:3')],
    ['both with colons', draft('A:B', 'c:d')],
    ['an issuer but no account name', draft('Acme', '')],
    ['characters that need escaping (&, =, ?, #, %, /)', draft('R&D = 100%', 'a/b?c#d')],
    ['a 60-second period', draft('Acme', 'x', { ...totp, period: 60 })],
    ['a 64-bit-sized HOTP counter', draft('Lab', 'x', { kind: 'hotp', algorithm: 'SHA1', digits: 6, period: 30, counter: 2 ** 40 })],
  ])('round-trips a draft with %s', (_what, d) => {
    expect(parseOtpauthUri(formatOtpauthUri(d))).toEqual({ ...d, secret: Uint8Array.from(d.secret) });
  });

  it('writes Steam accounts as otpauth://steam/ without digits or algorithm', () => {
    const uri = formatOtpauthUri(draft('Steam', 'gamer', { kind: 'steam', algorithm: 'SHA1', digits: 5, period: 30, counter: 0 }));
    expect(uri).toMatch(/^otpauth:\/\/steam\/Steam:gamer\?secret=[A-Z2-7]+&issuer=Steam$/);
  });

  it('writes the key as unpadded Base32', () => {
    const d = draft('Acme', 'a');
    expect(formatOtpauthUri(d)).toContain(`secret=${encodeBase32(d.secret)}&`);
  });
});
