import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDialects } from '../db/testing/testDatabases.js';
import { createOneTimeCodes, randomSixDigitCode, type OneTimeCodes } from './oneTimeCodes.js';
import { secretKeyRing } from './secretKeyRing.js';
import { insertUser, manualClock, migratedTestDatabase, randomKeyRing, randomSecretKey, type MigratedTestDatabase } from './testing/securityFixtures.js';

const dialects = await testDialects();
const start = '2026-01-05T09:00:00.000Z';

describe.each(dialects)('one-time codes on $name', (dialect) => {
  let fixture: MigratedTestDatabase;
  let clock: ReturnType<typeof manualClock>;
  let codes: OneTimeCodes;
  const keys = randomKeyRing();
  const make = (overrides: Partial<Parameters<typeof createOneTimeCodes>[0]> = {}) =>
    createOneTimeCodes({ db: fixture.database.db, keys, now: clock.now, ...overrides });

  beforeEach(async (context) => {
    if (!dialect.available) return context.skip();
    fixture = await migratedTestDatabase(dialect);
    await insertUser(fixture.database.db, 'u1');
    await insertUser(fixture.database.db, 'u2');
    clock = manualClock(start);
    codes = make();
  });
  afterEach(async () => {
    await fixture?.close();
  });

  it('issues a 6-digit code valid for 10 minutes and stores only a keyed hash of it', async () => {
    const issued = await codes.issue({ userId: 'u1', purpose: 'login', channel: 'sms' });
    expect(issued.code).toMatch(/^\d{6}$/);
    expect(issued.expiresAt.toISOString()).toBe('2026-01-05T09:10:00.000Z');
    const row = await fixture.database.db.selectFrom('one_time_codes').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ id: issued.codeId, user_id: 'u1', purpose: 'login', channel: 'sms', attempts: 0, max_attempts: 5, consumed_at: null });
    expect(row.code_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(issued.code);
    expect(typeof row.attempts).toBe('number');
  });

  it('has the partial index that finds the newest live code', async () => {
    const query =
      fixture.database.dialect === 'sqlite'
        ? sql<{ sql: string }>`select sql from sqlite_master where name = 'one_time_codes_live_idx'`
        : sql<{ sql: string }>`select indexdef as sql from pg_indexes where indexname = 'one_time_codes_live_idx'`;
    const [index] = (await query.execute(fixture.database.db)).rows;
    expect(index?.sql.replace(/["()]/g, '')).toMatch(/user_id, purpose, created_at.*where consumed_at is null/i);
  });

  it('accepts the code once', async () => {
    const { code, codeId } = await codes.issue({ userId: 'u1', purpose: 'login', channel: 'email' });
    expect(await codes.verify({ userId: 'u1', purpose: 'login', code })).toEqual({ outcome: 'ok', codeId, channel: 'email' });
    expect(await codes.verify({ userId: 'u1', purpose: 'login', code })).toEqual({ outcome: 'none' });
  });

  it('keeps codes apart by user and by purpose', async () => {
    const { code } = await codes.issue({ userId: 'u1', purpose: 'forgot_password', channel: 'email' });
    expect(await codes.verify({ userId: 'u1', purpose: 'login', code })).toEqual({ outcome: 'none' });
    expect(await codes.verify({ userId: 'u2', purpose: 'forgot_password', code })).toEqual({ outcome: 'none' });
    expect((await codes.verify({ userId: 'u1', purpose: 'forgot_password', code })).outcome).toBe('ok');
  });

  it('counts wrong tries, then refuses even the right code once they are spent', async () => {
    const { code } = await make({ generateCode: () => '123456' }).issue({ userId: 'u1', purpose: 'login', channel: 'sms' });
    for (const attemptsLeft of [4, 3, 2, 1, 0]) {
      expect(await codes.verify({ userId: 'u1', purpose: 'login', code: '654321' })).toEqual({ outcome: 'wrong', attemptsLeft });
    }
    expect(await codes.verify({ userId: 'u1', purpose: 'login', code })).toEqual({ outcome: 'too_many_attempts' });
  });

  it('treats a malformed entry as a wrong try', async () => {
    await codes.issue({ userId: 'u1', purpose: 'login', channel: 'sms' });
    expect(await codes.verify({ userId: 'u1', purpose: 'login', code: '' })).toEqual({ outcome: 'wrong', attemptsLeft: 4 });
    expect(await codes.verify({ userId: 'u1', purpose: 'login', code: '12 34 56 78' })).toEqual({ outcome: 'wrong', attemptsLeft: 3 });
  });

  it('refuses a code after it expires, by the injected clock', async () => {
    const { code } = await codes.issue({ userId: 'u1', purpose: 'login', channel: 'sms' });
    clock.advance(599);
    const early = await codes.issue({ userId: 'u2', purpose: 'login', channel: 'sms' });
    expect((await codes.verify({ userId: 'u2', purpose: 'login', code: early.code })).outcome).toBe('ok');
    clock.advance(1);
    expect(await codes.verify({ userId: 'u1', purpose: 'login', code })).toEqual({ outcome: 'expired' });
  });

  it('gives a purpose and channel its own lifetime and tries (short email login codes)', async () => {
    const shortEmail = make({ policy: { lifetimeSeconds: 600, maxAttempts: 5, overrides: { 'login:email': { lifetimeSeconds: 120 }, forgot_password: { maxAttempts: 3 } } } });
    const email = await shortEmail.issue({ userId: 'u1', purpose: 'login', channel: 'email' });
    const sms = await shortEmail.issue({ userId: 'u2', purpose: 'login', channel: 'sms' });
    const reset = await shortEmail.issue({ userId: 'u1', purpose: 'forgot_password', channel: 'email' });
    expect(email.expiresAt.toISOString()).toBe('2026-01-05T09:02:00.000Z');
    expect(sms.expiresAt.toISOString()).toBe('2026-01-05T09:10:00.000Z');
    expect(await shortEmail.verify({ userId: 'u1', purpose: 'forgot_password', code: 'nope' })).toEqual({ outcome: 'wrong', attemptsLeft: 2 });
    clock.advance(120);
    expect(await shortEmail.verify({ userId: 'u1', purpose: 'login', code: email.code })).toEqual({ outcome: 'expired' });
    expect((await shortEmail.verify({ userId: 'u2', purpose: 'login', code: sms.code })).outcome).toBe('ok');
    expect((await shortEmail.verify({ userId: 'u1', purpose: 'forgot_password', code: reset.code })).outcome).toBe('ok');
    expect(() => make({ policy: { lifetimeSeconds: 600, maxAttempts: 0, overrides: {} } })).toThrow(RangeError);
  });

  it('lets a new code replace the earlier one ("send a new code")', async () => {
    const sequence = ['111111', '222222'];
    const issuer = make({ generateCode: () => sequence.shift()! });
    const first = await issuer.issue({ userId: 'u1', purpose: 'login', channel: 'sms' });
    clock.advance(1);
    const second = await issuer.issue({ userId: 'u1', purpose: 'login', channel: 'voice' });
    expect(await codes.verify({ userId: 'u1', purpose: 'login', code: first.code })).toEqual({ outcome: 'wrong', attemptsLeft: 4 });
    expect(await codes.verify({ userId: 'u1', purpose: 'login', code: second.code })).toEqual({ outcome: 'ok', codeId: second.codeId, channel: 'voice' });
    expect(await codes.verify({ userId: 'u1', purpose: 'login', code: first.code })).toEqual({ outcome: 'none' });
  });

  it('still accepts a code issued just before the key was rotated', async () => {
    const { code } = await codes.issue({ userId: 'u1', purpose: 'login', channel: 'sms' });
    const rotated = make({ keys: secretKeyRing([randomSecretKey(), keys.current]) });
    expect((await rotated.verify({ userId: 'u1', purpose: 'login', code })).outcome).toBe('ok');
    const { code: other } = await codes.issue({ userId: 'u2', purpose: 'login', channel: 'sms' });
    expect((await make({ keys: randomKeyRing() }).verify({ userId: 'u2', purpose: 'login', code: other })).outcome).toBe('wrong');
  });

  it('deletes codes a day after they expired, and their rows with the user', async () => {
    await codes.issue({ userId: 'u1', purpose: 'login', channel: 'sms' });
    await codes.issue({ userId: 'u2', purpose: 'login', channel: 'sms' });
    clock.advance(600 + 86_400 + 1);
    await codes.issue({ userId: 'u2', purpose: 'email_verify', channel: 'email' });
    expect(await codes.deleteExpired()).toBe(2);
    await fixture.database.db.deleteFrom('users').where('id', '=', 'u2').execute();
    expect(await fixture.database.db.selectFrom('one_time_codes').select('id').execute()).toEqual([]);
  });

  it('accepts the code exactly once when two service instances race with 20 tries', async () => {
    const other = fixture.openAnother();
    const codesB = createOneTimeCodes({ db: other.db, keys, now: clock.now });
    const { code } = await codes.issue({ userId: 'u1', purpose: 'login', channel: 'sms' });
    const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? codesB : codes).verify({ userId: 'u1', purpose: 'login', code })));
    expect(outcomes.filter((o) => o.outcome === 'ok')).toHaveLength(1);
    expect(outcomes.filter((o) => o.outcome !== 'ok').every((o) => o.outcome === 'none')).toBe(true);
  });

  it('spends no more than the allowed tries when two instances race with 20 wrong guesses', async () => {
    const other = fixture.openAnother();
    const codesB = createOneTimeCodes({ db: other.db, keys, now: clock.now });
    const { code } = await make({ generateCode: () => '000000' }).issue({ userId: 'u1', purpose: 'login', channel: 'sms' });
    const guesses = Array.from({ length: 20 }, (_, i) => String(i + 1).padStart(6, '0'));
    const outcomes = await Promise.all(guesses.map((guess, i) => (i % 2 ? codesB : codes).verify({ userId: 'u1', purpose: 'login', code: guess })));
    expect(outcomes.filter((o) => o.outcome === 'wrong')).toHaveLength(5);
    expect(outcomes.filter((o) => o.outcome === 'too_many_attempts')).toHaveLength(15);
    expect(await codes.verify({ userId: 'u1', purpose: 'login', code })).toEqual({ outcome: 'too_many_attempts' });
    const row = await fixture.database.db.selectFrom('one_time_codes').select('attempts').executeTakeFirstOrThrow();
    expect(row.attempts).toBe(5);
  });
});

describe('randomSixDigitCode', () => {
  it('draws six digits with leading zeros, spread over the whole range', () => {
    const drawn = Array.from({ length: 20_000 }, randomSixDigitCode);
    expect(drawn.every((c) => /^\d{6}$/.test(c))).toBe(true);
    // Each leading digit should get about a tenth of the draws.
    const leading = Array.from({ length: 10 }, (_, d) => drawn.filter((c) => c.startsWith(String(d))).length);
    for (const count of leading) expect(count).toBeGreaterThan(1_700);
  });
});
