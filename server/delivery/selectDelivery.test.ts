import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadServerConfig } from '../config/serverConfig.js';
import { migrateToLatest } from '../db/migrateToLatest.js';
import { openDatabase, type OpenDatabase } from '../db/openDatabase.js';
import { DeliveryError } from './deliveryError.js';
import { selectDelivery } from './selectDelivery.js';
import { verificationCallScript } from './verificationCallScript.js';

describe('selectDelivery', () => {
  let database: OpenDatabase;
  beforeEach(async () => {
    database = openDatabase({ dialect: 'sqlite', file: ':memory:' });
    await migrateToLatest(database.db, database.dialect);
  });
  afterEach(async () => {
    await database.close();
  });
  const select = (env: Record<string, string>) => selectDelivery(loadServerConfig({ LOG_LEVEL: 'silent', ...env }, '/srv/portal'), database.db);

  it('puts email, texts and calls in the outbox on the zero set-up run, and serves its routes', async () => {
    const d = select({});
    expect(d.outbox).not.toBeNull();
    expect(d.routes).not.toBeNull();
    expect(d.summary).toEqual([
      'Email: kept in the development outbox, not sent',
      'Texts and calls: kept in the development outbox, not sent',
      'Development outbox: /dev/outbox (holds codes; development only)',
    ]);
    await d.email.send({ to: 'ana.lopez@riverside.example', subject: 'Code', text: 'Your code is 482913.' });
    const { id } = await d.phone.placeVerificationCall('+15555550123', { message: verificationCallScript('Riverside Portal') });
    expect(await d.phone.callStatus(id)).toBe('ringing');
    expect((await d.outbox?.list({ limit: 5 }))?.map((m) => m.channel)).toEqual(['voice', 'email']);
  });

  it('sends email by SMTP and keeps texts and calls in the outbox when only SMTP is set', () => {
    const d = select({ SMTP_URL: 'smtp://mailer:s3cret-pw@127.0.0.1:2525', MAIL_FROM: 'portal@riverside.example' });
    expect(d.summary[0]).toBe('Email: SMTP 127.0.0.1:2525, from portal@riverside.example');
    expect(d.summary[1]).toBe('Texts and calls: kept in the development outbox, not sent');
    expect(d.summary.join('\n')).not.toContain('s3cret-pw');
  });

  it('names the Twilio-compatible API and the callback, not the token', () => {
    const d = select({
      DEV_OUTBOX: 'false',
      TWILIO_ACCOUNT_SID: 'AC0123456789abcdef0123456789abcdef',
      TWILIO_AUTH_TOKEN: 'tok-9d2c41b7e0',
      TWILIO_FROM: '+15555550100',
      TWILIO_CALLBACK_URL: 'https://portal.clinic.example',
    });
    expect(d.outbox).toBeNull();
    expect(d.routes).not.toBeNull();
    expect(d.summary).toEqual([
      'Email: not set up (SMTP_URL, MAIL_FROM)',
      'Texts and calls: api.twilio.com from +15555550100, key presses reported to https://portal.clinic.example',
    ]);
    expect(d.summary.join('\n')).not.toContain('tok-9d2c41b7e0');
  });

  it('says a channel is not set up, when it is not, at the moment a flow tries to use it', async () => {
    const d = select({ DATABASE_URL: 'sqlite::memory:' });
    expect(d.routes).toBeNull();
    const error = await d.email.send({ to: 'a@b.example', subject: 'Code', text: '123456' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ channel: 'email', failure: 'not_configured', message: expect.stringMatching(/^Email is not set up on this service: set SMTP_URL and MAIL_FROM/) });
    await expect(d.phone.sendSms('+15555550123', '123456')).rejects.toMatchObject({ channel: 'sms', failure: 'not_configured' });
    await expect(d.phone.placeVerificationCall('+15555550123', { message: 'x' })).rejects.toMatchObject({ channel: 'voice', failure: 'not_configured' });
  });
});
