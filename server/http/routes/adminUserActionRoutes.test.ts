import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { consumeRegistrationLink } from '../../admin/users/registrationLinks.js';
import { BASE_URL, PEOPLE, START, startAdminWorld, type AdminWorld } from '../../admin/testing/adminWorld.js';
import { testDialects } from '../../db/testing/testDatabases.js';

const dialects = await testDialects();

describe.each(dialects)('admin actions on a user on $name', (dialect) => {
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

  const post = (path: string, payload?: object) => world.call({ method: 'POST', url: `/api/admin/users/${path}`, token, ...(payload ? { payload } : {}) });
  const auditOf = (event: string) => world.db.selectFrom('audit_log').selectAll().where('event', '=', event).execute();
  const linkToken = (text: string) => new URL(/https:\S+/.exec(text)?.[0] ?? 'https://x').searchParams.get('token') ?? '';

  it('resets MFA: registrations, remembered browsers, codes, sessions and admin tokens go; the user is emailed a link; one audit line', async () => {
    await world.registerTotp('dana');
    await world.registerMethod('dana', 'sms');
    const danaToken = await world.tokenFor('dana');
    token = await world.tokenFor('marcus');
    await world.db
      .insertInto('remembered_devices')
      .values({ id: 'dev-1', user_id: PEOPLE.dana.id, registration_id: `reg-${PEOPLE.dana.id}-totp`, method: 'totp', password_fingerprint: 'f', created_at: START, expires_at: '2026-01-05T13:00:00.000Z', last_used_at: null })
      .execute();
    await world.db
      .insertInto('sessions')
      .values({ id: 'sess-1', user_id: PEOPLE.dana.id, stage: 'signed_in', method: 'totp', state: '{}', ip: null, created_at: START, last_seen_at: START, idle_expires_at: '2026-01-05T10:00:00.000Z', expires_at: '2026-01-05T17:00:00.000Z' })
      .execute();

    const res = await post(`${PEOPLE.dana.id}/mfa-reset`, { reason: '  New phone, confirmed by a call  ' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ user: { id: PEOPLE.dana.id, mfa: { state: 'not_registered', methods: [] } }, removedMethods: ['sms', 'totp'], emailed: true, emailProblem: null });
    expect(await world.db.selectFrom('mfa_registrations').selectAll().where('user_id', '=', PEOPLE.dana.id).execute()).toEqual([]);
    expect(await world.db.selectFrom('remembered_devices').selectAll().execute()).toEqual([]);
    expect(await world.db.selectFrom('sessions').selectAll().execute()).toEqual([]);
    expect((await world.call({ method: 'GET', url: '/api/admin/me', token: danaToken })).statusCode).toBe(401);

    const [line] = await auditOf('user.mfa_reset');
    expect(line).toMatchObject({ actor_user_id: PEOPLE.marcus.id, subject_user_id: PEOPLE.dana.id, org_id: 'org-riverside', ip: '127.0.0.1', reason: 'New phone, confirmed by a call', at: START });
    expect(JSON.parse(line?.details ?? '{}')).toEqual({ removedMethods: ['sms', 'totp'], rememberedDevicesRevoked: 1, sessionsEnded: 1, adminTokensRevoked: 2 });

    const mail = world.emails.at(-1);
    expect(mail?.to).toBe('clinic.admin@clinic.example');
    expect(mail?.subject).toBe('Set up your sign-in verification again');
    expect(mail?.text).toContain(`${BASE_URL}/register/link?token=`);
    expect(mail?.text).toContain('until 09:20 UTC on 2026-01-05');
    // The emailed link works once, for 20 minutes, for this user.
    expect(await consumeRegistrationLink(world.db, linkToken(mail?.text ?? ''), 'mfa_registration', world.clock.now())).toBe(PEOPLE.dana.id);
    expect(await consumeRegistrationLink(world.db, linkToken(mail?.text ?? ''), 'mfa_registration', world.clock.now())).toBeNull();
  });

  it("refuses, with 403, to reset or unlock an admin of an organization the caller does not manage, and changes nothing", async () => {
    // Marcus administers Riverside and Hilltop; Dana manages Riverside only.
    await world.registerTotp('marcus');
    const marcusToken = await world.tokenFor('marcus');
    for (const action of ['mfa-reset', 'unlock', 'registration-link']) {
      const res = await post(`${PEOPLE.marcus.id}/${action}`, { reason: 'Trying to reach further' });
      expect(res.statusCode, action).toBe(403);
      expect(res.json()).toEqual({ error: { code: 'Forbidden', message: 'This person is an administrator of an organization you do not manage. Ask an administrator who manages all of their organizations.' } });
    }
    expect(await world.db.selectFrom('mfa_registrations').select('method').where('user_id', '=', PEOPLE.marcus.id).execute()).toEqual([{ method: 'totp' }]);
    expect((await world.call({ method: 'GET', url: '/api/admin/me', token: marcusToken })).statusCode).toBe(200);
    expect(await auditOf('user.mfa_reset')).toEqual([]);
    // Staff shared with another clinic (Sam: Riverside and Lakeside) can still be helped by either admin.
    expect((await post(`${PEOPLE.sam.id}/mfa-reset`, { reason: 'Sam lost his phone' })).statusCode).toBe(200);
  });

  it('requires a reason of 3 to 500 characters, and says so', async () => {
    expect((await post(`${PEOPLE.ana.id}/mfa-reset`, {})).json()).toEqual({ error: { code: 'InvalidInput', message: 'body.reason: Give a reason: it is written to the audit log.' } });
    expect((await post(`${PEOPLE.ana.id}/mfa-reset`, { reason: ' ok ' })).json()).toEqual({
      error: { code: 'InvalidInput', message: 'body.reason: Give a reason of at least 3 characters: it is written to the audit log.' },
    });
    expect((await post(`${PEOPLE.ana.id}/unlock`, { reason: 'x'.repeat(501) })).json()).toEqual({ error: { code: 'InvalidInput', message: 'body.reason: Keep the reason under 500 characters.' } });
    expect(await auditOf('user.mfa_reset')).toEqual([]);
  });

  it('keeps the reset when the notice cannot be sent, and says why', async () => {
    await world.registerMethod('ana', 'email');
    world.failEmail(true);
    const res = await post(`${PEOPLE.ana.id}/mfa-reset`, { reason: 'Locked out of her email code' });
    expect(res.json()).toMatchObject({ emailed: false, emailProblem: 'Nothing answers at smtp.riverside.example:587. Check SMTP_URL.', user: { mfa: { state: 'not_registered' } } });
    expect(await auditOf('user.mfa_reset')).toHaveLength(1);
  });

  it('unlocks: the lockout ends, a locked status turns active, and the reason is audited', async () => {
    await world.db.updateTable('users').set({ status: 'locked' }).where('id', '=', PEOPLE.ana.id).execute();
    await world.db.insertInto('login_throttle').values({ key: `user:${PEOPLE.ana.id}`, failures: 5, window_started_at: START, locked_until: '2026-01-05T09:15:10.000Z' }).execute();
    const res = await post(`${PEOPLE.ana.id}/unlock`, { reason: 'Verified by phone' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'active', lockedUntil: null });
    expect(await world.db.selectFrom('login_throttle').selectAll().execute()).toEqual([]);
    const [line] = await auditOf('user.unlocked');
    expect(line).toMatchObject({ actor_user_id: PEOPLE.dana.id, subject_user_id: PEOPLE.ana.id, reason: 'Verified by phone' });
    expect(JSON.parse(line?.details ?? '{}')).toEqual({ statusWas: 'locked', lockoutUntil: '2026-01-05T09:15:10.000Z' });
  });

  it('refuses to unlock an account that is not locked, or is disabled, with 409 and nothing audited', async () => {
    expect((await post(`${PEOPLE.ana.id}/unlock`, { reason: 'Just in case' })).json()).toEqual({ error: { code: 'Conflict', message: "Ana Lopez's account is not locked." } });
    await world.db.updateTable('users').set({ status: 'disabled' }).where('id', '=', PEOPLE.ben.id).execute();
    const disabled = await post(`${PEOPLE.ben.id}/unlock`, { reason: 'Just in case' });
    expect(disabled.statusCode).toBe(409);
    expect(disabled.json<{ error: { message: string } }>().error.message).toBe("Ben Carter's account is disabled, not locked. Unlocking does not apply.");
    expect(await auditOf('user.unlocked')).toEqual([]);
  });

  it('emails a registration link valid 20 minutes, replacing the previous one, to a user without MFA', async () => {
    const first = await post(`${PEOPLE.ana.id}/registration-link`);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ sentTo: 'ana.lopez@clinic.example', expiresAt: '2026-01-05T09:20:10.000Z' });
    const firstToken = linkToken(world.emails.at(-1)?.text ?? '');
    await post(`${PEOPLE.ana.id}/registration-link`, { reason: 'She asked at the desk' });
    const secondToken = linkToken(world.emails.at(-1)?.text ?? '');
    expect(await consumeRegistrationLink(world.db, firstToken, 'mfa_registration', world.clock.now())).toBeNull();
    world.clock.advance(20 * 60);
    expect(await consumeRegistrationLink(world.db, secondToken, 'mfa_registration', world.clock.now())).toBeNull();
    const lines = await auditOf('user.registration_link_sent');
    expect(lines.map((l) => l.reason).sort()).toEqual([null, 'She asked at the desk'].sort());
    const stored = JSON.stringify(await world.db.selectFrom('registration_links').selectAll().execute());
    expect(stored).not.toContain(firstToken);
  });

  it('refuses a registration link for a user already registered (409), and answers 503 when email is down', async () => {
    await world.registerMethod('ana', 'sms');
    expect((await post(`${PEOPLE.ana.id}/registration-link`)).json()).toEqual({
      error: { code: 'Conflict', message: 'Ana Lopez already has two-step sign-in set up. Reset the registration if they need to set it up again.' },
    });
    world.failEmail(true);
    const down = await post(`${PEOPLE.ben.id}/registration-link`);
    expect(down.statusCode).toBe(503);
    expect(down.json<{ error: { message: string } }>().error.message).toBe('The link was created but could not be emailed: Nothing answers at smtp.riverside.example:587. Check SMTP_URL.');
  });
});
