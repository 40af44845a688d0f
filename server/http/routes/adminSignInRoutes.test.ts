import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PASSWORD, PEOPLE, startAdminWorld, type AdminWorld } from '../../admin/testing/adminWorld.js';
import { testDialects } from '../../db/testing/testDatabases.js';

const dialects = await testDialects();

describe.each(dialects)('admin sign-in on $name', (dialect) => {
  let world: AdminWorld;
  beforeEach(async (context) => {
    if (!dialect.available) return context.skip();
    world = await startAdminWorld(dialect);
  });
  afterEach(async () => {
    await world?.close();
  });

  const signIn = (username: string, secondFactor: { method: string; code: string }, password = PASSWORD) =>
    world.call({ method: 'POST', url: '/api/admin/tokens', payload: { username, password, secondFactor } });
  const codeIn = (text: string) => /(\d{6})/.exec(text)?.[1] ?? '';

  it('hands out a bearer token for password and authenticator code, good for 8 hours, and audits it', async () => {
    await world.registerTotp('dana');
    const res = await signIn('Clinic.Admin', { method: 'totp', code: world.totpCode('dana') });
    expect(res.statusCode).toBe(201);
    const body = res.json() as { token: string; tokenExpiresAt: string; user: { id: string }; organizations: Array<{ id: string; role: string; npis: string[] }> };
    expect(body.user.id).toBe(PEOPLE.dana.id);
    expect(body.organizations).toEqual([{ id: 'org-riverside', name: 'Riverside Family Clinic', npis: ['1528394061'], role: 'clinic_admin' }]);
    expect(body.tokenExpiresAt).toBe('2026-01-05T17:00:10.000Z');

    const me = await world.call({ method: 'GET', url: '/api/admin/me', token: body.token });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ user: { username: 'clinic.admin' }, tokenExpiresAt: body.tokenExpiresAt });

    const audit = await world.db.selectFrom('audit_log').selectAll().where('event', '=', 'admin.token_issued').execute();
    expect(audit).toMatchObject([{ actor_user_id: PEOPLE.dana.id, subject_user_id: PEOPLE.dana.id, ip: '127.0.0.1' }]);
    const stored = await world.db.selectFrom('api_tokens').select('token_hash').execute();
    expect(stored[0]?.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored[0]?.token_hash).not.toContain(body.token);

    world.clock.advance(8 * 3600);
    expect((await world.call({ method: 'GET', url: '/api/admin/me', token: body.token })).statusCode).toBe(401);
  });

  it('sends a code by email or text after the password, to a masked address, and accepts it once', async () => {
    await world.registerMethod('dana', 'email');
    await world.registerMethod('dana', 'sms');
    const byEmail = await world.call({ method: 'POST', url: '/api/admin/tokens/challenge', payload: { username: 'clinic.admin', password: PASSWORD, method: 'email' } });
    expect(byEmail.statusCode).toBe(202);
    expect(byEmail.json()).toEqual({ method: 'email', sentTo: 'c***@clinic.example' });
    const emailCode = codeIn(world.emails.at(-1)?.text ?? '');
    expect((await signIn('clinic.admin', { method: 'email', code: emailCode })).statusCode).toBe(201);
    expect((await signIn('clinic.admin', { method: 'email', code: emailCode })).json()).toMatchObject({ error: { code: 'Unauthenticated' } });

    // Another code within 20 seconds is refused, as on the portal.
    const tooSoon = await world.call({ method: 'POST', url: '/api/admin/tokens/challenge', payload: { username: 'clinic.admin', password: PASSWORD, method: 'sms' } });
    expect(tooSoon.statusCode).toBe(429);
    expect(tooSoon.headers['retry-after']).toBe('20');
    world.clock.advance(21);
    const byText = await world.call({ method: 'POST', url: '/api/admin/tokens/challenge', payload: { username: 'clinic.admin', password: PASSWORD, method: 'sms' } });
    expect(byText.json()).toEqual({ method: 'sms', sentTo: 'XXX-XXX-0101' });
    expect(world.texts.at(-1)?.to).toBe('+13125550101');
    // A texted code does not prove the email inbox.
    expect((await signIn('clinic.admin', { method: 'email', code: codeIn(world.texts.at(-1)?.body ?? '') })).statusCode).toBe(401);
  });

  it("keeps the admin sign-in's codes and the portal's apart: neither passes the other, and asking for one leaves the other alive", async () => {
    await world.registerMethod('dana', 'email');
    const portal = await world.codes.issue({ userId: PEOPLE.dana.id, purpose: 'login', channel: 'email' });
    expect((await signIn('clinic.admin', { method: 'email', code: portal.code })).statusCode).toBe(401);
    world.clock.advance(21);
    expect((await world.call({ method: 'POST', url: '/api/admin/tokens/challenge', payload: { username: 'clinic.admin', password: PASSWORD, method: 'email' } })).statusCode).toBe(202);
    const admin = codeIn(world.emails.at(-1)?.text ?? '');
    // The admin code is no portal code: checked as one it is unknown (or wrong, by chance of equal digits).
    const asPortal = await world.codes.verify({ userId: PEOPLE.dana.id, purpose: 'login', code: admin });
    expect(asPortal.outcome === 'ok' ? 'accepted' : 'refused').toBe(admin === portal.code ? 'accepted' : 'refused');
    // The portal code is still the live one for the portal, and the admin code signs in to the admin view.
    expect((await world.codes.verify({ userId: PEOPLE.dana.id, purpose: 'login', code: portal.code })).outcome).toBe('ok');
    expect((await signIn('clinic.admin', { method: 'email', code: admin })).statusCode).toBe(201);
  });

  it('sends at most 5 codes within 15 minutes, counting the portal sign-in codes too', async () => {
    await world.registerMethod('dana', 'email');
    const challenge = () => world.call({ method: 'POST', url: '/api/admin/tokens/challenge', payload: { username: 'clinic.admin', password: PASSWORD, method: 'email' } });
    for (let i = 0; i < 5; i++) {
      expect((await challenge()).statusCode, `code ${i + 1}`).toBe(202);
      world.clock.advance(30);
    }
    const sixth = await challenge();
    expect(sixth.statusCode).toBe(429);
    expect(sixth.json()).toMatchObject({ error: { code: 'TooManyRequests', message: expect.stringContaining('Several codes were sent') } });
    // The first went out 150 s ago: another may go when it is 15 minutes old.
    expect(sixth.headers['retry-after']).toBe(String(15 * 60 - 150));
    expect(world.emails).toHaveLength(5);
  });

  it('answers the right password of a disabled account like a wrong one, and counts it', async () => {
    await world.registerTotp('dana');
    await world.db.updateTable('users').set({ status: 'disabled' }).where('id', '=', PEOPLE.dana.id).execute();
    const disabled = await signIn('clinic.admin', { method: 'totp', code: world.totpCode('dana') });
    const unknown = await signIn('nobody', { method: 'totp', code: '123456' });
    expect(disabled.statusCode).toBe(401);
    expect(disabled.json()).toEqual(unknown.json());
    const row = await world.db.selectFrom('login_throttle').select('failures').where('key', '=', `user:${PEOPLE.dana.id}`).executeTakeFirst();
    expect(row?.failures).toBe(1);
  });

  it('locks an unknown name after 5 tries as it locks a real one, so the lockout tells no names apart', async () => {
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push((await signIn('nobody', { method: 'totp', code: '123456' }, `guess ${i}`)).statusCode);
    expect(answers).toEqual([401, 401, 401, 401, 429, 429]);
  });

  it('answers a wrong password and an unknown user alike, locks the account at the fifth failure, and audits both', async () => {
    await world.registerTotp('dana');
    const unknown = await signIn('nobody', { method: 'totp', code: '123456' });
    const wrong = await signIn('clinic.admin', { method: 'totp', code: world.totpCode('dana') }, 'wrong password');
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json()).toEqual({ error: { code: 'Unauthenticated', message: 'The username, password or code is not right.' } });
    expect(wrong.headers['www-authenticate']).toBe('Bearer realm="twofold-admin"');
    for (let i = 0; i < 3; i++) await signIn('clinic.admin', { method: 'totp', code: '000000' }, 'wrong password');
    const fifth = await signIn('clinic.admin', { method: 'totp', code: '000000' }, 'wrong password');
    expect(fifth.statusCode).toBe(429);
    expect(fifth.headers['retry-after']).toBe('900');
    expect(fifth.json()).toEqual({ error: { code: 'TooManyRequests', message: 'Too many failed sign-in attempts. Try again in 15 minutes.' } });
    // Even the right password and code wait for the lock to end.
    expect((await signIn('clinic.admin', { method: 'totp', code: world.totpCode('dana') })).statusCode).toBe(429);
    const events = await world.db.selectFrom('audit_log').select(['event', 'subject_user_id']).where('subject_user_id', '=', PEOPLE.dana.id).execute();
    expect(events.filter((e) => e.event === 'admin.sign_in_failed')).toHaveLength(5);
    expect(events.filter((e) => e.event === 'account.locked_out')).toHaveLength(1);
  });

  it('refuses a replayed authenticator code', async () => {
    await world.registerTotp('dana');
    const code = world.totpCode('dana');
    expect((await signIn('clinic.admin', { method: 'totp', code })).statusCode).toBe(201);
    expect((await signIn('clinic.admin', { method: 'totp', code })).statusCode).toBe(401);
  });

  it('refuses staff with the right password and code, before any code is sent', async () => {
    await world.registerTotp('ana');
    await world.registerMethod('ana', 'email');
    const token = await signIn('ana.lopez', { method: 'totp', code: world.totpCode('ana') });
    expect(token.statusCode).toBe(403);
    expect(token.json()).toEqual({ error: { code: 'Forbidden', message: 'This account does not manage any organization, so it cannot use the admin API.' } });
    const challenge = await world.call({ method: 'POST', url: '/api/admin/tokens/challenge', payload: { username: 'ana.lopez', password: PASSWORD, method: 'email' } });
    expect(challenge.statusCode).toBe(403);
    expect(world.emails).toHaveLength(0);
    expect(await world.db.selectFrom('api_tokens').selectAll().execute()).toEqual([]);
  });

  it('says which method is missing, and that email is not set up when sending fails', async () => {
    const res = await world.call({ method: 'POST', url: '/api/admin/tokens/challenge', payload: { username: 'clinic.admin', password: PASSWORD, method: 'sms' } });
    expect(res.json()).toEqual({ error: { code: 'InvalidInput', message: 'This account has no confirmed text message registration. Use the method you registered.' } });
    await world.registerMethod('dana', 'email');
    world.failEmail(true);
    const down = await world.call({ method: 'POST', url: '/api/admin/tokens/challenge', payload: { username: 'clinic.admin', password: PASSWORD, method: 'email' } });
    expect(down.statusCode).toBe(503);
    expect(down.json()).toEqual({ error: { code: 'Unavailable', message: 'Nothing answers at smtp.riverside.example:587. Check SMTP_URL.' } });
  });

  it('refuses a malformed body with a sentence naming the field', async () => {
    const res = await world.call({ method: 'POST', url: '/api/admin/tokens', payload: { username: 'clinic.admin', password: PASSWORD, secondFactor: { method: 'totp', code: '12ab' } } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: { code: 'InvalidInput', message: 'body.secondFactor.code: The code is 6 digits.' } });
  });

  it('signs out: the current token stops working at once, and the sign-out is audited', async () => {
    const token = await world.tokenFor('dana');
    const out = await world.call({ method: 'DELETE', url: '/api/admin/tokens/current', token });
    expect(out.statusCode).toBe(204);
    expect(out.body).toBe('');
    const after = await world.call({ method: 'GET', url: '/api/admin/me', token });
    expect(after.statusCode).toBe(401);
    expect(after.json()).toEqual({ error: { code: 'Unauthenticated', message: 'This token is not valid: it expired, was revoked, or was never issued. Sign in again.' } });
    expect(await world.db.selectFrom('audit_log').select('event').where('event', '=', 'admin.token_revoked').execute()).toHaveLength(1);
  });

  it('never writes the password, a code or the token into the audit log', async () => {
    await world.registerMethod('dana', 'email');
    await world.call({ method: 'POST', url: '/api/admin/tokens/challenge', payload: { username: 'clinic.admin', password: PASSWORD, method: 'email' } });
    const code = codeIn(world.emails.at(-1)?.text ?? '');
    const token = (await signIn('clinic.admin', { method: 'email', code })).json<{ token: string }>().token;
    await signIn('clinic.admin', { method: 'email', code: '999999' }, 'not-the-password-42');
    const all = JSON.stringify(await world.db.selectFrom('audit_log').selectAll().execute());
    for (const secret of [PASSWORD, 'not-the-password-42', code, token]) expect(all).not.toContain(secret);
  });
});
