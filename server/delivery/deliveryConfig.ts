import { z } from 'zod';
import { ConfigError } from '../config/configError.js';
import { isLoopbackHost } from '../config/loopback.js';
import { E164_PATTERN } from '../domain/phone.js';
import { Secret } from './secret.js';

export interface SmtpSettings {
  host: string;
  port: number;
  /** smtps://: TLS from the first byte. */
  secure: boolean;
  /** smtp:// to another machine: STARTTLS or no mail, so no code or password crosses the network in clear. */
  requireTls: boolean;
  user: string | null;
  password: Secret | null;
  /** `Portal <no-reply@clinic.example>` or a bare address. */
  from: string;
}

export interface TwilioSettings {
  accountSid: string;
  authToken: Secret;
  /** E.164 number the texts and calls come from. */
  from: string;
  /** https://api.twilio.com, or another Twilio-compatible API. No trailing slash. */
  baseUrl: string;
  /** This service's address as the provider reaches it, for the call's key-press callback. No trailing slash. */
  callbackUrl: string;
}

export interface DeliverySettings {
  email: { kind: 'smtp'; smtp: SmtpSettings } | { kind: 'outbox' } | { kind: 'none' };
  phone: { kind: 'twilio'; twilio: TwilioSettings } | { kind: 'outbox' } | { kind: 'none' };
  /** The development outbox: its table receives what no provider is set for; its page and API are served. */
  devOutbox: { enabled: boolean; allowRemote: boolean };
}

const flag = (name: string) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: `${name} must be true or false.` })
    .transform((v) => v === 'true' || v === '1' || v === 'yes');

// A bare address or `Display Name <address>`, on one line (it becomes the From header).
const MAIL_FROM_PATTERN = /^(?:[^<>\r\n]*<[^<>\s@]+@[^<>\s@]+>|[^<>\s@]+@[^<>\s@]+)$/;

/** The delivery variables, merged into the service's environment schema (serverConfig.ts). */
export const DELIVERY_ENV_SHAPE = {
  SMTP_URL: z.string().trim().optional(),
  MAIL_FROM: z.string().trim().regex(MAIL_FROM_PATTERN, 'MAIL_FROM must be an address, e.g. "Riverside Portal <no-reply@riverside.example>".').optional(),
  TWILIO_ACCOUNT_SID: z.string().trim().regex(/^[A-Za-z0-9_-]{1,64}$/, 'TWILIO_ACCOUNT_SID must be the account SID (AC followed by 32 hex digits).').optional(),
  TWILIO_AUTH_TOKEN: z.string().trim().min(1).optional(),
  TWILIO_FROM: z.string().trim().regex(E164_PATTERN, 'TWILIO_FROM must be the sending number in E.164 form, e.g. +15555550123.').optional(),
  TWILIO_BASE_URL: z.string().trim().optional(),
  TWILIO_CALLBACK_URL: z.string().trim().optional(),
  DEV_OUTBOX: flag('DEV_OUTBOX').optional(),
  DEV_OUTBOX_ALLOW_REMOTE: flag('DEV_OUTBOX_ALLOW_REMOTE').optional(),
};
type DeliveryEnv = { [K in keyof typeof DELIVERY_ENV_SHAPE]?: z.output<(typeof DELIVERY_ENV_SHAPE)[K]> };

export interface DeliveryContext {
  host: string;
  /** A proxy in front makes even a loopback listener reachable from other machines. */
  behindProxy: boolean;
  /** No DATABASE_URL: the zero set-up run on the embedded SQLite file. */
  embeddedDatabase: boolean;
}

/**
 * Chooses how each channel leaves: email by SMTP when SMTP_URL is set, texts and calls by the
 * Twilio-compatible API when the TWILIO_ settings are, and otherwise the development outbox when it is
 * on. A channel goes to exactly one place: a message sent for real is not copied to the outbox, whose
 * page shows codes to anyone who can open it.
 */
