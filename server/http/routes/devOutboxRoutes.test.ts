import { Validator } from '@seriousme/openapi-schema-validator';
import { afterEach, describe, expect, it } from 'vitest';
import { loadServerConfig } from '../../config/serverConfig.js';
import { migrateToLatest } from '../../db/migrateToLatest.js';
import { openDatabase, type OpenDatabase } from '../../db/openDatabase.js';
import { selectDelivery, type Delivery } from '../../delivery/selectDelivery.js';
import { buildServer, type PortalServer } from '../buildServer.js';

interface Running {
  app: PortalServer;
  database: OpenDatabase;
  delivery: Delivery;
}

async function start(env: Record<string, string>): Promise<Running> {
  const config = loadServerConfig({ DATABASE_URL: 'sqlite::memory:', LOG_LEVEL: 'silent', ...env }, process.cwd());
  const database = openDatabase(config.database);
  await migrateToLatest(database.db, database.dialect);
  const delivery = selectDelivery(config, database.db);
  const app = await buildServer(config, { db: database.db, tlsCredentials: null, deliveryRoutes: delivery.routes });
  return { app, database, delivery };
}

describe('the development outbox routes', () => {
  let running: Running | undefined;
  afterEach(async () => {
    await running?.app.close();
    await running?.database.close();
    running = undefined;
  });
  const on = async () => (running = await start({ DEV_OUTBOX: 'true' }));

  it('lists what was sent as JSON, newest first, filtered by recipient', async () => {
    const { app, delivery } = await on();
    await delivery.email.send({ to: 'ana.lopez@riverside.example', subject: 'Your verification code', text: 'Your code is 482913.' });
    await delivery.phone.sendSms('+15555550123', 'Your code is 112233.');
    const res = await app.inject({ method: 'GET', url: '/api/dev/outbox' });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { messages: { channel: string; recipient: string; body: string }[] };
    expect(body.messages.map((m) => m.body).sort()).toEqual(['Your code is 112233.', 'Your code is 482913.']);
    const filtered = (await app.inject({ method: 'GET', url: '/api/dev/outbox?recipient=%2B15555550123' })).json() as typeof body;
    expect(filtered.messages.map((m) => m.channel)).toEqual(['sms']);
    expect((await app.inject({ method: 'GET', url: '/api/dev/outbox?limit=0' })).statusCode).toBe(400);
  });

  it("answers a ringing call with # through the API: confirmed, and a second answer is refused with 409", async () => {
    const { app, delivery } = await on();
    const { id } = await delivery.phone.placeVerificationCall('+15555550123', { message: 'Press the pound key.' });
    const res = await app.inject({ method: 'POST', url: `/api/dev/outbox/calls/${id}/answer`, payload: { key: '#' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id, channel: 'voice', call: { state: 'confirmed' } });
    expect(await delivery.phone.callStatus(id)).toBe('confirmed');
    const again = await app.inject({ method: 'POST', url: `/api/dev/outbox/calls/${id}/no-answer` });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toEqual({ error: { code: 'InvalidInput', message: 'This call has already ended (confirmed).' } });
  });

  it('lets a call go unanswered through the API, refuses a key that is not a phone key, and 404s an unknown call', async () => {
    const { app, delivery } = await on();
    const { id } = await delivery.phone.placeVerificationCall('+15555550123', { message: 'Press the pound key.' });
    expect((await app.inject({ method: 'POST', url: `/api/dev/outbox/calls/${id}/answer`, payload: { key: 'ok' } })).json()).toEqual({
      error: { code: 'InvalidInput', message: 'body.key: key must be one phone key: 0-9, * or #.' },
    });
    const res = await app.inject({ method: 'POST', url: `/api/dev/outbox/calls/${id}/no-answer` });
    expect(res.json()).toMatchObject({ call: { state: 'no_answer', answeredAt: null } });
    expect(await delivery.phone.callStatus(id)).toBe('no_answer');
    expect((await app.inject({ method: 'POST', url: '/api/dev/outbox/calls/nope/answer', payload: { key: '#' } })).statusCode).toBe(404);
  });

  it('serves the page under a strict CSP with one form per action of a ringing call, and the forms work', async () => {
    const { app, delivery } = await on();
    const { id } = await delivery.phone.placeVerificationCall('+15555550123', { message: 'Press the pound key.' });
    const page = await app.inject({ method: 'GET', url: '/dev/outbox' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]+=*'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'$/);
    expect(page.headers['referrer-policy']).toBe('same-origin');
    expect(page.body).not.toMatch(/<script|\son[a-z]+=|\sstyle=/i);
    expect(page.body).toContain(`<form method="post" action="/dev/outbox/calls/${id}/answer"><input type="hidden" name="key" value="#"><button class="primary" type="submit">Answer and press #</button></form>`);
    expect(page.body).toContain(`<form method="post" action="/dev/outbox/calls/${id}/no-answer"><button type="submit">Don't answer</button></form>`);

    const origin = 'http://localhost';
    const form = { 'content-type': 'application/x-www-form-urlencoded', origin, 'sec-fetch-site': 'same-origin' };
    const answer = await app.inject({ method: 'POST', url: `/dev/outbox/calls/${id}/answer`, headers: form, payload: 'key=%23' });
    expect(answer.statusCode).toBe(303);
    expect(answer.headers.location).toBe(`/dev/outbox#m-${id}`);
    expect(await delivery.phone.callStatus(id)).toBe('confirmed');
    const after = await app.inject({ method: 'GET', url: '/dev/outbox' });
    expect(after.body).toContain('Answered: # pressed');
    expect(after.body).not.toContain('Answer and press #');

    const late = await app.inject({ method: 'POST', url: `/dev/outbox/calls/${id}/no-answer`, headers: form });
    expect(late.headers.location).toBe(`/dev/outbox?notice=call-ended#m-${id}`);
    expect((await app.inject({ method: 'GET', url: '/dev/outbox?notice=call-ended' })).body).toContain('That call had already ended; nothing changed.');
    expect((await app.inject({ method: 'GET', url: '/dev/outbox?notice=%3Cb%3E' })).statusCode).toBe(200);
  });

  it('escapes everything a message carries, and makes only http(s) links clickable', async () => {
    const { app, delivery } = await on();
    // Straight into the table: the senders would refuse such a recipient, but the page must not rely on that.
    await delivery.outbox?.record({
      channel: 'email',
      recipient: 'x"onmouseover=alert(1)@evil.example',
      subject: '<script>alert("s")</script>',
      body: 'Hi <img src=x onerror=alert(1)> & bye\nhttps://portal.example/register?t=a&c=1"<b>x</b>\njavascript:alert(1)',
    });
    const { body } = await app.inject({ method: 'GET', url: '/dev/outbox' });
    expect(body).not.toContain('<script>alert');
    expect(body).not.toContain('<img');
    expect(body).not.toContain('"onmouseover');
    expect(body).toContain('<h2>&#60;script&#62;alert(&#34;s&#34;)&#60;/script&#62;</h2>');
    expect(body).toContain('Hi &#60;img src=x onerror=alert(1)&#62; &#38; bye');
    // A link ends at a quote or angle bracket; what follows is text again.
    expect(body).toContain(
      '<a href="https://portal.example/register?t=a&#38;c=1" rel="noreferrer">https://portal.example/register?t=a&#38;c=1</a>&#34;&#60;b&#62;x&#60;/b&#62;',
    );
    expect(body).not.toContain('href="javascript');
  });

  it('refuses a change posted from another site, and any request addressed by a name that is not this machine', async () => {
    const { app, delivery } = await on();
    const { id } = await delivery.phone.placeVerificationCall('+15555550123', { message: 'Press the pound key.' });
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    for (const headers of [{ origin: 'https://evil.example' }, { origin: 'null' }, { 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' }]) {
      const res = await app.inject({ method: 'POST', url: `/dev/outbox/calls/${id}/answer`, headers: { ...form, ...headers }, payload: 'key=%23' });
      expect(res.statusCode, JSON.stringify(headers)).toBe(403);
      expect(res.json()).toEqual({ error: { code: 'InvalidInput', message: 'The development outbox accepts changes only from its own page.' } });
    }
    const rebound = await app.inject({ method: 'GET', url: '/api/dev/outbox', headers: { host: 'attacker.example:8080' } });
    expect(rebound.statusCode).toBe(403);
    expect(await delivery.phone.callStatus(id)).toBe('ringing');
    const local = await app.inject({ method: 'GET', url: '/api/dev/outbox', headers: { host: '127.0.0.1:8080' } });
    expect(local.statusCode).toBe(200);
  });

  it('describes the JSON routes in a valid OpenAPI document, and leaves the page out', async () => {
    const { app } = await on();
    const document = (await app.inject({ method: 'GET', url: '/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    const result = await new Validator().validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(Object.keys(document.paths['/api/dev/outbox'] ?? {})).toEqual(['get']);
    expect(Object.keys(document.paths['/api/dev/outbox/calls/{id}/answer'] ?? {})).toEqual(['post']);
    expect(Object.keys(document.paths['/api/dev/outbox/calls/{id}/no-answer'] ?? {})).toEqual(['post']);
    expect(document.paths['/dev/outbox']).toBeUndefined();
  });

  it('answers 404 at every outbox address when the outbox is off', async () => {
    const { app } = (running = await start({ DEV_OUTBOX: 'false' }));
    for (const [method, url] of [
      ['GET', '/dev/outbox'],
      ['GET', '/api/dev/outbox'],
      ['POST', '/api/dev/outbox/calls/x/answer'],
      ['POST', '/api/dev/outbox/calls/x/no-answer'],
      ['POST', '/dev/outbox/calls/x/answer'],
    ] as const) {
      const res = await app.inject({ method, url });
      expect(res.statusCode, url).toBe(404);
    }
    const document = (await app.inject({ method: 'GET', url: '/openapi.json' })).json() as { paths: Record<string, unknown> };
    expect(document.paths['/api/dev/outbox']).toBeUndefined();
  });
});
