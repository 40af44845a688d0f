import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDialects } from '../db/testing/testDatabases.js';
import { insertUser, manualClock, migratedTestDatabase, type MigratedTestDatabase } from '../security/testing/securityFixtures.js';
import { createSessionStore, type NewSession, type SessionStore } from './sessionStore.js';

const dialects = await testDialects();
const pending: NewSession = { userId: 'u1', stage: 'second_factor', method: 'totp', state: { options: ['totp'], wrongTries: 0 }, ip: '127.0.0.1' };
const signedIn: NewSession = { ...pending, stage: 'signed_in', state: { options: [], wrongTries: 0 } };
const tenMinutes = { idleSeconds: 600, absoluteSeconds: 600 };

describe.each(dialects)('the session store on $name', (dialect) => {
  let fixture: MigratedTestDatabase;
  let clock: ReturnType<typeof manualClock>;
  let store: SessionStore;

  beforeEach(async (context) => {
    if (!dialect.available) return context.skip();
    fixture = await migratedTestDatabase(dialect);
    clock = manualClock('2026-01-05T09:00:00.000Z');
    store = createSessionStore(fixture.database.db, clock.now);
    await insertUser(fixture.database.db, 'u1');
  });
  afterEach(async () => {
    await fixture?.close();
  });

  it('finds a live session with its user by the token, and nothing by its stored key or once expired', async () => {
    const { token, row } = await store.create(pending, tenMinutes);
    expect(row.id).not.toBe(token);
    const found = await store.findWithUser(token);
    expect(found?.row).toEqual(row);
    expect(found?.user).toMatchObject({ id: 'u1', username: 'u1', status: 'active', last_login_at: '' });
    expect(await store.find(token)).toEqual(row);
    expect(await store.findWithUser(row.id)).toBeUndefined();
    clock.advance(601);
    expect(await store.findWithUser(token)).toBeUndefined();
  });

  it('replaces a session under a new token, once: the old token finds nothing after', async () => {
    const old = await store.create(pending, tenMinutes);
    const other = createSessionStore(fixture.openAnother().db, clock.now);
    const results = await Promise.all([store.replace(old.row.id, signedIn, tenMinutes), other.replace(old.row.id, signedIn, tenMinutes)]);
    const winners = results.filter((r) => r !== null);
    expect(winners).toHaveLength(1);
    expect(await store.find(old.token)).toBeUndefined();
    expect(await store.find(winners[0]!.token)).toMatchObject({ stage: 'signed_in', user_id: 'u1' });
    expect(await store.replace(old.row.id, signedIn, tenMinutes)).toBeNull();
    expect(await fixture.database.db.selectFrom('sessions').select('id').execute()).toHaveLength(1);
  });

  it("never hands one user's sign-in to another: a replacement naming another user changes nothing", async () => {
    await insertUser(fixture.database.db, 'u2');
    const old = await store.create(pending, tenMinutes);
    expect(await store.replace(old.row.id, { ...signedIn, userId: 'u2' }, tenMinutes)).toBeNull();
    expect(await store.find(old.token)).toEqual(old.row);
  });
});
