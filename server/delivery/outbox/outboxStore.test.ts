import { beforeEach, describe, expect, it } from 'vitest';
import { freshDatabasePerTest } from '../../db/testing/freshDatabase.js';
import { testDialects } from '../../db/testing/testDatabases.js';
import { CallKeyStore } from '../twilio/callKeyStore.js';
import { outboxEmailSender, outboxPhoneProvider } from './outboxSenders.js';
import { OutboxStore } from './outboxStore.js';

const dialects = await testDialects();

describe.each(dialects)('the development outbox on $name', (dialect) => {
  const database = freshDatabasePerTest(dialect);
  let clock: Date;
  let store: OutboxStore;
  const tick = (ms: number) => {
    clock = new Date(clock.getTime() + ms);
  };

  beforeEach(() => {
    clock = new Date('2026-01-05T09:00:00.000Z');
    store = new OutboxStore(database.db, () => clock);
  });

  it('records an email, a text and a call, and lists them newest first', async () => {
    const email = outboxEmailSender(store);
    const phone = outboxPhoneProvider(store);
    await email.send({ to: 'ana.lopez@riverside.example', subject: 'Your verification code', text: 'Your code is 482913.', html: '<p>482913</p>' });
    tick(1000);
    const sms = await phone.sendSms('+15555550123', 'Your code is 112233.');
    tick(1000);
    const call = await phone.placeVerificationCall('+15555550123', { message: 'Press the pound key.', ringSeconds: 30 });

    const listed = await store.list({ limit: 10 });
    expect(listed.map((m) => m.channel)).toEqual(['voice', 'sms', 'email']);
    expect(listed[2]).toEqual({
      id: expect.any(String),
      channel: 'email',
      recipient: 'ana.lopez@riverside.example',
      subject: 'Your verification code',
      body: 'Your code is 482913.',
      createdAt: '2026-01-05T09:00:00.000Z',
      call: null });
    expect(listed[1]).toMatchObject({ id: sms.id, channel: 'sms', subject: null, body: 'Your code is 112233.', call: null });
    expect(listed[0]).toMatchObject({
      id: call.id,
      body: 'Press the pound key.',
      call: { state: 'ringing', ringUntil: '2026-01-05T09:00:32.000Z', answeredAt: null } });
    expect(await store.list({ limit: 1 })).toHaveLength(1);
    expect((await store.list({ limit: 10, recipient: '+15555550123' })).map((m) => m.channel)).toEqual(['voice', 'sms']);
  });

  it('confirms a call answered with #, once: a second answer finds it ended', async () => {
    const phone = outboxPhoneProvider(store);
    const { id } = await phone.placeVerificationCall('+15555550123', { message: 'Press pound.' });
    expect(await phone.callStatus(id)).toBe('ringing');
    tick(5000);
    const answered = await store.answerCall(id, '#');
    expect(answered).toMatchObject({ ok: true, message: { call: { state: 'confirmed', answeredAt: '2026-01-05T09:00:05.000Z' } } });
    expect(await phone.callStatus(id)).toBe('confirmed');
    expect(await store.answerCall(id, '#')).toMatchObject({ ok: false, reason: 'ended' });
    expect(await store.declineCall(id)).toMatchObject({ ok: false, reason: 'ended', message: { call: { state: 'confirmed' } } });
  });

  it('ends a call answered with another key as hung_up, and a declined one as no_answer', async () => {
    const phone = outboxPhoneProvider(store);
    const a = await phone.placeVerificationCall('+15555550123', { message: 'Press pound.' });
    const b = await phone.placeVerificationCall('+15555550124', { message: 'Press pound.' });
    await store.answerCall(a.id, '1');
    await store.declineCall(b.id);
    expect(await phone.callStatus(a.id)).toBe('hung_up');
    expect(await phone.callStatus(b.id)).toBe('no_answer');
    expect((await store.get(b.id))?.call?.answeredAt).toBeNull();
  });

  it('lets a call nobody answers ring out into no_answer, as a real phone would', async () => {
    const phone = outboxPhoneProvider(store);
    const { id } = await phone.placeVerificationCall('+15555550123', { message: 'Press pound.', ringSeconds: 20 });
    tick(19_999);
    expect(await phone.callStatus(id)).toBe('ringing');
    tick(1);
    expect(await phone.callStatus(id)).toBe('no_answer');
    expect(await store.answerCall(id, '#')).toMatchObject({ ok: false, reason: 'ended' });
  });

  it('answers not_found for an unknown id or for a message that is not a call', async () => {
    await outboxEmailSender(store).send({ to: 'a@b.example', subject: 'Hi', text: 'Hello' });
    const [email] = await store.list({ limit: 1 });
    expect(await store.answerCall('no-such-id', '#')).toEqual({ ok: false, reason: 'not_found', message: null });
    expect(await store.answerCall(email?.id ?? '', '#')).toEqual({ ok: false, reason: 'not_found', message: null });
    await expect(outboxPhoneProvider(store).callStatus('no-such-id')).rejects.toMatchObject({ name: 'DeliveryError', channel: 'voice' });
  });

  it('refuses a row that breaks the table rules: a call without a state, a text with one', async () => {
    const row = { recipient: '+15555550123', subject: null, body: 'x', created_at: clock.toISOString(), answered_at: null };
    await expect(database.db.insertInto('dev_outbox').values({ ...row, id: 'v', channel: 'voice', call_state: null, ring_until: null }).execute()).rejects.toThrow();
    await expect(
      database.db.insertInto('dev_outbox').values({ ...row, id: 's', channel: 'sms', call_state: 'ringing', ring_until: clock.toISOString() }).execute(),
    ).rejects.toThrow();
  });

  it('keeps the first key reported for a real call (the provider callback table)', async () => {
    const keys = new CallKeyStore(database.db, () => clock);
    expect(await keys.pressedKey('CA1')).toBeNull();
    await keys.record('CA1', '#');
    await keys.record('CA1', '3');
    expect(await keys.pressedKey('CA1')).toBe('#');
  });
});
