// Links as other authenticator apps really write them: the plain-text exports of Aegis and Ente in the
// shared interop corpus (../shared/interop, read at test time, never copied in), against the accounts
// its expected.json says they hold.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeBase32Secret } from '../../../common/otp/base32.js';
import { parseOtpauthUri } from './parseOtpauthUri.js';

const INTEROP = path.resolve(__dirname, '../../../../shared/interop');
const present = existsSync(path.join(INTEROP, 'expected.json'));
if (!present) console.warn(`SKIPPED — the shared interop corpus is not at ${INTEROP}; these tests read real export files from it`);

interface Vector {
  type: 'totp' | 'hotp' | 'steam';
  secret: string;
  algorithm: string;
  digits: number;
  period?: number;
  counter?: number;
  name: string;
  issuer: string;
}

describe.skipIf(!present)('otpauth links exported by Aegis and Ente (shared interop corpus)', () => {
  const vectors = present ? (JSON.parse(readFileSync(path.join(INTEROP, 'expected.json'), 'utf8')) as { vectors: Vector[] }).vectors : [];
  const linksOf = (file: string) =>
    readFileSync(path.join(INTEROP, 'fixtures', file), 'utf8')
      .split(/\r?\n/)
      .filter((l) => l.startsWith('otpauth://'));

  for (const file of ['plain.txt', 'ente_auth.txt']) {
    it(`${file}: every link parses to the account it holds, Steam included`, () => {
      const links = linksOf(file);
      expect(links.length).toBeGreaterThanOrEqual(7);
      const kinds = new Set<string>();
      for (const link of links) {
        const got = parseOtpauthUri(link);
        const expected = vectors.find((v) => Buffer.from(decodeBase32Secret(v.secret)).equals(Buffer.from(got.secret)));
        expect(expected, `no account in expected.json has the key of ${got.issuer}:${got.accountName}`).toBeDefined();
        const v = expected!;
        kinds.add(v.type);
        expect({ issuer: got.issuer, accountName: got.accountName, kind: got.params.kind, algorithm: got.params.algorithm, digits: got.params.digits }).toEqual({
          issuer: v.issuer,
          accountName: v.name,
          kind: v.type,
          algorithm: v.algorithm,
          digits: v.digits,
        });
        if (v.type === 'hotp') expect(got.params.counter).toBe(v.counter);
        else expect(got.params.period).toBe(v.period);
      }
      expect([...kinds].sort()).toEqual(['hotp', 'steam', 'totp']);
    });
  }
});
