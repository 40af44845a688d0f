import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDialects } from '../db/testing/testDatabases.js';
import { createLoginThrottle, type LoginThrottle } from './loginThrottle.js';
import { manualClock, migratedTestDatabase, type MigratedTestDatabase } from './testing/securityFixtures.js';
import { addressThrottleKey, userThrottleKey } from './throttleKeys.js';

const dialects = await testDialects();
const user = userThrottleKey('u1');
const ip = addressThrottleKey('203.0.113.7');
const open = { allowed: true, retryAfterSeconds: 0 };

describe.each(dialects)('login throttle on $name', (dialect) => {
  let fixture: MigratedTestDatabase;
  let clock: ReturnType<typeof manualClock>;
  let throttle: LoginThrottle;
  const failTimes = async (n: number, keys = [user, ip]) => {
    for (let i = 0; i < n; i++) await throttle.recordFailure(keys);
  };

  beforeEach(async (context) => {
    if (!dialect.available) return context.skip();
    fixture = await migratedTestDatabase(dialect);
    clock = manualClock('2026-01-05T09:00:00.000Z');
    throttle = createLoginThrottle({ db: fixture.database.db, now: clock.now });
  });
  afterEach(async () => {
    await fixture?.close();
  });

  it('locks an account for 15 minutes at its 5th failure, and says when to come back', async () => {
    expect(await throttle.check([user, ip])).toEqual(open);
    await failTimes(4);
    expect(await throttle.check([user, ip])).toEqual(open);
    expect(await throttle.recordFailure([user, ip])).toEqual({ allowed: false, retryAfterSeconds: 900, newlyLocked: [user] });
    clock.advance(60);
    expect(await throttle.check([user, ip])).toEqual({ allowed: false, retryAfterSeconds: 840 });
    // The same account from anywhere else is locked too; another account from this address is not.
    expect(await throttle.check([user, addressThrottleKey('198.51.100.1')])).toMatchObject({ allowed: false });
    expect(await throttle.check([userThrottleKey('u2'), ip])).toEqual(open);
  });

  it('tells which keys have failures on record, locked or not, with the same decision as check', async () => {
    expect(await throttle.inspect([user, ip])).toEqual({ ...open, withFailures: [] });
    await throttle.recordFailure([ip]);
    expect(await throttle.inspect([user, ip])).toEqual({ ...open, withFailures: [ip] });
    await failTimes(5, [user]);
    clock.advance(60);
    expect(await throttle.inspect([user, ip])).toEqual({ allowed: false, retryAfterSeconds: 840, withFailures: [user, ip] });
    await throttle.recordSuccess(user);
    expect(await throttle.inspect([userThrottleKey('u2'), user, ip])).toEqual({ ...open, withFailures: [ip] });
  });

  it('reports a lock only to the failure that started it', async () => {
    await failTimes(5);
    expect(await throttle.recordFailure([user, ip])).toMatchObject({ allowed: false, newlyLocked: [] });
  });

  it('opens again when the lock ends, with a fresh count', async () => {
    await failTimes(5);
    clock.advance(900);
    expect(await throttle.check([user])).toEqual(open);
    expect(await throttle.recordFailure([user])).toEqual({ ...open, newlyLocked: [] });
    await failTimes(3, [user]);
    expect((await throttle.recordFailure([user])).newlyLocked).toEqual([user]);
  });

  it('forgets failures older than the window', async () => {
    await failTimes(4, [user]);
    clock.advance(900);
    await failTimes(4, [user]);
    expect(await throttle.check([user])).toEqual(open);
    const row = await fixture.database.db.selectFrom('login_throttle').selectAll().where('key', '=', user).executeTakeFirstOrThrow();
    expect(row).toEqual({ key: user, failures: 4, window_started_at: '2026-01-05T09:15:00.000Z', locked_until: null });
  });

  it('resets the account on success, but not the address', async () => {
    await failTimes(4);
    await throttle.recordSuccess(user);
    await failTimes(4);
    expect(await throttle.check([user])).toEqual(open);
    const rows = await fixture.database.db.selectFrom('login_throttle').select(['key', 'failures']).orderBy('key').execute();
    expect(rows).toEqual([
      { key: ip, failures: 8 },
      { key: user, failures: 4 },
    ]);
  });

  it('locks an address after 20 failures in 15 minutes, whichever accounts they were for', async () => {
    for (let i = 0; i < 19; i++) await throttle.recordFailure([userThrottleKey(`u${i}`), ip]);
    expect(await throttle.check([ip])).toEqual(open);
    expect(await throttle.recordFailure([userThrottleKey('u99'), ip])).toEqual({ allowed: false, retryAfterSeconds: 900, newlyLocked: [ip] });
    expect(await throttle.check([userThrottleKey('someone-new'), ip])).toEqual({ allowed: false, retryAfterSeconds: 900 });
  });

  it("lets an admin unlock an account, and tidies up rows whose window and lock are over", async () => {
    await failTimes(5);
    await throttle.clear(user);
    expect(await throttle.check([user])).toEqual(open);
    await failTimes(5, [user]);
    clock.advance(901);
    expect(await throttle.deleteStale()).toBe(2);
    expect(await fixture.database.db.selectFrom('login_throttle').select('key').execute()).toEqual([]);
  });

  it('follows the rules it is given', async () => {
    const strict = createLoginThrottle({
      db: fixture.database.db,
      now: clock.now,
      rules: { user: { maxFailures: 1, windowSeconds: 60, lockSeconds: 30 }, ip: { maxFailures: 3, windowSeconds: 60, lockSeconds: 120 } },
    });
    expect(await strict.recordFailure([user, ip])).toEqual({ allowed: false, retryAfterSeconds: 30, newlyLocked: [user] });
    clock.advance(30);
    expect(await strict.check([user, ip])).toEqual(open);
  });

  it('counts every failure and locks once when two instances record 20 failures at once', async () => {
    const elsewhere = createLoginThrottle({ db: fixture.openAnother().db, now: clock.now });
    const records = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? elsewhere : throttle).recordFailure([user, ip])));
    expect(records.flatMap((r) => r.newlyLocked).sort()).toEqual([ip, user]);
    const rows = await fixture.database.db.selectFrom('login_throttle').select(['key', 'failures', 'locked_until']).orderBy('key').execute();
    expect(rows).toEqual([
      { key: ip, failures: 20, locked_until: '2026-01-05T09:15:00.000Z' },
      { key: user, failures: 20, locked_until: '2026-01-05T09:15:00.000Z' },
    ]);
  });
});
