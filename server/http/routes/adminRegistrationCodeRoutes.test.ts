import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ORGS, startAdminWorld, type AdminWorld } from '../../admin/testing/adminWorld.js';
import { testDialects } from '../../db/testing/testDatabases.js';
import { organizationForRegistration } from '../../enrollment/providerRegistrationCodes.js';

const dialects = await testDialects();
const codes = (orgId: string) => `/api/admin/organizations/${orgId}/registration-codes`;
const RIVERSIDE_NPI = '1528394061';

describe.each(dialects)('provider registration codes through the admin API on $name', (dialect) => {
  let world: AdminWorld;
  let token: string;
  beforeEach(async (context) => {
    if (!dialect.available) return context.skip();
    world = await startAdminWorld(dialect);
    token = await world.tokenFor('marcus');
  });
  afterEach(async () => {
    await world?.close();
  });

  const works = (code: string) => organizationForRegistration(world.db, { npi: RIVERSIDE_NPI, code, now: world.clock.now() });

  it('creates a code shown once, lists it without the code, and revokes it with a reason, all audited', async () => {
    const created = await world.call({ method: 'POST', url: codes(ORGS.riverside.id), token, payload: { expiresAt: '2027-01-01', reason: 'Spring hiring' } });
    expect(created.statusCode, created.body).toBe(201);
    const { id, code } = created.json<{ id: string; code: string }>();
    expect(code).toMatch(/^[A-Z0-9]{4}(-[A-Z0-9]{4}){3}$/);
    expect(await works(code)).toBe(ORGS.riverside.id);

    const listed = await world.call({ method: 'GET', url: codes(ORGS.riverside.id), token });
    expect(listed.json()).toEqual({ codes: [{ id, createdAt: expect.any(String), expiresAt: '2027-01-01T00:00:00.000Z', revokedAt: null, createdByUserId: 'u-marcus' }] });
    expect(listed.body).not.toContain(code);

    // The code's id under another organization the caller manages is not that organization's code.
    expect((await world.call({ method: 'POST', url: `${codes(ORGS.hilltop.id)}/${id}/revoke`, token, payload: { reason: 'Wrong clinic' } })).statusCode).toBe(404);
    expect((await world.call({ method: 'POST', url: `${codes(ORGS.riverside.id)}/${id}/revoke`, token, payload: {} })).statusCode).toBe(400);
    const revoked = await world.call({ method: 'POST', url: `${codes(ORGS.riverside.id)}/${id}/revoke`, token, payload: { reason: 'Posted on a public board' } });
    expect(revoked.json()).toMatchObject({ id, revokedAt: expect.any(String) });
    expect(await works(code)).toBeNull();

    // The test clock stands still, so both lines have the same instant: ordered by name instead.
    const lines = await world.db.selectFrom('audit_log').select(['event', 'actor_user_id', 'org_id', 'reason', 'details']).where('event', 'like', 'organization.registration_code_%').orderBy('event').execute();
    expect(lines.map((l) => [l.event, l.actor_user_id, l.org_id, l.reason])).toEqual([
      ['organization.registration_code_created', 'u-marcus', ORGS.riverside.id, 'Spring hiring'],
      ['organization.registration_code_revoked', 'u-marcus', ORGS.riverside.id, 'Posted on a public board'],
    ]);
    for (const line of lines) expect(line.details).not.toContain(code);
  });

  it('refuses an expiry in the past with a sentence, and another organization’s codes with 404', async () => {
    const past = await world.call({ method: 'POST', url: codes(ORGS.riverside.id), token, payload: { expiresAt: '2020-01-01' } });
    expect(past.statusCode).toBe(400);
    expect(past.json<{ error: { message: string } }>().error.message).toMatch(/expired already/);
    expect((await world.call({ method: 'GET', url: codes(ORGS.lakeside.id), token })).statusCode).toBe(404);
    expect((await world.call({ method: 'POST', url: codes(ORGS.lakeside.id), token, payload: {} })).statusCode).toBe(404);
  });
});