export function deliverySettingsFrom(e: DeliveryEnv, context: DeliveryContext): DeliverySettings {
  const reachableFromOutside = !isLoopbackHost(context.host) || context.behindProxy;
  const allowRemote = e.DEV_OUTBOX_ALLOW_REMOTE ?? false;
  const enabled = e.DEV_OUTBOX ?? (context.embeddedDatabase && !reachableFromOutside);
  if (enabled && reachableFromOutside && !allowRemote) {
    throw new ConfigError(
      `Refusing DEV_OUTBOX=true on ${context.behindProxy ? 'a service behind a proxy (TRUST_PROXY)' : `HOST=${context.host}`}: ` +
        'the development outbox shows every code, link and call it received to anyone who can open its page.\n' +
        'Do one of these:\n' +
        '  - send for real: SMTP_URL and MAIL_FROM for email, the TWILIO_ settings for texts and calls, and DEV_OUTBOX=false\n' +
        '  - listen on this machine only: HOST=127.0.0.1 without TRUST_PROXY\n' +
        '  - on a test network of your own, accept the risk: DEV_OUTBOX_ALLOW_REMOTE=true',
    );
  }
  const fallback = enabled ? ({ kind: 'outbox' } as const) : ({ kind: 'none' } as const);
  const smtp = smtpSettingsFrom(e);
  const twilio = twilioSettingsFrom(e);
  return {
    email: smtp ? { kind: 'smtp', smtp } : fallback,
    phone: twilio ? { kind: 'twilio', twilio } : fallback,
    devOutbox: { enabled, allowRemote },
  };
}

function smtpSettingsFrom(e: DeliveryEnv): SmtpSettings | null {
  if (!e.SMTP_URL) {
    if (e.MAIL_FROM) throw new ConfigError('MAIL_FROM is set but SMTP_URL is not: set SMTP_URL=smtp://user:password@host:587 as well.');
    return null;
  }
  // Messages quote only the scheme and host of SMTP_URL: the rest may hold the password.
  let url: URL;
  try {
    url = new URL(e.SMTP_URL);
  } catch {
    throw new ConfigError('SMTP_URL is not a valid URL. Expected smtp://user:password@host:587 or smtps://user:password@host:465.');
  }
  const scheme = url.protocol.slice(0, -1).toLowerCase();
  if (scheme !== 'smtp' && scheme !== 'smtps') {
    throw new ConfigError(`SMTP_URL must start with smtp:// or smtps:// (it starts with "${scheme}:").`);
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') throw new ConfigError('SMTP_URL names no host. Expected smtp://user:password@host:587.');
  if (url.pathname.replace(/\/+$/, '') !== '' || url.search !== '') {
    throw new ConfigError(`SMTP_URL for ${host} has a path or query, which this service does not read. Expected smtp://user:password@host:587.`);
  }
  const user = url.username ? decodeURIComponent(url.username) : null;
  const password = url.password ? new Secret(decodeURIComponent(url.password)) : null;
  if ((user === null) !== (password === null)) {
    throw new ConfigError(`SMTP_URL for ${host} has a user name without a password, or a password without a user name. Percent-encode @, : and / inside them.`);
  }
  if (!e.MAIL_FROM) throw new ConfigError('SMTP_URL is set but MAIL_FROM is not: set the sender, e.g. MAIL_FROM="Riverside Portal <no-reply@riverside.example>".');
  const secure = scheme === 'smtps';
  return {
    host,
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    requireTls: !secure && !isLoopbackHost(host),
    user,
    password,
    from: e.MAIL_FROM,
  };
}

function twilioSettingsFrom(e: DeliveryEnv): TwilioSettings | null {
  const required = { TWILIO_ACCOUNT_SID: e.TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN: e.TWILIO_AUTH_TOKEN, TWILIO_FROM: e.TWILIO_FROM, TWILIO_CALLBACK_URL: e.TWILIO_CALLBACK_URL };
  const given = Object.entries(required).filter(([, v]) => v !== undefined);
  if (given.length === 0) {
    if (e.TWILIO_BASE_URL) throw new ConfigError('TWILIO_BASE_URL is set but TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM and TWILIO_CALLBACK_URL are not.');
    return null;
  }
  const missing = Object.entries(required).filter(([, v]) => v === undefined).map(([k]) => k);
  if (missing.length > 0) {
    throw new ConfigError(`Texts and calls through Twilio need TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM and TWILIO_CALLBACK_URL; missing: ${missing.join(', ')}.`);
  }
  return {
    accountSid: e.TWILIO_ACCOUNT_SID ?? '',
    authToken: new Secret(e.TWILIO_AUTH_TOKEN ?? ''),
    from: e.TWILIO_FROM ?? '',
    // The auth token travels in every request: only over TLS, or to a stand-in on this machine.
    baseUrl: httpsUrl('TWILIO_BASE_URL', e.TWILIO_BASE_URL ?? 'https://api.twilio.com'),
    callbackUrl: httpsUrl('TWILIO_CALLBACK_URL', e.TWILIO_CALLBACK_URL ?? ''),
  };
}

function httpsUrl(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${name} is not a valid URL, e.g. https://portal.clinic.example.`);
  }
  const loopback = isLoopbackHost(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new ConfigError(`${name} must be an https:// address (plain http:// only to this machine).`);
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new ConfigError(`${name} must be a plain address, without user name, password, query or fragment.`);
  }
  return url.toString().replace(/\/+$/, '');
}
