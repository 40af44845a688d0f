import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDialects } from '../db/testing/testDatabases.js';
import type { PortalServer } from '../http/buildServer.js';
import { PASSWORD, signInTestWorld, type SignInTestWorld } from './testing/signInTestApp.js';

const dialects = await testDialects();

describe.each(dialects)('finishing one sign-in twice at once on $name', (dialect) => {
  let world: SignInTestWorld;
  let apps: PortalServer[];

  beforeEach(async (context) => {
    if (!dialect.available) return context.skip();
    world = await signInTestWorld(dialect);
    apps = [await world.newApp(), await world.newApp()];
  });
  afterEach(async () => {
    await world?.close();
  });

  it('signs in once when two instances get the same code for the same sign-in, and audits once', async () => {
    // Three sign-ins, with the codes of the step before, this one and the next: each later than the last.
    for (const offset of [-1, 0, 1]) {
      const login = await apps[0]!.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'ana', password: PASSWORD } });
      const token = (login.json() as { loginToken: string }).loginToken;
      const code = world.totpNow(world.anaSecret, offset);
      const answers = await Promise.all(
        apps.map((app) => app.inject({ method: 'POST', url: '/api/auth/second-factor/verify', payload: { code }, headers: { authorization: `Bearer ${token}` } })),
      );
      expect(answers.map((a) => a.statusCode).sort(), answers.map((a) => a.body).join('\n')).toEqual([200, 401]);
      expect(answers.find((a) => a.statusCode === 200)!.json()).toMatchObject({ status: 'signed_in', method: 'totp' });
    }
    const succeeded = await world.db.selectFrom('audit_log').select('id').where('event', '=', 'login.succeeded').where('subject_user_id', '=', world.userIds.ana!).execute();
    expect(succeeded).toHaveLength(3);
    const signedIn = await world.db.selectFrom('sessions').select('id').where('stage', '=', 'signed_in').where('user_id', '=', world.userIds.ana!).execute();
    expect(signedIn).toHaveLength(3);
  });
});
