// Test-only: sign-in's test world (server/auth/testing/signInTestApp.ts) with what the self-service flows
// add — an NPI and a provider registration code for the clinic — and a cookie-keeping browser over
// fastify.inject. Never imported by the service.
import { signInTestWorld, type SignInTestWorld } from '../../auth/testing/signInTestApp.js';
import type { AuthSettings } from '../../auth/authSettings.js';
import type { TestDialect } from '../../db/testing/testDatabases.js';
import type { PortalServer } from '../../http/buildServer.js';
import { createProviderRegistrationCode } from '../providerRegistrationCodes.js';

/** Passes the NPI check digit; made up. */
export const CLINIC_NPI = '1528394061';
export const NEW_PASSWORD = 'blue meadow quiet lantern 42';

export interface SelfServiceTestWorld extends SignInTestWorld {
  /** The clinic's provider registration code, as handed out. */
  registrationCode: string;
}

export async function selfServiceTestWorld(dialect: TestDialect, settings: Partial<AuthSettings> = {}): Promise<SelfServiceTestWorld> {
  const world = await signInTestWorld(dialect, settings);
  await world.db.insertInto('npis').values({ org_id: world.orgIds.clinic, npi: CLINIC_NPI }).execute();
  const { code } = await createProviderRegistrationCode(world.db, { orgId: world.orgIds.clinic, now: world.clock.now() });
  return Object.assign(world, { registrationCode: code });
}

export interface Cookie {
  name: string;
  value: string;
  httpOnly?: boolean;
  secure?: boolean;
  sameSite?: string;
  maxAge?: number;
  path?: string;
}

/**
 * A cookie jar over fastify.inject: what a browser keeps and sends back; posts come from our own origin.
 * `extraHeaders` go with every request (e.g. what a TLS-terminating proxy adds).
 */
export class PageBrowser {
  readonly jar = new Map<string, string>();
  lastCookies: Cookie[] = [];
  constructor(
    readonly app: PortalServer,
    readonly origin = 'http://localhost',
    private readonly extraHeaders: Record<string, string> = {},
  ) {}

  get(url: string) {
    return this.send('GET', url);
  }

  post(url: string, fields: Record<string, string>, headers: Record<string, string> = { origin: this.origin }) {
    return this.send('POST', url, new URLSearchParams(fields).toString(), { 'content-type': 'application/x-www-form-urlencoded', ...headers });
  }

  /** GET the page, then post its form with its CSRF token and `fields`. */
  async submit(pageUrl: string, action: string, fields: Record<string, string> = {}) {
    const page = await this.get(pageUrl);
    return this.post(action, { _csrf: csrfOf(page.body), ...fields });
  }

  private async send(method: 'GET' | 'POST', url: string, payload?: string, headers: Record<string, string> = {}) {
    const cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await this.app.inject({ method, url, ...(payload !== undefined ? { payload } : {}), headers: { ...this.extraHeaders, ...headers, ...(cookie ? { cookie } : {}) } });
    this.lastCookies = res.cookies as Cookie[];
    for (const c of this.lastCookies) {
      if (c.value === '' || c.maxAge === 0) this.jar.delete(c.name);
      else this.jar.set(c.name, c.value);
    }
    return res;
  }
}

export const csrfOf = (page: string): string => /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';

interface OutboxMessage {
  id: string;
  channel: string;
  recipient: string;
  subject: string | null;
  body: string;
  call: { state: string } | null;
}

export async function outbox(app: PortalServer, recipient: string): Promise<OutboxMessage[]> {
  const res = await app.inject({ method: 'GET', url: `/api/dev/outbox?recipient=${encodeURIComponent(recipient)}&limit=100` });
  return (res.json() as { messages: OutboxMessage[] }).messages;
}

/**
 * The newest message to `recipient` matching `test`, waiting for it: emails a stranger's request
 * triggers are sent after the answer, so they land a moment later.
 */
export async function waitForMessage(app: PortalServer, recipient: string, test: (m: OutboxMessage) => boolean = () => true, timeoutMs = 5000): Promise<OutboxMessage> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = (await outbox(app, recipient)).find(test);
    if (found) return found;
    if (Date.now() > until) throw new Error(`no matching message for ${recipient} in the outbox`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const codeIn = (m: OutboxMessage): string => /\b(\d{6})\b/.exec(m.body)?.[1] ?? '';
export const linkIn = (m: OutboxMessage): string => /(https?:\/\/\S+\/register\/link\?token=[A-Za-z0-9_-]{43})/.exec(m.body)?.[1] ?? '';
export const linkTokenIn = (m: OutboxMessage): string => /token=([A-Za-z0-9_-]{43})/.exec(m.body)?.[1] ?? '';

/** Audit lines about a user (or, with null, about nobody), oldest first, details parsed. */
export async function auditOf(world: SignInTestWorld, userId: string | null, prefix = '') {
  const rows = await world.db
    .selectFrom('audit_log')
    .select(['event', 'details', 'ip', 'org_id'])
    .where('subject_user_id', userId === null ? 'is' : '=', userId)
    .where('event', 'like', `${prefix}%`)
    .orderBy('at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ ...r, details: JSON.parse(r.details) as Record<string, unknown> }));
}
