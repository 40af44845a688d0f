import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../db/migrateToLatest.js';
import { openDatabase, type OpenDatabase } from '../../db/openDatabase.js';
import type { TwilioSettings } from '../deliveryConfig.js';
import { DeliveryError } from '../deliveryError.js';
import type { PhoneProvider } from '../phoneProvider.js';
import { Secret } from '../secret.js';
import { CallKeyStore, PROVIDER_CHECK_EVERY_MS } from './callKeyStore.js';
import { twilioPhoneProvider } from './twilioPhoneProvider.js';

const SID = 'AC0123456789abcdef0123456789abcdef';
const TOKEN = 'tok-9d2c41b7e0';
const CALL_SID = 'CA11111111111111111111111111111111';

interface SeenRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  contentType: string | undefined;
  form: Record<string, string>;
}

/** Stands in for api.twilio.com on 127.0.0.1: records each request and answers with the next queued reply. */
class FakeTwilio {
  readonly seen: SeenRequest[] = [];
  readonly replies: { status: number; body: string }[] = [];
  private readonly server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      this.seen.push({
        method: req.method ?? '',
        path: req.url ?? '',
        authorization: req.headers.authorization,
        contentType: req.headers['content-type'],
        form: Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))),
      });
      const reply = this.replies.shift() ?? { status: 500, body: '{"code":20500,"message":"no reply queued","status":500}' };
      res.writeHead(reply.status, { 'content-type': 'application/json' }).end(reply.body);
    });
  });
  port = 0;

  async start(): Promise<void> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.port = (this.server.address() as AddressInfo).port;
  }

  reply(status: number, body: unknown): void {
    this.replies.push({ status, body: typeof body === 'string' ? body : JSON.stringify(body) });
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const fake = new FakeTwilio();
let database: OpenDatabase;
let keys: CallKeyStore;
/** The store's clock: each test moves it on as it needs (the provider is asked about a call once a second at most). */
let clockMs: number;
let settings: TwilioSettings;
let phone: PhoneProvider;

beforeAll(async () => {
  await fake.start();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(async () => {
  database = openDatabase({ dialect: 'sqlite', file: ':memory:' });
  await migrateToLatest(database.db, database.dialect);
  clockMs = Date.parse('2026-03-02T14:00:00.000Z');
  keys = new CallKeyStore(database.db, () => new Date(clockMs));
  settings = {
    accountSid: SID,
    authToken: new Secret(TOKEN),
    from: '+15555550100',
    baseUrl: `http://127.0.0.1:${fake.port}`,
    callbackUrl: 'https://portal.clinic.example',
  };
  phone = twilioPhoneProvider(settings, keys, 3000);
  fake.seen.length = 0;
  fake.replies.length = 0;
});
afterEach(async () => {
  await database.close();
});

const basic = `Basic ${Buffer.from(`${SID}:${TOKEN}`).toString('base64')}`;

describe('twilioPhoneProvider against a Twilio-shaped API on loopback', () => {
  it('sends a text: POST Messages.json, Basic auth, form-encoded To, From and Body', async () => {
    fake.reply(201, { sid: 'SM22222222222222222222222222222222', status: 'queued', to: '+15555550123' });
    expect(await phone.sendSms('+15555550123', 'Your verification code is 482913.')).toEqual({ id: 'SM22222222222222222222222222222222' });
    expect(fake.seen).toEqual([
      {
        method: 'POST',
        path: `/2010-04-01/Accounts/${SID}/Messages.json`,
        authorization: basic,
        contentType: 'application/x-www-form-urlencoded',
        form: { To: '+15555550123', From: '+15555550100', Body: 'Your verification code is 482913.' },
      },
    ]);
  });

  it('places a call whose inline TwiML says the message twice and gathers one key, # included, for the callback', async () => {
    fake.reply(201, { sid: CALL_SID, status: 'queued' });
    const message = 'This is Riverside Portal & Co. Press the pound key to finish signing in.';
    expect(await phone.placeVerificationCall('+15555550123', { message, ringSeconds: 25 })).toEqual({ id: CALL_SID });
    const [seen] = fake.seen;
    expect(seen).toMatchObject({ method: 'POST', path: `/2010-04-01/Accounts/${SID}/Calls.json`, authorization: basic });
    expect(seen?.form).toMatchObject({ To: '+15555550123', From: '+15555550100', Timeout: '25' });
    const twiml = seen?.form.Twiml ?? '';
    expect(twiml).toContain(
      '<Gather input="dtmf" numDigits="1" finishOnKey="" timeout="10" method="POST" action="https://portal.clinic.example/api/delivery/twilio/gather">',
    );
    expect(twiml.split('<Say>This is Riverside Portal &#38; Co. Press the pound key to finish signing in.</Say>')).toHaveLength(3);
    expect(twiml).toMatch(/<\/Gather><Say>No key was pressed\. Goodbye\.<\/Say><Hangup\/><\/Response>$/);
  });

  it('reads a call still ringing or in progress as ringing, and an unanswered, busy or cancelled one as no_answer', async () => {
    const cases = [
      ['queued', 'ringing'],
      ['ringing', 'ringing'],
      ['in-progress', 'ringing'],
      ['no-answer', 'no_answer'],
      ['busy', 'no_answer'],
      ['canceled', 'no_answer'],
      ['failed', 'failed'],
      // Answered (a voicemail, or a person who pressed nothing) and over, with no key reported.
      ['completed', 'no_answer'],
    ] as const;
    for (const [twilioStatus, expected] of cases) {
      fake.reply(200, { sid: CALL_SID, status: twilioStatus });
      clockMs += PROVIDER_CHECK_EVERY_MS;
      expect(await phone.callStatus(CALL_SID), twilioStatus).toBe(expected);
    }
    expect(fake.seen.every((r) => r.method === 'GET' && r.path === `/2010-04-01/Accounts/${SID}/Calls/${CALL_SID}.json` && r.authorization === basic)).toBe(true);
  });

  it('asks the provider about one call at most once a second, whoever polls, and still reads a pressed key at once', async () => {
    fake.reply(200, { sid: CALL_SID, status: 'ringing' });
    expect(await Promise.all([phone.callStatus(CALL_SID), phone.callStatus(CALL_SID), phone.callStatus(CALL_SID)])).toEqual(['ringing', 'ringing', 'ringing']);
    // Another instance of the service shares the count: it is kept in the database.
    const elsewhere = twilioPhoneProvider(settings, new CallKeyStore(database.db, () => new Date(clockMs)), 3000);
    expect(await elsewhere.callStatus(CALL_SID)).toBe('ringing');
    expect(fake.seen).toHaveLength(1);

    clockMs += PROVIDER_CHECK_EVERY_MS;
    fake.reply(200, { sid: CALL_SID, status: 'no-answer' });
    expect(await phone.callStatus(CALL_SID)).toBe('no_answer');
    expect(fake.seen).toHaveLength(2);
    // Each call has its own count, and a key reported meanwhile is read without waiting for the second.
    fake.reply(200, { sid: 'CA2', status: 'in-progress' });
    expect(await phone.callStatus('CA2')).toBe('ringing');
    await keys.record('CA2', '#');
    expect(await phone.callStatus('CA2')).toBe('confirmed');
    expect(fake.seen).toHaveLength(3);
  });

  it('reads the key from the callback first: # confirms, another key is hung_up, without asking the provider', async () => {
    await keys.record(CALL_SID, '#');
    expect(await phone.callStatus(CALL_SID)).toBe('confirmed');
    await keys.record('CA2', '5');
    expect(await phone.callStatus('CA2')).toBe('hung_up');
    expect(fake.seen).toHaveLength(0);
  });

  it('maps a refused token to a credentials error naming the settings, never the token', async () => {
    fake.reply(401, { code: 20003, message: 'Authenticate', more_info: 'https://www.twilio.com/docs/errors/20003', status: 401 });
    const error = (await phone.sendSms('+15555550123', 'code 482913').catch((e: unknown) => e)) as DeliveryError;
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ channel: 'sms', failure: 'credentials', providerStatus: 401 });
    expect(error.message).toBe(
      `The phone provider at 127.0.0.1:${fake.port} refused the account SID or auth token (HTTP 401). Check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN. It said: "Authenticate" (error 20003).`,
    );
    expect(error.message).not.toContain(TOKEN);
    expect(error.message).not.toContain('482913');
  });

  it('maps an unreachable number to a recipient error, another 4xx to refused and a 5xx to provider', async () => {
    fake.reply(400, { code: 21211, message: "The 'To' number +15555550123 is not a valid phone number.", status: 400 });
    await expect(phone.sendSms('+15555550123', 'x')).rejects.toMatchObject({ failure: 'recipient', message: expect.stringContaining('is not a valid phone number') });
    fake.reply(400, { code: 21603, message: "The 'From' number is required.", status: 400 });
    await expect(phone.placeVerificationCall('+15555550123', { message: 'Press pound.' })).rejects.toMatchObject({ channel: 'voice', failure: 'refused' });
    fake.reply(503, 'Service Unavailable');
    await expect(phone.callStatus(CALL_SID)).rejects.toMatchObject({ failure: 'provider', providerStatus: 503, message: expect.stringContaining('(HTTP 503); try again shortly.') });
    fake.reply(200, { unexpected: true });
    await expect(phone.sendSms('+15555550123', 'x')).rejects.toMatchObject({ failure: 'provider', message: expect.stringContaining('does not understand') });
  });

  it('says the provider cannot be reached when nothing listens, and gives up on one that does not answer', async () => {
    const closed = new FakeTwilio();
    await closed.start();
    const port = closed.port;
    await closed.close();
    const unreachable = twilioPhoneProvider({ ...settings, baseUrl: `http://127.0.0.1:${port}` }, keys, 3000);
    await expect(unreachable.sendSms('+15555550123', 'x')).rejects.toMatchObject({ failure: 'unreachable', message: expect.stringContaining('could not be reached') });

    const silent = http.createServer(() => {});
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    try {
      const slow = twilioPhoneProvider({ ...settings, baseUrl: `http://127.0.0.1:${(silent.address() as AddressInfo).port}` }, keys, 300);
      await expect(slow.sendSms('+15555550123', 'x')).rejects.toMatchObject({ failure: 'unreachable', message: expect.stringContaining('did not answer within') });
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });

  it('refuses a number not in E.164 form before calling the provider', async () => {
    await expect(phone.sendSms('555-0123', 'x')).rejects.toMatchObject({ failure: 'invalid', message: 'The number is not in E.164 form (+15555550123).' });
    expect(fake.seen).toHaveLength(0);
  });
});
