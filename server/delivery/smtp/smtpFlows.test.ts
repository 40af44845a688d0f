// Whole flows whose email goes out over a real SMTP conversation: the service as `npm run server` starts
// it (startServer, SQLite, the demo clinic), SMTP_URL pointed at a sink on 127.0.0.1, no outbox. The codes
// are read from the messages the sink received, so a flow passes only if its email really left.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../startServer.js';
import { startSink, type Received } from './testing/smtpSink.js';

const ANA = 'ana.lopez@riverside-clinic.example';

describe('flows that email over SMTP (startServer with SMTP_URL, a real SMTP sink)', () => {
  let sink: Awaited<ReturnType<typeof startSink>>;
  let server: RunningServer;
  let folder: string;
  let password: string;

  beforeEach(async () => {
    sink = await startSink();
    folder = mkdtempSync(path.join(os.tmpdir(), 'twofold-smtp-flows-'));
    server = await startServer(
      { PORT: '0', LOG_LEVEL: 'silent', DEV_OUTBOX: 'false', SMTP_URL: `smtp://127.0.0.1:${sink.port}`, MAIL_FROM: 'Riverside Portal <no-reply@riverside.example>' },
      folder,
      () => {},
    );
    if (!server.seed.created) throw new Error('expected the demo clinic');
    password = server.seed.users.find((u) => u.username === 'ana.lopez')!.password;
  });
  afterEach(async () => {
    await server?.close();
    await sink?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const post = async (url: string, body: object, token?: string) => {
    const res = await fetch(`${server.url}${url}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    return (await res.json()) as Record<string, unknown> & { loginToken?: string; flowToken?: string; status?: string };
  };
  /** The code of the newest message to `to`, from its body (after the headers). */
  const codeSentTo = async (to: string, count: number): Promise<string> => {
    await expect.poll(() => sink.received.filter((m) => m.to.includes(to)).length, { timeout: 5000 }).toBe(count);
    const message = sink.received.filter((m) => m.to.includes(to)).at(-1) as Received;
    const body = message.raw.slice(message.raw.indexOf('\r\n\r\n'));
    const code = /\b(\d{6})\b/.exec(body)?.[1];
    if (!code) throw new Error(`no code in the message to ${to}`);
    expect(message.from).toBe('no-reply@riverside.example');
    return code;
  };

  it('registers email as the second factor at first sign-in, then signs in with an emailed code', async () => {
    const first = await post('/api/auth/login', { username: 'ana.lopez', password });
    expect(first).toMatchObject({ status: 'pending', step: 'choose_method' });
    expect(await post('/api/auth/registration/method', { method: 'email' }, first.loginToken)).toMatchObject({ step: 'enter_code' });
    const registered = await post('/api/auth/registration/verify', { code: await codeSentTo(ANA, 1) }, first.loginToken);
    expect(registered).toMatchObject({ status: 'signed_in', method: 'email' });

    const again = await post('/api/auth/login', { username: 'ana.lopez', password });
    expect(await post('/api/auth/second-factor/method', { method: 'email' }, again.loginToken)).toMatchObject({ step: 'enter_code', codeSent: true });
    expect(await post('/api/auth/second-factor/verify', { code: await codeSentTo(ANA, 2) }, again.loginToken)).toMatchObject({ status: 'signed_in', method: 'email' });
  });

  it('sends the forgotten-password code over SMTP, and it moves the reset on', async () => {
    const started = await post('/api/auth/password-reset', { login: 'ana.lopez' });
    const next = await post('/api/auth/password-reset/email-code', { code: await codeSentTo(ANA, 1) }, started.flowToken);
    // Ana has a phone on file: the next step proves it (seed 004).
    expect(next).toMatchObject({ step: 'phone', notice: { code: 'email_verified' } });
  });
});
