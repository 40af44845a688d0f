import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDialects } from '../db/testing/testDatabases.js';
import type { PortalServer } from '../http/buildServer.js';
import { createLoginThrottle } from '../security/loginThrottle.js';
import { addressThrottleKey, userThrottleKey } from '../security/throttleKeys.js';
import { PASSWORD, signInTestWorld, type SignInTestWorld } from './testing/signInTestApp.js';

const dialects = await testDialects();

// The code step reads the lockout rows in the same statement as the sign-in (loadCodeAttempt): a lock
// that begins between the password and the code must still stop the code, for the account and for
// the client address.
describe.each(dialects)('a lock that begins after the password step, on $name', (dialect) => {
  let world: SignInTestWorld;
  let app: PortalServer;

  beforeEach(async (context) => {
    if (!dialect.available) return context.skip();
    world = await signInTestWorld(dialect);
    app = await world.newApp();
  });
  afterEach(async () => {
    await world?.close();
  });

  for (const scope of ['account', 'address'] as const) {
    it(`refuses even a correct code while the ${scope} is locked`, async () => {
      const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'ana', password: PASSWORD } });
      const token = (login.json() as { loginToken: string }).loginToken;
      const throttle = createLoginThrottle({ db: world.db, now: world.clock.now });
      const key = scope === 'account' ? userThrottleKey(world.userIds.ana!) : addressThrottleKey('127.0.0.1');
      for (let i = 0; i < (scope === 'account' ? 5 : 20); i++) await throttle.recordFailure([key]);

      const res = await app.inject({ method: 'POST', url: '/api/auth/second-factor/verify', payload: { code: world.totpNow(world.anaSecret) }, headers: { authorization: `Bearer ${token}` } });
      expect(res.statusCode, res.body).toBe(429);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      const refused = await world.db.selectFrom('audit_log').select('details').where('event', '=', 'login.refused_locked').execute();
      expect(refused.map((r) => JSON.parse(r.details))).toEqual([{ step: 'second_factor' }]);
      expect(await world.db.selectFrom('sessions').select('id').where('stage', '=', 'signed_in').execute()).toHaveLength(0);
    });
  }
});
