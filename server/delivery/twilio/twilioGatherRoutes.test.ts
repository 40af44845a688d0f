import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadServerConfig } from '../../config/serverConfig.js';
import { migrateToLatest } from '../../db/migrateToLatest.js';
import { openDatabase, type OpenDatabase } from '../../db/openDatabase.js';
import { buildServer, type PortalServer } from '../../http/buildServer.js';
import { selectDelivery } from '../selectDelivery.js';
import { twilioSignature } from './twilioSignature.js';

const SID = 'AC0123456789abcdef0123456789abcdef';
const TOKEN = 'tok-9d2c41b7e0';
const ACTION = 'https://portal.clinic.example/api/delivery/twilio/gather';

describe('twilioSignature', () => {
  it("matches the example in Twilio's webhook security documentation", () => {
    const params = { CallSid: 'CA1234567890ABCDE', Caller: '+14158675310', Digits: '1234', From: '+14158675310', To: '+18005551212' };
    expect(twilioSignature('12345', 'https://mycompany.com/myapp.php?foo=1&bar=2', params)).toBe('GvWf1cFY/Q7PnoempGyD5oXAezc=');
  });
});

describe('the key-press callback, POST /api/delivery/twilio/gather', () => {
  let app: PortalServer;
  let database: OpenDatabase;
  let delivery: ReturnType<typeof selectDelivery>;

  beforeEach(async () => {
    const config = loadServerConfig(
      {
        DATABASE_URL: 'sqlite::memory:',
        LOG_LEVEL: 'silent',
        TWILIO_ACCOUNT_SID: SID,
        TWILIO_AUTH_TOKEN: TOKEN,
        TWILIO_FROM: '+15555550100',
        TWILIO_CALLBACK_URL: 'https://portal.clinic.example',
      },
      process.cwd(),
    );
    database = openDatabase(config.database);
    await migrateToLatest(database.db, database.dialect);
    delivery = selectDelivery(config, database.db);
    app = await buildServer(config, { db: database.db, tlsCredentials: null, deliveryRoutes: delivery.routes });
  });
  afterEach(async () => {
    await app.close();
    await database.close();
  });

  const post = (params: Record<string, string>, signature = twilioSignature(TOKEN, ACTION, params)) =>
    app.inject({
      method: 'POST',
      url: '/api/delivery/twilio/gather',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
      payload: new URLSearchParams(params).toString(),
    });

  it('records # from a signed callback, thanks the caller, and the call reads as confirmed', async () => {
    const res = await post({ AccountSid: SID, CallSid: 'CA1', Digits: '#', CallStatus: 'in-progress' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/xml/);
    expect(res.body).toContain('<Say>Thank you. Your sign-in is confirmed. Goodbye.</Say><Hangup/>');
    expect(await delivery.phone.callStatus('CA1')).toBe('confirmed');
  });

  it('records another key as not confirmed, and keeps the first key of a call when a second report comes', async () => {
    await post({ AccountSid: SID, CallSid: 'CA2', Digits: '7' });
    const replay = await post({ AccountSid: SID, CallSid: 'CA2', Digits: '#' });
    expect(replay.statusCode).toBe(200);
    expect(await delivery.phone.callStatus('CA2')).toBe('hung_up');
  });

  it('refuses a callback with a wrong signature, or for another account, and records nothing', async () => {
    const params = { AccountSid: SID, CallSid: 'CA3', Digits: '#' };
    const forged = await post(params, twilioSignature('not-the-token', ACTION, params));
    expect(forged.statusCode).toBe(403);
    expect(forged.json()).toEqual({ error: { code: 'InvalidInput', message: 'This request is not signed by the phone provider.' } });
    expect((await post(params, '')).statusCode).toBe(403);
    expect((await post({ ...params, AccountSid: 'AC-other' })).statusCode).toBe(403);
    expect(await database.db.selectFrom('phone_call_keys').selectAll().execute()).toEqual([]);
  });

  it('is left out of the OpenAPI document, which is for the portal API', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json() as { paths: Record<string, unknown> };
    expect(doc.paths['/api/delivery/twilio/gather']).toBeUndefined();
  });
});
