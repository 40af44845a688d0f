import { describe, expect, it } from 'vitest';
import { AppError } from '../../../common/errors.js';
import { decodeBase32Secret } from '../../../common/otp/base32.js';
import { parseOtpauthUri } from './parseOtpauthUri.js';

const KEY = 'JBSWY3DPEHPK3PXP'; // 10 bytes: "Hello!\xde\xad\xbe\xef", the classic 80-bit demo key
const KEY_BYTES = decodeBase32Secret(KEY);

describe('parseOtpauthUri accepts what real portals and apps write', () => {
  it('reads a full link with issuer prefix and issuer parameter', () => {
    const a = parseOtpauthUri(`otpauth://totp/Acme%20Imaging:alice%40clinic.org?secret=${KEY}&issuer=Acme%20Imaging&algorithm=SHA256&digits=8&period=60`);
    expect(a).toEqual({ issuer: 'Acme Imaging', accountName: 'alice@clinic.org', secret: KEY_BYTES, params: { kind: 'totp', algorithm: 'SHA256', digits: 8, period: 60, counter: 0 } });
  });

  it('fills in the defaults for missing parameters (SHA1, 6 digits, 30 s)', () => {
    expect(parseOtpauthUri(`otpauth://totp/alice?secret=${KEY}`)).toMatchObject({ issuer: '', accountName: 'alice', params: { algorithm: 'SHA1', digits: 6, period: 30 } });
  });

  it('takes the issuer from the label prefix when there is no issuer parameter', () => {
    expect(parseOtpauthUri(`otpauth://totp/Medicaid:bob?secret=${KEY}`)).toMatchObject({ issuer: 'Medicaid', accountName: 'bob' });
  });

  it('takes the issuer from the parameter when the label has no prefix', () => {
    expect(parseOtpauthUri(`otpauth://totp/bob?secret=${KEY}&issuer=Medicaid`)).toMatchObject({ issuer: 'Medicaid', accountName: 'bob' });
  });

  it('lets the issuer parameter win over a label prefix that disagrees', () => {
    expect(parseOtpauthUri(`otpauth://totp/OldName:bob?secret=${KEY}&issuer=NewName`)).toMatchObject({ issuer: 'NewName', accountName: 'bob' });
  });

  it('falls back to the label prefix when the issuer parameter is empty', () => {
    expect(parseOtpauthUri(`otpauth://totp/Acme:bob?secret=${KEY}&issuer=`)).toMatchObject({ issuer: 'Acme', accountName: 'bob' });
  });

  it('reads an encoded colon (%3A) in the label as the issuer separator, and allows a space after it', () => {
    expect(parseOtpauthUri(`otpauth://totp/Acme%3Abob?secret=${KEY}`)).toMatchObject({ issuer: 'Acme', accountName: 'bob' });
    expect(parseOtpauthUri(`otpauth://totp/Acme:%20bob?secret=${KEY}`)).toMatchObject({ issuer: 'Acme', accountName: 'bob' });
  });

  it('keeps colons after the first one in the account name', () => {
    expect(parseOtpauthUri(`otpauth://totp/Acme:ward:3?secret=${KEY}`)).toMatchObject({ issuer: 'Acme', accountName: 'ward:3' });
  });

  it('reads an empty prefix as "no issuer", keeping the rest whole', () => {
    expect(parseOtpauthUri(`otpauth://totp/:ward:3?secret=${KEY}`)).toMatchObject({ issuer: '', accountName: 'ward:3' });
  });

  it('reads + in query values as a space (form encoding, as Google Authenticator does)', () => {
    expect(parseOtpauthUri(`otpauth://totp/a?secret=${KEY}&issuer=Big+Clinic`).issuer).toBe('Big Clinic');
  });

  it('keeps + in the label literally, since labels are paths and e-mail addresses use it (a+b@x.org)', () => {
    expect(parseOtpauthUri(`otpauth://totp/Clinic:a+b@clinic.org?secret=${KEY}`).accountName).toBe('a+b@clinic.org');
    expect(parseOtpauthUri(`otpauth://totp/Clinic:a%2Bb@clinic.org?secret=${KEY}`).accountName).toBe('a+b@clinic.org');
  });

  it('decodes Unicode issuers and accounts', () => {
    expect(parseOtpauthUri(`otpauth://totp/Cl%C3%ADnica%20S%C3%A1nchez:jos%C3%A9?secret=${KEY}&issuer=Cl%C3%ADnica%20S%C3%A1nchez`)).toMatchObject({ issuer: 'Clínica Sánchez', accountName: 'josé' });
    expect(parseOtpauthUri(`otpauth://totp/%E5%8C%BB%E9%99%A2:%E7%94%B0%E4%B8%AD?secret=${KEY}`)).toMatchObject({ issuer: '医院', accountName: '田中' });
  });

  it.each([
    ['lowercase', KEY.toLowerCase()],
    ['padded', 'JBSWY3DPEHPK3PXP======'],
    ['spaced as printed under a QR code', 'jbsw y3dp ehpk 3pxp'],
    ['spaced with + (form encoding)', 'jbsw+y3dp+ehpk+3pxp'],
  ])('accepts a %s key', (_what, key) => {
    expect(parseOtpauthUri(`otpauth://totp/a?secret=${encodeURIComponent(key).replace(/%2B/g, '+')}`).secret).toEqual(KEY_BYTES);
  });

  it.each(['OTPAUTH://TOTP/a', 'otpauth://TOTP/a', 'OtpAuth://tOtP/a'])('treats scheme and type case-insensitively: %s', (prefix) => {
    expect(parseOtpauthUri(`${prefix}?secret=${KEY}`).params.kind).toBe('totp');
  });

  it.each(['sha512', 'SHA512', 'Sha512', 'SHA-512', 'sha_512'])('treats the algorithm name case-insensitively: %s', (alg) => {
    expect(parseOtpauthUri(`otpauth://totp/a?secret=${KEY}&algorithm=${alg}`).params.algorithm).toBe('SHA512');
  });

  it('reads SHA256', () => {
    expect(parseOtpauthUri(`otpauth://totp/a?secret=${KEY}&algorithm=sha256`).params.algorithm).toBe('SHA256');
  });

  it('reads parameter names case-insensitively', () => {
    expect(parseOtpauthUri(`otpauth://totp/a?Secret=${KEY}&DIGITS=8`).params.digits).toBe(8);
  });

  it('tolerates unknown parameters (image, color, …)', () => {
    expect(parseOtpauthUri(`otpauth://totp/a?secret=${KEY}&image=https%3A%2F%2Fx%2Fy.png&color=red`).accountName).toBe('a');
  });

  it('reads HOTP with its counter, and ignores a period it does not use', () => {
    expect(parseOtpauthUri(`otpauth://hotp/a?secret=${KEY}&counter=42&period=abc`).params).toMatchObject({ kind: 'hotp', counter: 42, period: 30 });
  });

  it('reads an HOTP counter up to 2^53 − 1', () => {
    expect(parseOtpauthUri(`otpauth://hotp/a?secret=${KEY}&counter=9007199254740991`).params.counter).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('reads Steam links as Aegis and Ente write them (otpauth://steam/)', () => {
    expect(parseOtpauthUri(`otpauth://steam/Steam:gamer?secret=${KEY}`).params).toEqual({ kind: 'steam', algorithm: 'SHA1', digits: 5, period: 30, counter: 0 });
    // Their exports spell the parameters out, too (interopLinks.test.ts reads real ones).
    expect(parseOtpauthUri(`otpauth://steam/Steam:gamer?secret=${KEY}&issuer=Steam&algorithm=SHA1&digits=5&period=30`)).toMatchObject({
      issuer: 'Steam',
      accountName: 'gamer',
      params: { kind: 'steam', algorithm: 'SHA1', digits: 5, period: 30, counter: 0 },
    });
  });

  it('reads encoder=steam on a totp link as Steam, whatever digits, algorithm or period it gives', () => {
    expect(parseOtpauthUri(`otpauth://totp/Steam:gamer?secret=${KEY}&encoder=Steam&digits=6&algorithm=SHA256&period=60`).params).toEqual({
      kind: 'steam',
      algorithm: 'SHA1',
      digits: 5,
      period: 30,
      counter: 0,
    });
  });

  it('accepts 7-digit codes and 60-second periods', () => {
    expect(parseOtpauthUri(`otpauth://totp/a?secret=${KEY}&digits=7&period=60`).params).toMatchObject({ digits: 7, period: 60 });
  });

  it('ignores whitespace around a pasted link', () => {
    expect(parseOtpauthUri(`  otpauth://totp/a?secret=${KEY}\n`).accountName).toBe('a');
  });

  it('accepts a link with only an issuer', () => {
    expect(parseOtpauthUri(`otpauth://totp/?secret=${KEY}&issuer=Acme`)).toMatchObject({ issuer: 'Acme', accountName: '' });
  });
});

describe('parseOtpauthUri rejects what would give wrong codes, in words a receptionist can act on', () => {
  const rejects = (uri: string, code: string, message: RegExp) => {
    let error: unknown;
    try {
      parseOtpauthUri(uri);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe(code);
    expect((error as AppError).message).toMatch(message);
    return error as AppError;
  };

  it('names a bad Base32 character and where it is, without quoting the key', () => {
    const e = rejects(`otpauth://totp/a?secret=JBSWY3DPEHPK3PX1`, 'InvalidSecret', /“1”.*position 16.*letter I or L/);
    expect(e.message).not.toContain('JBSWY3DPEHPK3PX');
  });

  it('rejects a missing secret', () => void rejects(`otpauth://totp/a?issuer=X`, 'InvalidSecret', /This link has no secret key/));
  it('rejects an empty secret', () => void rejects(`otpauth://totp/a?secret=&issuer=X`, 'InvalidSecret', /no secret key/));
  it('rejects a key too short to be real', () => void rejects(`otpauth://totp/a?secret=JBSWY3DP`, 'InvalidSecret', /too short to be a real key/));
  it.each(['5', '9', '10', 'six', '6.0', '-6'])('rejects digits=%s', (d) => void rejects(`otpauth://totp/a?secret=${KEY}&digits=${d}`, 'InvalidUri', /Codes must have 6, 7 or 8 digits; this link asks for/));
  it('says how many digits the link asked for', () => void rejects(`otpauth://totp/a?secret=${KEY}&digits=10`, 'InvalidUri', /^Codes must have 6, 7 or 8 digits; this link asks for 10\.$/));
  it('rejects an unknown algorithm, naming it', () =>
    void rejects(`otpauth://totp/a?secret=${KEY}&algorithm=MD5`, 'InvalidUri', /^Unknown algorithm “MD5”: Twofold supports SHA1, SHA256 and SHA512\.$/));
  it.each(['0', '-30', '2.5', 'abc', '86401'])('rejects period=%s', (p) => void rejects(`otpauth://totp/a?secret=${KEY}&period=${p}`, 'InvalidUri', /The period must be a whole number of seconds above zero/));
  it.each([`https://example.org/totp/a?secret=${KEY}`, `otpauth:totp/a?secret=${KEY}`, 'hello'])('rejects what is not an otpauth:// link: %s', (uri) =>
    void rejects(uri, 'InvalidUri', /This is not an authenticator link: it should start with otpauth:\/\//));
  it('rejects an unknown type, naming it', () => void rejects(`otpauth://motp/a?secret=${KEY}`, 'InvalidUri', /“motp”/));
  it('requires a counter for hotp', () => void rejects(`otpauth://hotp/a?secret=${KEY}`, 'InvalidUri', /counter/));
  it.each(['x', '-1', '1.5', '9007199254740992'])('rejects counter=%s', (c) => void rejects(`otpauth://hotp/a?secret=${KEY}&counter=${c}`, 'InvalidUri', /counter/));
  it('rejects a broken %-escape', () => void rejects(`otpauth://totp/a%zz?secret=${KEY}`, 'InvalidUri', /damaged/));
  it('rejects a link with neither account nor issuer', () => void rejects(`otpauth://totp/?secret=${KEY}`, 'InvalidUri', /names no account/));
});
