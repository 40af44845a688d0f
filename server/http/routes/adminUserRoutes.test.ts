import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ORGS, PEOPLE, startAdminWorld, type AdminWorld } from '../../admin/testing/adminWorld.js';
import { testDialects } from '../../db/testing/testDatabases.js';

const dialects = await testDialects();

interface UserList {
  users: Array<{ id: string; username: string; name: string; status: string; lockedUntil: string | null; mfa: { state: string; methods: string[] }; organizations: Array<{ id: string; role: string }>; lastLoginAt: string | null }>;
  nextCursor: string | null;
}

describe.each(dialects)('admin user list and detail on $name', (dialect) => {
  let world: AdminWorld;
  beforeEach(async (context) => {
    if (!dialect.available) return context.skip();
    world = await startAdminWorld(dialect);
  });
  afterEach(async () => {
    await world?.close();
  });

  const list = async (person: 'dana' | 'marcus' | 'lena', query = '') => {
    const res = await world.call({ method: 'GET', url: `/api/admin/users${query}`, token: await world.tokenFor(person) });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<UserList>();
  };
  const usernames = (page: UserList) => page.users.map((u) => u.username);

  it("lists only the caller's organizations' people, sorted by name, with MFA state and methods", async () => {
    await world.registerTotp('ana');
    await world.registerMethod('ana', 'sms');
    await world.registerMethod('ben', 'email', false);
    const page = await list('dana');
    expect(usernames(page)).toEqual(['ana.lopez', 'ben.carter', 'clinic.admin', 'provider.admin', 'sam.patel']);
    expect(page.nextCursor).toBeNull();
    const [ana, ben, , , sam] = page.users;
    expect(ana?.mfa).toEqual({ state: 'registered', methods: ['sms', 'totp'] });
    expect(ben?.mfa).toEqual({ state: 'pending', methods: [] });
    // Sam also works at Lakeside, which Dana does not manage: only Riverside shows.
    expect(sam?.organizations).toEqual([{ id: ORGS.riverside.id, name: 'Riverside Family Clinic', role: 'staff' }]);
    expect(usernames(await list('lena'))).toEqual(['kim.ng', 'lakeside.admin', 'sam.patel']);
    expect(usernames(await list('marcus'))).toEqual(['ana.lopez', 'ben.carter', 'clinic.admin', 'hugo.reyes', 'provider.admin', 'sam.patel']);
  });

  it('searches name, username and email prefixes in any case; one or two letters search names only', async () => {
    expect(usernames(await list('marcus', '?q=ANA'))).toEqual(['ana.lopez']);
    expect(usernames(await list('marcus', '?q=ortega'))).toEqual([]);
    expect(usernames(await list('marcus', '?q=provider.a'))).toEqual(['provider.admin']);
    expect(usernames(await list('marcus', '?q=hugo.reyes%40clinic'))).toEqual(['hugo.reyes']);
    expect(usernames(await list('marcus', '?q=%20%20Sam%20%20%20Pat'))).toEqual(['sam.patel']);
    // "cl" is the start of clinic.admin's username, but two letters match names only.
    expect(usernames(await list('marcus', '?q=cl'))).toEqual([]);
    expect(usernames(await list('marcus', '?q=cli'))).toEqual(['clinic.admin']);
  });

  it('filters by organization, status (lockouts count as locked), MFA state, method and phase', async () => {
    await world.registerMethod('ana', 'sms');
    await world.registerMethod('ben', 'email', false);
    await world.db.updateTable('users').set({ status: 'locked' }).where('id', '=', PEOPLE.ben.id).execute();
    await world.db.insertInto('login_throttle').values({ key: `user:${PEOPLE.sam.id}`, failures: 5, window_started_at: '2026-01-05T09:00:00.000Z', locked_until: '2026-01-05T09:15:00.000Z' }).execute();
    expect(usernames(await list('marcus', `?orgId=${ORGS.hilltop.id}`))).toEqual(['hugo.reyes', 'provider.admin']);
    expect(usernames(await list('marcus', '?status=locked'))).toEqual(['ben.carter', 'sam.patel']);
    expect(usernames(await list('marcus', '?status=active'))).toEqual(['ana.lopez', 'clinic.admin', 'hugo.reyes', 'provider.admin']);
    expect(usernames(await list('marcus', '?mfaState=registered'))).toEqual(['ana.lopez']);
    expect(usernames(await list('marcus', '?mfaState=pending'))).toEqual(['ben.carter']);
    expect(usernames(await list('marcus', '?mfaState=not_registered&orgId=org-hilltop'))).toEqual(['hugo.reyes', 'provider.admin']);
    expect(usernames(await list('marcus', '?method=sms'))).toEqual(['ana.lopez']);
    const sam = (await list('marcus', '?q=sam')).users[0];
    expect(sam?.lockedUntil).toBe('2026-01-05T09:15:00.000Z');
    const phase = await world.call({
      method: 'POST',
      url: `/api/admin/organizations/${ORGS.riverside.id}/phases`,
      token: await world.tokenFor('dana'),
      payload: { name: 'Front desk', userIds: [PEOPLE.ana.id, PEOPLE.sam.id] },
    });
    expect(usernames(await list('dana', `?phaseId=${phase.json<{ phase: { id: string } }>().phase.id}`))).toEqual(['ana.lopez', 'sam.patel']);
  });

  it('pages with a cursor in every sort order, forwards and backwards, without repeats or gaps', async () => {
    await world.db.updateTable('users').set({ last_login_at: '2026-01-04T08:00:00.000Z' }).where('id', 'in', [PEOPLE.ana.id, PEOPLE.ben.id]).execute();
    await world.db.updateTable('users').set({ last_login_at: '2026-01-05T08:00:00.000Z' }).where('id', '=', PEOPLE.sam.id).execute();
    for (const sort of ['name', 'username', 'email', 'lastLogin', 'created']) {
      for (const direction of ['asc', 'desc']) {
        const all = usernames(await list('marcus', `?sort=${sort}&direction=${direction}&limit=100`));
        const paged: string[] = [];
        let cursor: string | null = null;
        do {
          const page: UserList = await list('marcus', `?sort=${sort}&direction=${direction}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
          paged.push(...usernames(page));
          cursor = page.nextCursor;
        } while (cursor);
        expect(paged, `${sort} ${direction}`).toEqual(all);
        expect(new Set(paged).size).toBe(6);
      }
    }
    const byLogin = await list('marcus', '?sort=lastLogin&direction=desc&limit=3');
    expect(usernames(byLogin)).toEqual(['sam.patel', 'ben.carter', 'ana.lopez']);
    expect(byLogin.users[0]?.lastLoginAt).toBe('2026-01-05T08:00:00.000Z');
    expect((await list('marcus', '?sort=lastLogin')).users[0]?.lastLoginAt).toBeNull();
  });

  it('refuses a cursor from another sort order, a forged cursor and a limit over 100, in sentences', async () => {
    const token = await world.tokenFor('marcus');
    const first = await list('marcus', '?limit=1');
    const other = await world.call({ method: 'GET', url: `/api/admin/users?sort=username&cursor=${first.nextCursor}`, token });
    expect(other.json()).toEqual({ error: { code: 'InvalidInput', message: 'This cursor belongs to another sort order. Start again from the first page.' } });
    const forged = await world.call({ method: 'GET', url: '/api/admin/users?cursor=bm9wZQ', token });
    expect(forged.statusCode).toBe(400);
    const tooMany = await world.call({ method: 'GET', url: '/api/admin/users?limit=101', token });
    expect(tooMany.json()).toEqual({ error: { code: 'InvalidInput', message: 'querystring.limit: limit must be a number from 1 to 100.' } });
  });

  it('shows one user with masked phones, registrations, phases and recent security events', async () => {
    await world.registerMethod('ana', 'sms');
    const token = await world.tokenFor('dana');
    await world.call({ method: 'POST', url: `/api/admin/users/${PEOPLE.ana.id}/mfa-reset`, token, payload: { reason: 'Lost her phone' } });
    await world.registerMethod('ana', 'voice', false);
    const res = await world.call({ method: 'GET', url: `/api/admin/users/${PEOPLE.ana.id}`, token });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      id: PEOPLE.ana.id,
      primaryPhone: 'XXX-XXX-9885',
      mfa: { state: 'pending', methods: [] },
      registrations: [{ method: 'voice', phone: 'XXX-XXX-9885', confirmedAt: null }],
      recentEvents: [{ event: 'user.mfa_reset', reason: 'Lost her phone', actor: { id: PEOPLE.dana.id, name: 'Dana Whitfield' }, subject: { username: 'ana.lopez' }, ip: '127.0.0.1' }],
    });
  });

  it("answers 404, as for a user that does not exist, for someone outside the caller's organizations", async () => {
    const token = await world.tokenFor('dana');
    const outside = await world.call({ method: 'GET', url: `/api/admin/users/${PEOPLE.kim.id}`, token });
    const missing = await world.call({ method: 'GET', url: '/api/admin/users/u-nobody', token });
    expect(outside.statusCode).toBe(404);
    expect(outside.json()).toEqual(missing.json());
    expect((await world.call({ method: 'GET', url: `/api/admin/users?orgId=${ORGS.lakeside.id}`, token })).statusCode).toBe(404);
  });
});
