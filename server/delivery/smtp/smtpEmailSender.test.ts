import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SmtpSettings } from '../deliveryConfig.js';
import { DeliveryError } from '../deliveryError.js';
import { Secret } from '../secret.js';
import { smtpEmailSender } from './smtpEmailSender.js';
import { startSink } from './testing/smtpSink.js';

const PASSWORD = 'pw-7Gq2-Lx9v';
const TIMEOUTS = { connectMs: 3000, greetingMs: 3000, socketMs: 5000 };

const settings = (port: number, over: Partial<SmtpSettings> = {}): SmtpSettings => ({
  host: '127.0.0.1',
  port,
  secure: false,
  requireTls: false,
  user: 'portal-mailer',
  password: new Secret(PASSWORD),
  from: 'Riverside Portal <no-reply@riverside.example>',
  ...over,
});

const codeEmail = { to: 'ana.lopez@riverside.example', subject: 'Your verification code', text: 'Your verification code is 482913. It expires in 10 minutes.' };

describe('smtpEmailSender over a real SMTP conversation', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
    vi.restoreAllMocks();
  });

  it('signs in with the user name and password and delivers from, to, subject and text', async () => {
    const sink = await startSink({
      authOptional: false,
      onAuth(auth, _session, callback) {
        if (auth.username === 'portal-mailer' && auth.password === PASSWORD) return callback(null, { user: auth.username });
        return callback(new Error('Invalid username or password'));
      },
    });
    close = sink.close;
    await smtpEmailSender(settings(sink.port), TIMEOUTS).send(codeEmail);

    expect(sink.received).toHaveLength(1);
    const [mail] = sink.received;
    expect(mail?.user).toBe('portal-mailer');
    expect(mail?.from).toBe('no-reply@riverside.example');
    expect(mail?.to).toEqual(['ana.lopez@riverside.example']);
    expect(mail?.raw).toMatch(/^From: Riverside Portal <no-reply@riverside\.example>\r$/m);
    expect(mail?.raw).toMatch(/^To: ana\.lopez@riverside\.example\r$/m);
    expect(mail?.raw).toMatch(/^Subject: Your verification code\r$/m);
    expect(mail?.raw).toContain('Your verification code is 482913. It expires in 10 minutes.');
  });

  it('sends an HTML alternative alongside the text when given one', async () => {
    const sink = await startSink();
    close = sink.close;
    await smtpEmailSender(settings(sink.port, { user: null, password: null }), TIMEOUTS).send({ ...codeEmail, html: '<p>Your code is <b>482913</b>.</p>' });
    const raw = sink.received[0]?.raw ?? '';
    expect(raw).toMatch(/Content-Type: multipart\/alternative/);
    expect(raw).toMatch(/Content-Type: text\/plain/);
    expect(raw).toMatch(/Content-Type: text\/html/);
  });

  it('turns a refused sign-in into a DeliveryError that says what to check, without the password', async () => {
    const sink = await startSink({
      authOptional: false,
      onAuth: (_auth, _session, callback) => callback(new Error('Invalid username or password')),
    });
    close = sink.close;
    const error = await smtpEmailSender(settings(sink.port), TIMEOUTS).send(codeEmail).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    const d = error as DeliveryError;
    expect(d).toMatchObject({ channel: 'email', failure: 'credentials', providerStatus: 535 });
    expect(d.message).toMatch(/^The mail server 127\.0\.0\.1:\d+ refused the sign-in for "portal-mailer"\. Check the user name and password in SMTP_URL\./);
    expect(d.message).not.toContain(PASSWORD);
    expect(d.message).not.toContain(Buffer.from(`\u0000portal-mailer\u0000${PASSWORD}`).toString('base64'));
    expect(sink.received).toHaveLength(0);
  });

  it('reports a refused recipient as a recipient failure, quoting the server', async () => {
    const sink = await startSink({
      onRcptTo: (_address, _session, callback) => callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 })),
    });
    close = sink.close;
    const error = (await smtpEmailSender(settings(sink.port, { user: null, password: null }), TIMEOUTS).send(codeEmail).catch((e: unknown) => e)) as DeliveryError;
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error.failure).toBe('recipient');
    expect(error.message).toContain('Mailbox unavailable');
  });

  it('says the server cannot be reached when nothing listens on the port', async () => {
    const sink = await startSink();
    const port = sink.port;
    await sink.close();
    const error = (await smtpEmailSender(settings(port), TIMEOUTS).send(codeEmail).catch((e: unknown) => e)) as DeliveryError;
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error.failure).toBe('unreachable');
    expect(error.message).toBe(`Could not connect to the mail server 127.0.0.1:${port}. Check the host and port in SMTP_URL and that the server is up.`);
  });

  it('sends nothing when STARTTLS is required and the server does not offer it', async () => {
    const sink = await startSink();
    close = sink.close;
    const error = (await smtpEmailSender(settings(sink.port, { requireTls: true }), TIMEOUTS).send(codeEmail).catch((e: unknown) => e)) as DeliveryError;
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error.message).toMatch(/did not agree to encrypt the connection/);
    expect(sink.received).toHaveLength(0);
  });

  it('refuses a message a flow got wrong before connecting: a two-line subject, a bad address', async () => {
    const sender = smtpEmailSender(settings(1), TIMEOUTS);
    await expect(sender.send({ ...codeEmail, subject: 'Code\r\nBcc: someone@else.example' })).rejects.toMatchObject({ failure: 'invalid', message: 'The subject must be one line.' });
    await expect(sender.send({ ...codeEmail, to: 'not an address' })).rejects.toMatchObject({ failure: 'invalid', message: 'The recipient is not an email address.' });
  });

  it('writes nothing to the console or standard streams: no body, no code, no password', async () => {
    const sink = await startSink({ authOptional: false, onAuth: (auth, _s, cb) => cb(null, { user: auth.username }) });
    close = sink.close;
    const printed: string[] = [];
    const capture = (...args: unknown[]) => {
      printed.push(args.map(String).join(' '));
      return true;
    };
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) vi.spyOn(console, method).mockImplementation(capture);
    vi.spyOn(process.stdout, 'write').mockImplementation(capture);
    vi.spyOn(process.stderr, 'write').mockImplementation(capture);
    await smtpEmailSender(settings(sink.port), TIMEOUTS).send(codeEmail);
    vi.restoreAllMocks();
    expect(sink.received).toHaveLength(1);
    expect(printed.join('\n')).not.toMatch(/482913|pw-7Gq2/);
  });
});
