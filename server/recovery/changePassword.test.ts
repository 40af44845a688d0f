import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findLiveAdminToken, issueAdminToken } from '../admin/tokens/adminTokens.js';
import { signInTestWorld, type SignInTestWorld } from '../auth/testing/signInTestApp.js';
import { testDialects } from '../db/testing/testDatabases.js';
import { changePassword } from './changePassword.js';

const dialects = await testDialects();

describe.each(dialects)('changePassword on $name', (dialect) => {
  let world: SignInTestWorld;
  beforeEach(async (context) => {
    if (!dialect.available) return context.skip();
    world = await signInTestWorld(dialect);
  });
  afterEach(async () => {
    await world?.close();
  });

  it("ends the user's admin API tokens with the password, and nobody else's", async () => {
    const now = new Date('2026-01-05T09:00:00.000Z');
    const ana = world.userIds.ana!;
    const ben = world.userIds.ben!;
    const anas = await issueAdminToken(world.db, ana, now);
    const bens = await issueAdminToken(world.db, ben, now);
    const changed = await world.db.transaction().execute((trx) => changePassword(trx, ana, 'a new hash', now));
    expect(changed.adminTokensRevoked).toBe(1);
    expect(await findLiveAdminToken(world.db, anas.token, now)).toBeNull();
    expect(await findLiveAdminToken(world.db, bens.token, now)).not.toBeNull();
  });
});
