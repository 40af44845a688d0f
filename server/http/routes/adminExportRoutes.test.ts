import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ORGS, PEOPLE, startAdminWorld, type AdminWorld } from '../../admin/testing/adminWorld.js';
import { testDialects } from '../../db/testing/testDatabases.js';

const dialects = await testDialects();

describe.each(dialects)('CSV exports on $name', (dialect) => {
  let world: AdminWorld;
  let token: string;
  beforeEach(async (context) => {
    if (!dialect.available) return context.skip();
    world = await startAdminWorld(dialect);
    token = await world.tokenFor('dana');
  });
  afterEach(async () => {
    await world?.close();
  });

  it('exports the users as a CSV attachment, with a formula in a name defused and commas quoted', async () => {
    await world.db.updateTable('users').set({ name: '=HYPERLINK("http://evil.example","Ben")', name_search: '=hyperlink' }).where('id', '=', PEOPLE.ben.id).execute();
    await world.db.updateTable('users').set({ name: 'Lopez, Ana' }).where('id', '=', PEOPLE.ana.id).execute();
    await world.registerMethod('ana', 'sms');
    const res = await world.call({ method: 'GET', url: '/api/admin/exports/users.csv', token });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="twofold-users-2026-01-05.csv"');
    expect(res.headers['cache-control']).toBe('no-store');
    const lines = res.body.split('\r\n');
    expect(lines[0]).toBe('\uFEFFName,Username,Email,Status,Locked until,MFA,Methods,Organizations,Last sign-in,Created');
    expect(lines[1]).toBe(`"'=HYPERLINK(""http://evil.example"",""Ben"")",ben.carter,ben.carter@clinic.example,active,,not_registered,,Riverside Family Clinic (staff),,2026-01-05T09:00:10.000Z`);
    expect(lines).toContain('"Lopez, Ana",ana.lopez,ana.lopez@clinic.example,active,,registered,sms,Riverside Family Clinic (staff),,2026-01-05T09:00:10.000Z');
    expect(lines.filter((l) => l.includes('kim.ng'))).toEqual([]);
    expect(lines.at(-1)).toBe('');
    expect(lines).toHaveLength(7);
    const [line] = await world.db.selectFrom('audit_log').selectAll().where('event', '=', 'export.users').execute();
    expect(line).toMatchObject({ actor_user_id: PEOPLE.dana.id, org_id: ORGS.riverside.id });
  });

  it('exports the audit log with the same filters, and refuses another organization with 404', async () => {
    await world.call({ method: 'POST', url: `/api/admin/users/${PEOPLE.ana.id}/mfa-reset`, token, payload: { reason: '+1 phone, "new", @desk' } });
    const res = await world.call({ method: 'GET', url: `/api/admin/exports/audit.csv?userId=${PEOPLE.ana.id}`, token });
    expect(res.statusCode).toBe(200);
    const lines = res.body.split('\r\n');
    expect(lines[0]).toBe('\uFEFFTime (UTC),Event,By,By username,About,About username,Organization,From address,Reason,Details');
    expect(lines[1]).toMatch(/^2026-01-05T09:00:10\.000Z,user\.mfa_reset,Dana Whitfield,clinic\.admin,Ana Lopez,ana\.lopez,Riverside Family Clinic,127\.0\.0\.1,"'\+1 phone, ""new"", @desk","\{""removedMethods"":\[\],/);
    expect((await world.call({ method: 'GET', url: `/api/admin/exports/audit.csv?orgId=${ORGS.lakeside.id}`, token })).statusCode).toBe(404);
  });

  it('streams a long export in pages, each user once', async () => {
    const { generateUsers } = await import('../../admin/testing/generateUsers.js');
    await generateUsers(world.db, { count: 1234, orgIds: [ORGS.riverside.id], prefix: 'bulk' });
    const res = await world.call({ method: 'GET', url: '/api/admin/exports/users.csv?q=maria', token });
    const rows = res.body.split('\r\n').slice(1, -1);
    const expected = (await world.db.selectFrom('users').select('id').where('name_search', 'like', 'maria%').execute()).length;
    expect(rows).toHaveLength(expected);
    const all = await world.call({ method: 'GET', url: '/api/admin/exports/users.csv', token });
    const usernames = all.body.split('\r\n').slice(1, -1).map((l) => l.split(',')[1]);
    expect(usernames).toHaveLength(1234 + 5);
    expect(new Set(usernames).size).toBe(1234 + 5);
  });
});
