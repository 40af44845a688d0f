import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ORGS, PEOPLE, startAdminWorld, type AdminWorld } from '../../admin/testing/adminWorld.js';
import { testDialects } from '../../db/testing/testDatabases.js';

const dialects = await testDialects();
const base = `/api/admin/organizations/${ORGS.riverside.id}/phases`;

interface PhaseChange {
  phase: { id: string; name: string; enforcementDate: string | null; notifiedAt: string | null; memberCount: number; awaitingNotice: number };
  notice: { sent: number; failed: number; problem: string | null };
}

describe.each(dialects)('rollout phases on $name', (dialect) => {
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

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, payload?: object) => world.call({ method, url: `${base}${path}`, token, ...(payload ? { payload } : {}) });
  const events = async () => (await world.db.selectFrom('audit_log').select('event').orderBy('at').orderBy('event').execute()).map((e) => e.event);

  it('creates a phase with a date and members, emails each of them, and records who was told', async () => {
    const res = await call('POST', '', { name: 'Phase 1: front desk', enforcementDate: '2026-02-01', userIds: [PEOPLE.ana.id, PEOPLE.ben.id] });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json<PhaseChange>();
    expect(body.notice).toEqual({ sent: 2, failed: 0, problem: null });
    expect(body.phase).toMatchObject({ name: 'Phase 1: front desk', enforcementDate: '2026-02-01T00:00:00.000Z', notifiedAt: '2026-01-05T09:00:10.000Z', memberCount: 2, awaitingNotice: 0 });
    expect(world.emails.map((m) => m.to).sort()).toEqual(['ana.lopez@clinic.example', 'ben.carter@clinic.example']);
    expect(world.emails[0]?.subject).toBe('Two-step sign-in required from 2026-02-01');
    expect(world.emails[0]?.text).toContain('Riverside Family Clinic is turning on two-step sign-in (MFA) in phases. From 2026-02-01');
    expect(await events()).toEqual(['phase.created', 'phase.notified']);
    const listed = await call('GET', '');
    expect(listed.json()).toMatchObject({ phases: [{ id: body.phase.id, memberCount: 2 }] });
  });

  it('emails again when the date moves, only new members when members are added, and nobody for a rename', async () => {
    const { phase } = (await call('POST', '', { name: 'Phase 1', enforcementDate: '2026-02-01', userIds: [PEOPLE.ana.id] })).json<PhaseChange>();
    world.emails.length = 0;
    const moved = await call('PATCH', `/${phase.id}`, { enforcementDate: '2026-03-15' });
    expect(moved.json<PhaseChange>().notice.sent).toBe(1);
    expect(world.emails[0]?.subject).toBe('Two-step sign-in required from 2026-03-15');
    const added = await call('POST', `/${phase.id}/members`, { add: [PEOPLE.ben.id, PEOPLE.sam.id] });
    expect(added.json<PhaseChange>()).toMatchObject({ notice: { sent: 2 }, phase: { memberCount: 3, awaitingNotice: 0 } });
    const renamed = await call('PATCH', `/${phase.id}`, { name: 'Phase 1 (clinical)' });
    expect(renamed.json<PhaseChange>()).toMatchObject({ notice: { sent: 0 }, phase: { name: 'Phase 1 (clinical)' } });
    expect(world.emails).toHaveLength(3);
  });

  it('moves a user from one phase to another: one phase per user per organization', async () => {
    const first = (await call('POST', '', { name: 'Phase 1', userIds: [PEOPLE.ana.id, PEOPLE.ben.id] })).json<PhaseChange>().phase;
    const second = (await call('POST', '', { name: 'Phase 2', userIds: [PEOPLE.ana.id] })).json<PhaseChange>().phase;
    expect((await call('GET', `/${first.id}`)).json()).toMatchObject({ memberCount: 1 });
    expect(second.memberCount).toBe(1);
    const removed = await call('POST', `/${second.id}/members`, { remove: [PEOPLE.ana.id] });
    expect(removed.json<PhaseChange>().phase.memberCount).toBe(0);
  });

  it('keeps members waiting when email fails, and a later notify call tells them', async () => {
    world.failEmail(true);
    const { phase, notice } = (await call('POST', '', { name: 'Phase 1', enforcementDate: '2026-02-01', userIds: [PEOPLE.ana.id] })).json<PhaseChange>();
    expect(notice).toEqual({ sent: 0, failed: 1, problem: 'Nothing answers at smtp.riverside.example:587. Check SMTP_URL.' });
    expect(phase).toMatchObject({ notifiedAt: null, awaitingNotice: 1 });
    world.failEmail(false);
    const retried = await call('POST', `/${phase.id}/notify`);
    expect(retried.json<PhaseChange>()).toMatchObject({ notice: { sent: 1, failed: 0 }, phase: { awaitingNotice: 0, notifiedAt: '2026-01-05T09:00:10.000Z' } });
  });

  it('refuses a duplicate name, a user outside the organization, and an empty name, in sentences', async () => {
    await call('POST', '', { name: 'Phase 1' });
    expect((await call('POST', '', { name: 'Phase 1' })).json()).toEqual({
      error: { code: 'Conflict', message: 'There is already a rollout phase named "Phase 1" in this organization. Choose another name.' },
    });
    expect((await call('POST', '', { name: 'Phase 2', userIds: [PEOPLE.kim.id] })).json()).toEqual({
      error: { code: 'InvalidInput', message: `This user is not a member of the organization: ${PEOPLE.kim.id}.` },
    });
    expect((await call('POST', '', { name: '  ' })).json()).toEqual({ error: { code: 'InvalidInput', message: 'body.name: Give the phase a name.' } });
  });

  it('deletes a phase with its memberships, audited', async () => {
    const { phase } = (await call('POST', '', { name: 'Phase 1', userIds: [PEOPLE.ana.id] })).json<PhaseChange>();
    expect((await call('DELETE', `/${phase.id}`)).statusCode).toBe(204);
    expect((await call('GET', `/${phase.id}`)).statusCode).toBe(404);
    expect(await world.db.selectFrom('rollout_phase_members').selectAll().execute()).toEqual([]);
    expect(await events()).toEqual(['phase.created', 'phase.deleted']);
  });
});
