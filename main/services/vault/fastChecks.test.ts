import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AccountRecordSchema } from './accountsFile.js';
import { accountRecordsFast, sealedEntriesFast } from './fastChecks.js';
import { SealedSchema } from './sealedBox.js';

// A small deterministic generator, so a failure can be replayed.
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

function goodRecord(r: () => number): Record<string, unknown> {
  const kinds = ['totp', 'hotp', 'steam'] as const;
  return {
    id: randomUUID(),
    issuer: 'Portal ' + Math.floor(r() * 1000),
    accountName: r() < 0.2 ? '' : 'staff@clinic.example',
    params: { kind: kinds[Math.floor(r() * 3)], algorithm: ['SHA1', 'SHA256', 'SHA512'][Math.floor(r() * 3)], digits: 5 + Math.floor(r() * 4), period: 30, counter: Math.floor(r() * 100) },
    group: r() < 0.5 ? null : 'Billing',
    order: r() * 100,
    createdAt: 1_700_000_000_000,
    updatedAt: 1_700_000_000_001,
    deletedAt: r() < 0.9 ? null : 1_700_000_000_002,
  };
}

/** The record's params to change (a fresh object if an earlier change replaced them with null). */
const params = (x: Record<string, unknown>) => (typeof x.params === 'object' && x.params !== null ? (x.params as Record<string, unknown>) : {});

/** One change that may or may not make a record invalid: the schema says which. */
const mutations: ((rec: Record<string, unknown>) => void)[] = [
  (x) => (x.id = 'not-a-uuid'),
  (x) => (x.id = '00000000-0000-0000-0000-000000000000'), // zod takes the nil UUID; the fast check leaves it to zod
  (x) => (x.id = randomUUID().toUpperCase()),
  (x) => (x.issuer = 'x'.repeat(501)),
  (x) => (x.issuer = 'x'.repeat(500)),
  (x) => (x.issuer = 42),
  (x) => delete x.accountName,
  (x) => (x.group = undefined),
  (x) => (x.order = Number.POSITIVE_INFINITY),
  (x) => (x.order = Number.NaN),
  (x) => (x.order = '1'),
  (x) => (x.createdAt = null),
  (x) => (x.deletedAt = undefined),
  (x) => (x.secret = 'JBSWY3DPEHPK3PXP'), // an unknown key: dropped by both
  (x) => (params(x).digits = 4),
  (x) => (params(x).digits = 9),
  (x) => (params(x).digits = 6.5),
  (x) => (params(x).period = 0),
  (x) => (params(x).period = 86_401),
  (x) => (params(x).counter = -1),
  (x) => (params(x).counter = 2 ** 53),
  (x) => (params(x).kind = 'TOTP'),
  (x) => (params(x).algorithm = 'MD5'),
  (x) => (params(x).extra = true),
  (x) => (x.params = null),
  (x) => (x.params = []),
];

describe('the hand checks of the vault’s own files', () => {
  it('accept only what the account schema accepts, and give exactly what it gives', () => {
    const r = rng(20261123);
    let fastAccepted = 0;
    let leftToZod = 0;
    for (let i = 0; i < 3_000; i++) {
      const rec = goodRecord(r);
      const changes = Math.floor(r() * 3);
      for (let c = 0; c < changes; c++) mutations[Math.floor(r() * mutations.length)]!(rec);
      const fast = accountRecordsFast([rec]);
      const zod = z.array(AccountRecordSchema).safeParse([rec]);
      if (fast) {
        fastAccepted++;
        expect(zod.success).toBe(true);
        expect(fast).toEqual(zod.data);
        expect(JSON.stringify(fast)).toBe(JSON.stringify(zod.data)); // same keys, same order
      } else {
        leftToZod++;
      }
    }
    // Both paths were exercised, and the usual record never needs zod.
    expect(fastAccepted).toBeGreaterThan(500);
    expect(leftToZod).toBeGreaterThan(500);
    expect(accountRecordsFast(Array.from({ length: 50 }, () => goodRecord(r)))).toHaveLength(50);
  });

  it('accept only what the sealed-entry schema accepts, and give exactly what it gives', () => {
    const Entries = z.record(z.uuid(), SealedSchema);
    const r = rng(7);
    const seal = () => ({ iv: randomBytes(12).toString('base64'), ct: randomBytes(16 + Math.floor(r() * 40)).toString('base64') });
    const cases: unknown[] = [
      { [randomUUID()]: seal(), [randomUUID()]: seal() },
      {},
      { [randomUUID()]: { ...seal(), extra: 1 } },
      { 'not-an-id': seal() },
      { [randomUUID()]: { ...seal(), iv: randomBytes(16).toString('base64') } },
      { [randomUUID()]: { ...seal(), ct: randomBytes(15).toString('base64') } },
      { [randomUUID()]: { ...seal(), ct: 'not base64!' } },
      { [randomUUID()]: { ...seal(), iv: randomBytes(12).toString('base64url') } },
      { [randomUUID()]: { ...seal(), ct: '' } },
      { [randomUUID()]: { iv: 1, ct: 'AAAA' } },
      { [randomUUID()]: null },
      [],
      null,
    ];
    for (const entries of cases) {
      const fast = sealedEntriesFast(entries);
      const zod = Entries.safeParse(entries);
      if (fast) {
        expect(zod.success).toBe(true);
        expect(fast).toEqual(zod.data);
      }
    }
    expect(sealedEntriesFast(cases[0])).not.toBeNull();
    expect(sealedEntriesFast(cases[3])).toBeNull();
  });
});
