import { describe, expect, it } from 'vitest';
import { AppError } from '../../../common/errors.js';
import { encodeMigrationPayload, type RawOtpParameters } from './migrationPayload.js';
import { describeBatch, parseMigrationUri } from './parseMigrationUri.js';

const secret = (n: number) => Uint8Array.from({ length: 20 }, (_, i) => (i * 7 + n) & 0xff);
const raw = (p: Partial<RawOtpParameters>): RawOtpParameters => ({ secret: secret(0), name: 'a', issuer: '', algorithm: 1, digits: 1, type: 2, counter: '0', ...p });

function link(otpParameters: Partial<RawOtpParameters>[], batch = { batchSize: 1, batchIndex: 0, batchId: 123 }): string {
  const bytes = encodeMigrationPayload({ otpParameters: otpParameters.map(raw), version: 1, ...batch });
  return `otpauth-migration://offline?data=${encodeURIComponent(Buffer.from(bytes).toString('base64'))}`;
}

function refusal(uri: string): AppError {
  try {
    parseMigrationUri(uri);
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('accepted');
}

/**
 * Protobuf bytes written out by hand from Google Authenticator's published MigrationPayload layout, not by
 * our schema: a wrong field number or enum value in migrationPayload.ts fails here, where the tests above,
 * encoding with that same schema, would still pass.
 */
function handWrittenExport(): string {
  const varint = (n: number) => {
    const out: number[] = [];
    for (; n > 0x7f; n >>>= 7) out.push((n & 0x7f) | 0x80);
    out.push(n);
    return out;
  };
  const tag = (field: number, wire: 0 | 2) => varint((field << 3) | wire);
  const bytes = (field: number, b: number[]) => [...tag(field, 2), ...varint(b.length), ...b];
  const text = (field: number, s: string) => bytes(field, [...Buffer.from(s, 'utf8')]);
  const int = (field: number, n: number) => [...tag(field, 0), ...varint(n)];
  const hello = [...Buffer.from('Hello!\xde\xad\xbe\xef', 'latin1')]; // JBSWY3DPEHPK3PXP
  // OtpParameters: 1 secret, 2 name, 3 issuer, 4 algorithm (1 SHA1, 2 SHA256, 3 SHA512, 4 MD5),
  // 5 digits (1 six, 2 eight), 6 type (1 HOTP, 2 TOTP), 7 counter.
  const totp = [...bytes(1, hello), ...text(2, 'Example:alice@google.com'), ...text(3, 'Example'), ...int(4, 1), ...int(5, 1), ...int(6, 2)];
  const hotp = [...bytes(1, [...Buffer.from('12345678901234567890')]), ...text(2, 'Lab:bob'), ...text(3, 'Lab'), ...int(4, 2), ...int(5, 2), ...int(6, 1), ...int(7, 7)];
  // MigrationPayload: 1 otp_parameters (repeated), 2 version, 3 batch_size, 4 batch_index, 5 batch_id.
  const payload = [...bytes(1, totp), ...bytes(1, hotp), ...int(2, 1), ...int(3, 3), ...int(4, 1), ...int(5, 1_234_567)];
  return `otpauth-migration://offline?data=${encodeURIComponent(Buffer.from(payload).toString('base64'))}`;
}

describe('parseMigrationUri', () => {
  it('reads an export whose bytes were written by hand from the published layout, not by our schema', () => {
    const { accounts, batch } = parseMigrationUri(handWrittenExport());
    expect(accounts.map((a) => [a.issuer, a.accountName, a.params.kind, a.params.algorithm, a.params.digits, a.params.counter])).toEqual([
      ['Example', 'alice@google.com', 'totp', 'SHA1', 6, 0],
      ['Lab', 'bob', 'hotp', 'SHA256', 8, 7],
    ]);
    expect(accounts.map((a) => Buffer.from(a.secret).toString('latin1'))).toEqual(['Hello!\xde\xad\xbe\xef', '12345678901234567890']);
    expect(batch).toMatchObject({ index: 1, size: 3 });
    expect(describeBatch(batch)).toMatch(/2 of 3/);
  });

  it('reads every algorithm, digit count and type value, unspecified ones as SHA1, 6 digits, TOTP', () => {
    const { accounts, batch } = parseMigrationUri(
      link([
        { secret: secret(1), name: 'Acme:alice', issuer: 'Acme', algorithm: 1, digits: 1, type: 2 },
        { secret: secret(2), name: 'bob', issuer: 'Lab', algorithm: 2, digits: 2, type: 2 },
        { secret: secret(3), name: 'carol', issuer: '', algorithm: 3, digits: 3, type: 1, counter: '9' },
        { secret: secret(4), name: 'dave', issuer: 'Unspecified', algorithm: 0, digits: 0, type: 0 },
      ]),
    );
    expect(accounts.map((a) => [a.issuer, a.accountName, a.params.kind, a.params.algorithm, a.params.digits, a.params.period, a.params.counter])).toEqual([
      ['Acme', 'alice', 'totp', 'SHA1', 6, 30, 0],
      ['Lab', 'bob', 'totp', 'SHA256', 8, 30, 0],
      ['', 'carol', 'hotp', 'SHA512', 7, 30, 9],
      ['Unspecified', 'dave', 'totp', 'SHA1', 6, 30, 0],
    ]);
    expect(accounts.map((a) => a.secret)).toEqual([secret(1), secret(2), secret(3), secret(4)]);
    expect(batch).toEqual({ index: 0, size: 1, id: 123 });
  });

  it('returns plain Uint8Array secrets, not Buffers that share protobufjs’s memory', () => {
    const [a] = parseMigrationUri(link([{}])).accounts;
    expect(Object.getPrototypeOf(a!.secret)).toBe(Uint8Array.prototype);
  });

  describe('names', () => {
    it.each([
      ['strips an "Issuer:" prefix equal to the issuer', 'Acme: alice', 'Acme', ['Acme', 'alice']],
      ['takes the prefix as issuer when the issuer field is empty', 'Acme:alice', '', ['Acme', 'alice']],
      ['keeps a prefix that differs from the issuer as part of the name', 'ward:3', 'Acme', ['Acme', 'ward:3']],
      ['keeps a name without prefix', 'alice', 'Acme', ['Acme', 'alice']],
      ['keeps Unicode', 'Clínica:josé', 'Clínica', ['Clínica', 'josé']],
    ])('%s', (_what, name, issuer, expected) => {
      const [a] = parseMigrationUri(link([{ name, issuer }])).accounts;
      expect([a!.issuer, a!.accountName]).toEqual(expected);
    });
  });

  it('reports the batch position of a multi-part export', () => {
    const { batch } = parseMigrationUri(link([{}], { batchSize: 3, batchIndex: 1, batchId: 77 }));
    expect(batch).toEqual({ index: 1, size: 3, id: 77 });
    expect(describeBatch(batch)).toBe('part 2 of 3');
  });

  it('treats an export without batch fields as part 1 of 1', () => {
    expect(describeBatch(parseMigrationUri(link([{}], { batchSize: 0, batchIndex: 0, batchId: 0 })).batch)).toBe('part 1 of 1');
  });

  it('reads a 64-bit HOTP counter', () => {
    const { accounts } = parseMigrationUri(link([{ type: 1, counter: String(2 ** 40 + 1) }]));
    expect(accounts[0]!.params.counter).toBe(2 ** 40 + 1);
  });

  it('survives a pasted link whose + signs became spaces, and URL-safe Base64', () => {
    const good = link([{ secret: Uint8Array.from({ length: 20 }, () => 0xfb), name: 'plus' }]);
    const data = decodeURIComponent(good.split('data=')[1]!);
    expect(data).toContain('+');
    expect(parseMigrationUri(`otpauth-migration://offline?data=${data.replace(/\+/g, ' ')}`).accounts[0]!.accountName).toBe('plus');
    expect(parseMigrationUri(`otpauth-migration://offline?data=${data.replace(/\+/g, '-').replace(/\//g, '_')}`).accounts[0]!.accountName).toBe('plus');
  });

  it('reads the scheme case-insensitively and ignores surrounding whitespace', () => {
    expect(parseMigrationUri(` ${link([{}]).replace('otpauth-migration://offline', 'OTPAUTH-MIGRATION://OFFLINE')}\n`).accounts).toHaveLength(1);
  });

  describe('refuses, never reporting success for what it could not read', () => {
    it('an export with zero accounts', () => expect(refusal(link([])).message).toMatch(/holds no accounts/));
    it.each([
      ['data that is not a protobuf message', 'otpauth-migration://offline?data=%2F%2F%2F%2F'],
      ['data that is not Base64', 'otpauth-migration://offline?data=%%%'],
      ['a truncated message', link([{}]).slice(0, -12)],
      ['a link without data', 'otpauth-migration://offline?x=1'],
      ['an empty data parameter', 'otpauth-migration://offline?data='],
    ])('%s', (_what, uri) => {
      const e = refusal(uri);
      expect(e.code).toBe('InvalidUri');
      expect(e.message).toMatch(/^This Google Authenticator export could not be read/);
    });
    it('a link that is not an export', () => expect(refusal('otpauth-migration://online?data=abc').message).toMatch(/not a Google Authenticator export link/));
  });

  describe('refuses the whole export, naming the account, rather than dropping one', () => {
    it('for an MD5 account', () => {
      const e = refusal(link([{ name: 'ok' }, { name: 'old', issuer: 'Legacy', algorithm: 4 }]));
      expect(e.message).toMatch(/^“Legacy: old” uses the MD5 algorithm.*Nothing from this export was imported/);
    });
    it.each([
      ['an unknown algorithm', { algorithm: 9 }],
      ['an unknown digit count', { digits: 7 }],
      ['an unknown type', { type: 5 }],
    ])('for %s', (_what, p) => expect(refusal(link([{ name: 'x', ...p }])).message).toMatch(/^“x” has settings this export format does not define/));
    it('for a missing key', () => {
      const e = refusal(link([{ secret: new Uint8Array(0), name: 'empty' }]));
      expect(e.code).toBe('InvalidSecret');
      expect(e.message).toMatch(/“empty” has a key that is missing/);
    });
    it('for a key under 10 bytes', () => expect(refusal(link([{ secret: new Uint8Array(9).fill(1) }])).code).toBe('InvalidSecret'));
    it.each(['-1', '9007199254740993'])('for the HOTP counter %s', (counter) => expect(refusal(link([{ type: 1, counter }])).message).toMatch(/counter/));
    it('names an account without issuer or name by its position', () => expect(refusal(link([{}, { name: '', algorithm: 4 }])).message).toMatch(/^“account 2”/));
  });
});
