import { describe, expect, it } from 'vitest';
import { freshDatabasePerTest } from '../../db/testing/freshDatabase.js';
import { testDialects } from '../../db/testing/testDatabases.js';
import { CallKeyStore, PROVIDER_CHECK_EVERY_MS } from './callKeyStore.js';

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
});
