import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDialects } from '../db/testing/testDatabases.js';
import { createSecretBox, SecretBoxError, type SecretBox } from './secretBox.js';
import { RFC6238_SEEDS, RFC6238_VECTORS } from './testing/rfc6238Vectors.js';
import { insertUser, manualClock, migratedTestDatabase, randomKeyRing, type MigratedTestDatabase } from './testing/securityFixtures.js';
import { DEFAULT_TOTP_PARAMETERS, totpCodeAt, totpStep, type TotpAlgorithm } from './totpCode.js';
import { generateTotpSecret, sealTotpSecret } from './totpSecret.js';
import { createTotpVerifier, type TotpVerifier } from './totpVerifier.js';

const dialects = await testDialects();
const start = '2026-01-05T09:00:10.000Z';

describe.each(dialects)('TOTP verification on $name', (dialect) => {
  let fixture: MigratedTestDatabase;
  let clock: ReturnType<typeof manualClock>;
  let box: SecretBox;
  let verifier: TotpVerifier;
  const secret = generateTotpSecret();
  const codeAt = (offsetSteps: number) => totpCodeAt(secret, totpStep(clock.now().getTime(), 30) + offsetSteps, DEFAULT_TOTP_PARAMETERS);

  const register = async (userId: string, key: Buffer, confirmed = true) => {
    const registrationId = `reg-${userId}`;
    await insertUser(fixture.database.db, userId);
    await fixture.database.db
      .insertInto('mfa_registrations')
      .values({
        id: registrationId,
        user_id: userId,
        method: 'totp',
        totp_secret_encrypted: sealTotpSecret(box, { userId, registrationId }, key),
        phone: null,
        confirmed_at: confirmed ? start : null,
        created_at: start,
      })
      .execute();
    return registrationId;
  };

  beforeEach(async (context) => {
    if (!dialect.available) return context.skip();
    fixture = await migratedTestDatabase(dialect);
    clock = manualClock(start);
    box = createSecretBox(randomKeyRing());
    verifier = createTotpVerifier({ db: fixture.database.db, box, now: clock.now });
    await register('u1', secret);
  });
  afterEach(async () => {
    await fixture?.close();
  });

  it.each(['sha1', 'sha256', 'sha512'] as const)('accepts the RFC 6238 Appendix B codes (%s, 8 digits)', async (algorithm: TotpAlgorithm) => {
    const userId = `rfc-${algorithm}`;
    const registrationId = await register(userId, RFC6238_SEEDS[algorithm]);
    const rfc = createTotpVerifier({ db: fixture.database.db, box, now: clock.now, parameters: { algorithm, digits: 8, periodSeconds: 30 } });
    const column = { sha1: 1, sha256: 2, sha512: 3 }[algorithm];
    for (const vector of RFC6238_VECTORS) {
      clock.set(new Date(vector[0] * 1000).toISOString());
      expect(await rfc.verify({ userId, code: vector[column] as string })).toEqual({ outcome: 'ok', registrationId, step: totpStep(vector[0] * 1000, 30) });
    }
  });

  it('accepts the code of this step, the one before and the one after, and nothing further', async () => {
    expect(await verifier.verify({ userId: 'u1', code: codeAt(-2) })).toEqual({ outcome: 'wrong' });
    expect(await verifier.verify({ userId: 'u1', code: codeAt(2) })).toEqual({ outcome: 'wrong' });
    expect((await verifier.verify({ userId: 'u1', code: codeAt(-1) })).outcome).toBe('ok');
    expect((await verifier.verify({ userId: 'u1', code: codeAt(0) })).outcome).toBe('ok');
    expect(await verifier.verify({ userId: 'u1', code: codeAt(1) })).toEqual({ outcome: 'ok', registrationId: 'reg-u1', step: totpStep(clock.now().getTime(), 30) + 1 });
  });

  it('refuses a code it accepted before, and any older one after a newer was accepted', async () => {
    const code = codeAt(0);
    expect((await verifier.verify({ userId: 'u1', code })).outcome).toBe('ok');
    expect(await verifier.verify({ userId: 'u1', code })).toEqual({ outcome: 'replayed' });
    // Still refused later in the window, and by another instance.
    clock.advance(25);
    const elsewhere = createTotpVerifier({ db: fixture.openAnother().db, box, now: clock.now });
    expect(await elsewhere.verify({ userId: 'u1', code })).toEqual({ outcome: 'replayed' });
    const next = codeAt(1);
    expect((await verifier.verify({ userId: 'u1', code: next })).outcome).toBe('ok');
    expect(await verifier.verify({ userId: 'u1', code: codeAt(0) })).toEqual({ outcome: 'replayed' });
    const row = await fixture.database.db.selectFrom('mfa_registrations').select('last_totp_step').where('id', '=', 'reg-u1').executeTakeFirstOrThrow();
    expect(row.last_totp_step).toBe(totpStep(clock.now().getTime(), 30) + 1);
    expect(typeof row.last_totp_step).toBe('number');
  });

  it('matches without writing, and lets one claim of a step succeed, on any instance', async () => {
    const code = codeAt(0);
    const first = await verifier.match({ userId: 'u1', code });
    expect(first).toEqual({ outcome: 'ok', registrationId: 'reg-u1', step: totpStep(clock.now().getTime(), 30) });
    expect(await verifier.match({ userId: 'u1', code })).toEqual(first);
    if (first.outcome !== 'ok') return;
    const elsewhere = createTotpVerifier({ db: fixture.openAnother().db, box, now: clock.now });
    expect(await Promise.all([verifier.claim(first), elsewhere.claim(first)])).toEqual(expect.arrayContaining([true, false]));
    expect(await verifier.claim(first)).toBe(false);
    expect(await verifier.match({ userId: 'u1', code })).toEqual({ outcome: 'replayed' });
  });

  it('answers none without a confirmed authenticator registration, unless enrolling', async () => {
    expect(await verifier.verify({ userId: 'nobody', code: codeAt(0) })).toEqual({ outcome: 'none' });
    const pendingSecret = generateTotpSecret();
    await register('u2', pendingSecret, false);
    const code = totpCodeAt(pendingSecret, totpStep(clock.now().getTime(), 30), DEFAULT_TOTP_PARAMETERS);
    expect(await verifier.verify({ userId: 'u2', code })).toEqual({ outcome: 'none' });
    expect((await verifier.verify({ userId: 'u2', code, allowUnconfirmed: true })).outcome).toBe('ok');
  });

  it('calls anything but six digits wrong', async () => {
    for (const code of ['', '12345', '1234567', 'abcdef', ` ${codeAt(0)}`]) expect(await verifier.verify({ userId: 'u1', code })).toEqual({ outcome: 'wrong' });
  });

  it('refuses to use a sealed key moved onto another user', async () => {
    await insertUser(fixture.database.db, 'u3');
    const stolen = await fixture.database.db.selectFrom('mfa_registrations').select('totp_secret_encrypted').where('id', '=', 'reg-u1').executeTakeFirstOrThrow();
    await fixture.database.db
      .insertInto('mfa_registrations')
      .values({ id: 'reg-u3', user_id: 'u3', method: 'totp', totp_secret_encrypted: stolen.totp_secret_encrypted, phone: null, confirmed_at: start, created_at: start })
      .execute();
    await expect(verifier.verify({ userId: 'u3', code: codeAt(0) })).rejects.toThrow(SecretBoxError);
  });

  it('accepts a code exactly once when two service instances race with 20 tries', async () => {
    const elsewhere = createTotpVerifier({ db: fixture.openAnother().db, box, now: clock.now });
    const code = codeAt(0);
    const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? elsewhere : verifier).verify({ userId: 'u1', code })));
    expect(outcomes.filter((o) => o.outcome === 'ok')).toHaveLength(1);
    expect(outcomes.filter((o) => o.outcome === 'replayed')).toHaveLength(19);
  });
});
