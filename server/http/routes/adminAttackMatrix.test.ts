import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listRoutes } from '../../admin/testing/adminRouteList.js';
import { ORGS, PASSWORD, PEOPLE, startAdminWorld, type AdminWorld } from '../../admin/testing/adminWorld.js';
import { testDialects } from '../../db/testing/testDatabases.js';
import { ADMIN_PREFIX, PUBLIC_ADMIN_ROUTES } from './adminRoutes.js';

const dialects = await testDialects();

// The victim: Lakeside Pediatrics, its staff member Kim, and one of its rollout phases. The attackers:
// Dana (clinic admin of Riverside only), Ana (Riverside staff, holding a token as if her admin role had
// just been taken away), and nobody at all.
const victimOrg = ORGS.lakeside.id;
const victimUser = PEOPLE.kim.id;
const VICTIM_PHASE = 'phase-lakeside-1';

interface Probe {
  url: string;
  payload?: object;
  /** 'target': aimed at Lakeside, so Dana must get 404. 'own': touches only the caller's own session or reach. */
  kind: 'target' | 'own';
}

const policy = { mode: 'required', allowedMethods: ['totp', 'sms'], methodChoice: 'user_choice', fixedMethod: null, enforcementDate: null, reason: 'Attack matrix probe.' };
const phasePath = `${ADMIN_PREFIX}/organizations/${victimOrg}/phases/${VICTIM_PHASE}`;

/** One probe per route. A route missing here fails the first test: a new admin route cannot be forgotten. */
const PROBES: Record<string, Probe[]> = {
  'GET /api/admin/me': [{ url: '/api/admin/me', kind: 'own' }],
  'GET /api/admin/organizations': [{ url: '/api/admin/organizations', kind: 'own' }],
  'DELETE /api/admin/tokens/current': [{ url: '/api/admin/tokens/current', kind: 'own' }],
  'GET /api/admin/organizations/:orgId/policy': [{ url: `${ADMIN_PREFIX}/organizations/${victimOrg}/policy`, kind: 'target' }],
  'PUT /api/admin/organizations/:orgId/policy': [{ url: `${ADMIN_PREFIX}/organizations/${victimOrg}/policy`, payload: policy, kind: 'target' }],
  'GET /api/admin/organizations/:orgId/registration-codes': [{ url: `${ADMIN_PREFIX}/organizations/${victimOrg}/registration-codes`, kind: 'target' }],
  'POST /api/admin/organizations/:orgId/registration-codes': [{ url: `${ADMIN_PREFIX}/organizations/${victimOrg}/registration-codes`, payload: {}, kind: 'target' }],
  'POST /api/admin/organizations/:orgId/registration-codes/:codeId/revoke': [
    { url: `${ADMIN_PREFIX}/organizations/${victimOrg}/registration-codes/any-code/revoke`, payload: { reason: 'Not mine to revoke' }, kind: 'target' },
  ],
  'GET /api/admin/organizations/:orgId/phases': [{ url: `${ADMIN_PREFIX}/organizations/${victimOrg}/phases`, kind: 'target' }],
  'POST /api/admin/organizations/:orgId/phases': [{ url: `${ADMIN_PREFIX}/organizations/${victimOrg}/phases`, payload: { name: 'Hijack', userIds: [victimUser] }, kind: 'target' }],
  'GET /api/admin/organizations/:orgId/phases/:phaseId': [
    { url: phasePath, kind: 'target' },
    // The victim's phase reached through the attacker's own organization.
    { url: `${ADMIN_PREFIX}/organizations/${ORGS.riverside.id}/phases/${VICTIM_PHASE}`, kind: 'target' },
  ],
  'PATCH /api/admin/organizations/:orgId/phases/:phaseId': [
    { url: phasePath, payload: { enforcementDate: '2026-01-06' }, kind: 'target' },
    { url: `${ADMIN_PREFIX}/organizations/${ORGS.riverside.id}/phases/${VICTIM_PHASE}`, payload: { name: 'Mine now' }, kind: 'target' },
  ],
  'DELETE /api/admin/organizations/:orgId/phases/:phaseId': [
    { url: phasePath, kind: 'target' },
    { url: `${ADMIN_PREFIX}/organizations/${ORGS.riverside.id}/phases/${VICTIM_PHASE}`, kind: 'target' },
  ],
  'POST /api/admin/organizations/:orgId/phases/:phaseId/members': [{ url: `${phasePath}/members`, payload: { remove: [victimUser] }, kind: 'target' }],
  'POST /api/admin/organizations/:orgId/phases/:phaseId/notify': [{ url: `${phasePath}/notify`, kind: 'target' }],
  'GET /api/admin/users': [
    { url: `/api/admin/users?orgId=${victimOrg}`, kind: 'target' },
    { url: `/api/admin/users?phaseId=${VICTIM_PHASE}`, kind: 'target' },
    { url: '/api/admin/users?q=kim', kind: 'own' },
  ],
  'GET /api/admin/users/:userId': [{ url: `/api/admin/users/${victimUser}`, kind: 'target' }],
  'POST /api/admin/users/:userId/mfa-reset': [{ url: `/api/admin/users/${victimUser}/mfa-reset`, payload: { reason: 'Taking over' }, kind: 'target' }],
  'POST /api/admin/users/:userId/unlock': [{ url: `/api/admin/users/${victimUser}/unlock`, payload: { reason: 'Taking over' }, kind: 'target' }],
  'POST /api/admin/users/:userId/registration-link': [{ url: `/api/admin/users/${victimUser}/registration-link`, kind: 'target' }],
  'GET /api/admin/audit': [
    { url: `/api/admin/audit?orgId=${victimOrg}`, kind: 'target' },
    { url: `/api/admin/audit?userId=${victimUser}`, kind: 'target' },
    { url: '/api/admin/audit', kind: 'own' },
  ],
  'GET /api/admin/exports/users.csv': [
    { url: `/api/admin/exports/users.csv?orgId=${victimOrg}`, kind: 'target' },
    { url: '/api/admin/exports/users.csv', kind: 'own' },
  ],
  'GET /api/admin/exports/audit.csv': [
    { url: `/api/admin/exports/audit.csv?userId=${victimUser}`, kind: 'target' },
    { url: '/api/admin/exports/audit.csv', kind: 'own' },
  ],
};

