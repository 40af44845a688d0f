import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ORGS, PEOPLE, startAdminWorld, type AdminWorld } from '../../admin/testing/adminWorld.js';
import { testDialects } from '../../db/testing/testDatabases.js';

const dialects = await testDialects();
const url = `/api/admin/organizations/${ORGS.riverside.id}/policy`;

describe.each(dialects)('organization MFA policy on $name', (dialect) => {
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

  // Every change needs its why (issue 4: policy changes in the audit log with who, when, where and why).
  const put = (payload: object) => world.call({ method: 'PUT', url, token, payload: { reason: 'Quarterly review.', ...payload } });
  const message = async (payload: object) => {
    const res = await put(payload);
    expect(res.statusCode).toBe(400);
    return res.json<{ error: { code: string; message: string } }>().error.message;
  };

  it('reads the policy with the organization and its NPIs', async () => {
    const res = await world.call({ method: 'GET', url, token });
    expect(res.json()).toEqual({
      organization: { id: ORGS.riverside.id, name: 'Riverside Family Clinic', npis: ['1528394061'] },
      policy: { mode: 'off', allowedMethods: ['totp', 'sms', 'voice', 'email'], methodChoice: 'user_choice', fixedMethod: null, enforcementDate: null },
      updatedAt: '2026-01-05T09:00:10.000Z',
    });
  });

  it('turns MFA on with one fixed method from a date, and audits before and after with the reason', async () => {
    const res = await put({ mode: 'required', allowedMethods: ['email', 'sms'], methodChoice: 'fixed', fixedMethod: 'email', enforcementDate: '2026-03-01', reason: 'Board decision of 12 Dec' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ policy: { mode: 'required', allowedMethods: ['email', 'sms'], methodChoice: 'fixed', fixedMethod: 'email', enforcementDate: '2026-03-01T00:00:00.000Z' } });
    const [line] = await world.db.selectFrom('audit_log').selectAll().where('event', '=', 'organization.policy_changed').execute();
    expect(line).toMatchObject({ actor_user_id: PEOPLE.dana.id, org_id: ORGS.riverside.id, reason: 'Board decision of 12 Dec', ip: '127.0.0.1' });
    expect(JSON.parse(line?.details ?? '{}')).toMatchObject({ before: { mode: 'off' }, after: { mode: 'required', fixedMethod: 'email', enforcementDate: '2026-03-01T00:00:00.000Z' } });
    const withOffset = await put({ mode: 'required', allowedMethods: ['totp', 'sms'], methodChoice: 'user_choice', fixedMethod: null, enforcementDate: '2026-03-01T00:00:00-05:00' });
    expect(withOffset.json()).toMatchObject({ policy: { enforcementDate: '2026-03-01T05:00:00.000Z' } });
  });

  it('refuses a change without a reason, and writes nothing', async () => {
    const res = await world.call({ method: 'PUT', url, token, payload: { mode: 'off', allowedMethods: ['totp', 'sms'], methodChoice: 'user_choice', fixedMethod: null, enforcementDate: null } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: { code: 'InvalidInput', message: 'body.reason: Give a reason: it is written to the audit log.' } });
    expect(await world.db.selectFrom('audit_log').selectAll().execute()).toEqual([]);
  });

  it('refuses policies whose fields do not fit together, naming every problem in sentences', async () => {
    expect(await message({ mode: 'required', allowedMethods: ['totp', 'sms'], methodChoice: 'fixed', fixedMethod: 'voice', enforcementDate: null })).toBe(
      'The method everybody uses (phone call) must be one of the allowed methods (authenticator app, text message).',
    );
    expect(await message({ mode: 'required', allowedMethods: ['sms'], methodChoice: 'fixed', fixedMethod: null, enforcementDate: null })).toBe('With one method for everybody, say which method it is.');
    expect(await message({ mode: 'required', allowedMethods: [], methodChoice: 'user_choice', fixedMethod: 'sms', enforcementDate: '2026-03-01' })).toBe(
      'Allow at least one method: authenticator app, text message, phone call, email. A fixed method applies only when everybody uses one method. Choose "one method for everybody", or leave the fixed method empty.',
    );
    expect(await message({ mode: 'off', allowedMethods: ['sms', 'sms'], methodChoice: 'user_choice', fixedMethod: null, enforcementDate: '2026-03-01' })).toBe(
      'Each method can be listed once; text message is listed more than once. An enforcement date applies only when MFA is required. Set MFA to required, or clear the date.',
    );
    expect(await message({ mode: 'required', allowedMethods: ['totp'], methodChoice: 'user_choice', fixedMethod: null, enforcementDate: null })).toBe(
      "With the user's choice, allow at least two methods to choose from, or make authenticator app the one method for everybody.",
    );
    expect(await message({ mode: 'required', allowedMethods: ['totp', 'fax'], methodChoice: 'user_choice', fixedMethod: null, enforcementDate: null })).toBe(
      'body.allowedMethods.1: The method must be one of: totp, sms, voice, email.',
    );
    expect(await message({ mode: 'required', allowedMethods: ['totp', 'sms'], methodChoice: 'user_choice', fixedMethod: null, enforcementDate: '2026-02-30' })).toBe(
      'body.enforcementDate: Write the enforcement date as a day (2026-03-01) or a date and time with its offset (2026-03-01T07:00:00-05:00).',
    );
    expect(await world.db.selectFrom('audit_log').selectAll().execute()).toEqual([]);
  });

  it("answers 404 for another organization's policy, to read or to write", async () => {
    const other = `/api/admin/organizations/${ORGS.lakeside.id}/policy`;
    expect((await world.call({ method: 'GET', url: other, token })).statusCode).toBe(404);
    const write = await world.call({ method: 'PUT', url: other, token, payload: { mode: 'off', allowedMethods: ['totp', 'sms'], methodChoice: 'user_choice', fixedMethod: null, enforcementDate: null, reason: 'Probe.' } });
    expect(write.json()).toEqual({ error: { code: 'NotFound', message: 'There is no organization with this id among the organizations you manage.' } });
  });
});
