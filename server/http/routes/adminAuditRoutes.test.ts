import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ORGS, PEOPLE, startAdminWorld, type AdminWorld } from '../../admin/testing/adminWorld.js';
import { testDialects } from '../../db/testing/testDatabases.js';

const dialects = await testDialects();

interface AuditPage {
  entries: Array<{ event: string; at: string; reason: string | null; actor: { id: string } | null; subject: { id: string; name: string | null } | null; organization: { id: string; name: string | null } | null }>;
  nextCursor: string | null;
}

describe.each(dialects)('the audit log query on $name', (dialect) => {
  let world: AdminWorld;
  beforeEach(async (context) => {
    if (!dialect.available) return context.skip();
    world = await startAdminWorld(dialect);
    const dana = await world.tokenFor('dana');
    const lena = await world.tokenFor('lena');
    // 09:00:10 Dana resets Ana; 09:01:10 Lena resets Kim; 09:02:10 Lena resets Sam (who is also Riverside's); 09:03:10 Dana changes policy.
    await world.call({ method: 'POST', url: `/api/admin/users/${PEOPLE.ana.id}/mfa-reset`, token: dana, payload: { reason: 'Ana lost her phone' } });
    world.clock.advance(60);
    await world.call({ method: 'POST', url: `/api/admin/users/${PEOPLE.kim.id}/mfa-reset`, token: lena, payload: { reason: 'Kim lost her phone' } });
    world.clock.advance(60);
    await world.call({ method: 'POST', url: `/api/admin/users/${PEOPLE.sam.id}/mfa-reset`, token: lena, payload: { reason: 'Sam lost his phone' } });
    world.clock.advance(60);
    await world.call({
      method: 'PUT',
      url: `/api/admin/organizations/${ORGS.riverside.id}/policy`,
      token: dana,
      payload: { mode: 'required', allowedMethods: ['totp', 'sms'], methodChoice: 'user_choice', fixedMethod: null, enforcementDate: null, reason: 'MFA for everyone from today.' },
    });
  });
  afterEach(async () => {
    await world?.close();
  });

  const query = async (person: 'dana' | 'lena' | 'marcus', q = '') => {
    const res = await world.call({ method: 'GET', url: `/api/admin/audit${q}`, token: await world.tokenFor(person) });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<AuditPage>();
  };
  const reasons = (page: AuditPage) => page.entries.map((e) => `${e.event}${e.reason ? `: ${e.reason}` : ''}`);

  it('shows lines about the caller\'s organizations and their people, newest first, with names', async () => {
    // Sam works at both clinics: Lena's reset of his MFA concerns Riverside too. Kim's does not.
    expect(reasons(await query('dana'))).toEqual(['organization.policy_changed: MFA for everyone from today.', 'user.mfa_reset: Sam lost his phone', 'user.mfa_reset: Ana lost her phone']);
    expect(reasons(await query('lena'))).toEqual(['user.mfa_reset: Sam lost his phone', 'user.mfa_reset: Kim lost her phone']);
    const [policy] = (await query('dana')).entries;
    expect(policy).toMatchObject({ actor: { id: PEOPLE.dana.id }, organization: { id: ORGS.riverside.id, name: 'Riverside Family Clinic' }, subject: null });
  });

  it('filters by user, event, organization and time range, and pages with a cursor', async () => {
    expect(reasons(await query('dana', `?userId=${PEOPLE.ana.id}`))).toEqual(['user.mfa_reset: Ana lost her phone']);
    expect(reasons(await query('marcus', '?event=organization.policy_changed'))).toEqual(['organization.policy_changed: MFA for everyone from today.']);
    expect(reasons(await query('marcus', `?orgId=${ORGS.hilltop.id}`))).toEqual([]);
    expect(reasons(await query('dana', '?from=2026-01-05T09:01:00Z&to=2026-01-05T04:03:00-05:00'))).toEqual(['user.mfa_reset: Sam lost his phone']);
    const first = await query('dana', '?limit=2');
    expect(first.entries).toHaveLength(2);
    const second = await query('dana', `?limit=2&cursor=${first.nextCursor}`);
    expect(reasons(second)).toEqual(['user.mfa_reset: Ana lost her phone']);
    expect(second.nextCursor).toBeNull();
  });

  it("answers 404 for a user or organization outside the caller's reach, and explains a bad time", async () => {
    const token = await world.tokenFor('dana');
    expect((await world.call({ method: 'GET', url: `/api/admin/audit?userId=${PEOPLE.kim.id}`, token })).statusCode).toBe(404);
    expect((await world.call({ method: 'GET', url: `/api/admin/audit?orgId=${ORGS.lakeside.id}`, token })).statusCode).toBe(404);
    expect((await world.call({ method: 'GET', url: '/api/admin/audit?from=yesterday', token })).json()).toEqual({
      error: { code: 'InvalidInput', message: 'querystring.from: Write the time as ISO-8601 with its offset, e.g. 2026-01-05T09:00:00Z.' },
    });
  });
});