// One world per dialect for all the probes (beforeAll): the probes change nothing they may not, and the last tests check that.
describe.each(dialects.filter((d) => d.available))('attacks on every admin route on $name', (dialect) => {
  let world: AdminWorld;
  let routes: string[];
  let victimState: string;

  // What an attack could change about Lakeside; compared before and after every probe has run.
  const snapshot = async () =>
    JSON.stringify([
      await world.db.selectFrom('organizations').selectAll().where('id', '=', victimOrg).execute(),
      await world.db.selectFrom('rollout_phases').selectAll().where('org_id', '=', victimOrg).execute(),
      await world.db.selectFrom('rollout_phase_members').selectAll().where('org_id', '=', victimOrg).execute(),
      await world.db.selectFrom('mfa_registrations').selectAll().where('user_id', '=', victimUser).execute(),
      await world.db.selectFrom('users').selectAll().where('id', '=', victimUser).execute(),
      await world.db.selectFrom('registration_links').selectAll().where('user_id', '=', victimUser).execute(),
    ]);

  beforeAll(async () => {
    world = await startAdminWorld(dialect);
    await world.registerMethod('kim', 'email');
    await world.db.updateTable('users').set({ status: 'locked' }).where('id', '=', victimUser).execute();
    await world.db
      .insertInto('rollout_phases')
      .values({ id: VICTIM_PHASE, org_id: victimOrg, name: 'Phase 1', enforcement_date: '2026-02-01T00:00:00.000Z', notified_at: null, created_at: '2026-01-05T09:00:00.000Z', updated_at: '2026-01-05T09:00:00.000Z' })
      .execute();
    await world.db.insertInto('rollout_phase_members').values({ phase_id: VICTIM_PHASE, org_id: victimOrg, user_id: victimUser, added_at: '2026-01-05T09:00:00.000Z', notified_at: null }).execute();
    routes = listRoutes(world.app).filter((r) => r.split(' ')[1]?.startsWith(`${ADMIN_PREFIX}/`));
    victimState = await snapshot();
  });
  afterAll(async () => {
    await world?.close();
  });

  const send = async (route: string, probe: Probe, token: string | undefined) =>
    world.call({ method: route.split(' ')[0] as 'GET', url: probe.url, token, ...(probe.payload ? { payload: probe.payload } : {}) });

  it('has a probe for every admin route the app serves, and every one of them is in /openapi.json', async () => {
    expect(routes.length).toBeGreaterThanOrEqual(20);
    const gated = routes.filter((r) => !(PUBLIC_ADMIN_ROUTES as readonly string[]).includes(r));
    expect(gated.filter((r) => !PROBES[r]), 'admin routes without an attack probe').toEqual([]);
    const doc = (await world.call({ method: 'GET', url: '/openapi.json' })).json<{ paths: Record<string, Record<string, unknown>> }>();
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`));
    expect(routes.filter((r) => !documented.includes(r)), 'admin routes missing from /openapi.json').toEqual([]);
  });

  it('refuses an anonymous caller, and a made-up, expired or revoked token, with 401 on every gated route', async () => {
    const expired = await world.tokenFor('dana');
    world.clock.advance(8 * 3600 + 1);
    const revoked = await world.tokenFor('dana');
    await world.db.updateTable('api_tokens').set({ revoked_at: '2026-01-05T00:00:00.000Z' }).execute();
    for (const [route, probes] of Object.entries(PROBES)) {
      for (const probe of probes) {
        for (const token of [undefined, 'A'.repeat(43), 'not a token', expired, revoked]) {
          const res = await send(route, probe, token);
          expect(res.statusCode, `${route} ${probe.url} token=${token?.slice(0, 6)}`).toBe(401);
          expect(res.json<{ error: { code: string } }>().error.code).toBe('Unauthenticated');
        }
      }
    }
    world.clock.set('2026-01-05T09:00:10.000Z');
  });

  it('refuses a staff user holding a token with 403 on every gated route, even aimed at their own organization', async () => {
    for (const [route, probes] of Object.entries(PROBES)) {
      for (const probe of probes) {
        const res = await send(route, { ...probe, url: probe.url.replaceAll(victimOrg, ORGS.riverside.id) }, await world.tokenFor('ana'));
        expect(res.statusCode, `${route} ${probe.url}`).toBe(403);
        expect(res.json()).toEqual({ error: { code: 'Forbidden', message: 'This account does not manage any organization, so it cannot use the admin API.' } });
      }
    }
  });

  it("gives another organization's admin 404 for everything aimed at Lakeside, and nothing of Lakeside's elsewhere", async () => {
    for (const [route, probes] of Object.entries(PROBES)) {
      for (const probe of probes) {
        const res = await send(route, probe, await world.tokenFor('dana'));
        if (probe.kind === 'target') {
          expect(res.statusCode, `${route} ${probe.url}: ${res.body}`).toBe(404);
          expect(res.json<{ error: { code: string } }>().error.code).toBe('NotFound');
        } else {
          expect([200, 204], `${route} ${probe.url}: ${res.body}`).toContain(res.statusCode);
          for (const secret of [victimOrg, victimUser, VICTIM_PHASE, 'Lakeside', 'kim.ng']) expect(res.body, `${route} ${probe.url}`).not.toContain(secret);
        }
      }
    }
  });

  it('left Lakeside exactly as it was: no change, no email to Kim, no audit line about Lakeside', async () => {
    expect(await snapshot()).toBe(victimState);
    expect(world.emails.filter((m) => m.to.startsWith('kim.ng'))).toEqual([]);
    const lines = await world.db
      .selectFrom('audit_log')
      .select(['event', 'org_id', 'subject_user_id'])
      .where((eb) => eb.or([eb('org_id', '=', victimOrg), eb('subject_user_id', '=', victimUser)]))
      .execute();
    expect(lines).toEqual([]);
  });

  it('refuses staff at sign-in with the right password and code, and an unknown password with 401', async () => {
    await world.registerTotp('ana');
    const staff = await world.call({ method: 'POST', url: '/api/admin/tokens', payload: { username: 'ana.lopez', password: PASSWORD, secondFactor: { method: 'totp', code: world.totpCode('ana') } } });
    expect(staff.statusCode).toBe(403);
    const challenge = await world.call({ method: 'POST', url: '/api/admin/tokens/challenge', payload: { username: 'kim.ng', password: 'guess', method: 'email' } });
    expect(challenge.statusCode).toBe(401);
    expect(world.emails.filter((m) => m.to.startsWith('kim.ng'))).toEqual([]);
  });
});
