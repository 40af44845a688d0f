import { describe, expect, it } from 'vitest';
import { freshDatabasePerTest } from '../../db/testing/freshDatabase.js';
import { testDialects } from '../../db/testing/testDatabases.js';
import { CALL_RECORDS_KEPT_SECONDS, CallKeyStore, deleteOldCallRecords, PROVIDER_CHECK_EVERY_MS } from './callKeyStore.js';

const dialects = await testDialects();

describe.each(dialects)('the verification calls store on $name', (dialect) => {
  const database = freshDatabasePerTest(dialect);
  let clockMs = Date.parse('2026-03-02T14:00:00.000Z');


  it('lets one check of a call go to the provider per second, across instances and requests at the same moment', async () => {
    const store = new CallKeyStore(database.db, () => new Date(clockMs));
    const another = new CallKeyStore(database.db, () => new Date(clockMs));
    const first = await Promise.all([store.claimProviderCheck('CA1'), store.claimProviderCheck('CA1'), another.claimProviderCheck('CA1')]);
    expect(first.filter(Boolean)).toHaveLength(1);
    expect(await store.claimProviderCheck('CA2')).toBe(true);
    clockMs += PROVIDER_CHECK_EVERY_MS - 1;
    expect(await another.claimProviderCheck('CA1')).toBe(false);
    clockMs += 1;
    expect(await another.claimProviderCheck('CA1')).toBe(true);
    expect(await store.claimProviderCheck('CA1')).toBe(false);
  });

  it('keeps the first key reported for a call', async () => {
    const store = new CallKeyStore(database.db, () => new Date(clockMs));
    expect(await store.pressedKey('CA1')).toBeNull();
    await store.record('CA1', '1');
    await store.record('CA1', '#');
    expect(await store.pressedKey('CA1')).toBe('1');
  });

  it('forgets the keys and checks of calls older than a day, and keeps the newer ones', async () => {
    const store = new CallKeyStore(database.db, () => new Date(clockMs));
    await store.record('CA-old', '#');
    await store.claimProviderCheck('CA-old');
    clockMs += CALL_RECORDS_KEPT_SECONDS * 1000 - 1000;
    await store.record('CA-new', '1');
    await store.claimProviderCheck('CA-new');
    clockMs += 2000;
    await deleteOldCallRecords(database.db, new Date(clockMs));
    expect(await store.pressedKey('CA-old')).toBeNull();
    expect(await store.pressedKey('CA-new')).toBe('1');
    expect((await database.db.selectFrom('phone_call_checks').select('call_id').execute()).map((r) => r.call_id)).toEqual(['CA-new']);
  });
});

