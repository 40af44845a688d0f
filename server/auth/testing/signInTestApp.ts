// Test-only: the service with sign-in on a migrated test database, the development outbox as its
// delivery, a clock the test moves, and a small clinic of users in every MFA situation. Never imported
// by the service.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { loadServerConfig } from '../../config/serverConfig.js';
import type { Database } from '../../db/schema.js';
import type { TestDialect } from '../../db/testing/testDatabases.js';
import { outboxEmailSender, outboxPhoneProvider } from '../../delivery/outbox/outboxSenders.js';
import { OutboxStore } from '../../delivery/outbox/outboxStore.js';
import type { MfaMethod } from '../../domain/mfaMethods.js';
import type { MfaPolicy } from '../../domain/organization.js';
import { buildServer, type PortalServer } from '../../http/buildServer.js';
import { devOutboxRoutes } from '../../http/routes/devOutboxRoutes.js';
import { argon2idHasher } from '../../security/passwordHash.js';
import { createSecretBox } from '../../security/secretBox.js';
import type { SecretKeyRing } from '../../security/secretKeyRing.js';
import { manualClock, migratedTestDatabase, randomKeyRing, type MigratedTestDatabase } from '../../security/testing/securityFixtures.js';
import { DEFAULT_TOTP_PARAMETERS, totpCodeAt, totpStep } from '../../security/totpCode.js';
import { generateTotpSecret, sealTotpSecret } from '../../security/totpSecret.js';
import { DEFAULT_AUTH_SETTINGS, type AuthSettings } from '../authSettings.js';

export const PASSWORD = 'correct horse battery staple';
export const START = '2026-03-02T14:00:05.000Z';

const REQUIRED_ALL: MfaPolicy = { mode: 'required', allowedMethods: ['totp', 'sms', 'voice', 'email'], methodChoice: 'user_choice', fixedMethod: null, enforcementDate: null };
const OFF: MfaPolicy = { mode: 'off', allowedMethods: ['totp', 'sms', 'voice', 'email'], methodChoice: 'user_choice', fixedMethod: null, enforcementDate: null };

export interface TestUser {
  username: string;
  org: 'clinic' | 'noMfa';
  primaryPhone?: string;
  secondaryPhone?: string;
  /** Confirmed registrations. */
  methods?: MfaMethod[];
  name?: string;
}

/** The clinic requires MFA with every method and the user's choice; `noMfa` has it off. */
export const TEST_USERS: readonly TestUser[] = [
  { username: 'ana', org: 'clinic', methods: ['totp'] },
  { username: 'ben', org: 'clinic', methods: ['sms'], primaryPhone: '+13125550104' },
  { username: 'cara', org: 'clinic', methods: ['voice'], primaryPhone: '+13125550105', secondaryPhone: '+13125550115' },
  { username: 'dan', org: 'clinic', methods: ['email'] },
  { username: 'eve', org: 'clinic', primaryPhone: '+13125550107' },
  { username: 'fay', org: 'noMfa' },
  { username: 'gus', org: 'clinic', methods: ['sms', 'voice', 'email'], primaryPhone: '+13125550109' },
];

export interface SignInTestWorld {
  fixture: MigratedTestDatabase;
  db: Kysely<Database>;
  keys: SecretKeyRing;
  clock: ReturnType<typeof manualClock>;
  settings: AuthSettings;
  /** The TOTP key of `ana`. */
  anaSecret: Buffer;
  orgIds: { clinic: string; noMfa: string };
  userIds: Record<string, string>;
  /** Another instance of the service on the same database (its own connection pool). */
  newApp(options?: { trustProxy?: string }): Promise<PortalServer>;
  totpNow(secret: Buffer, offsetSteps?: number): string;
  close(): Promise<void>;
}

export async function signInTestWorld(dialect: TestDialect, settings: Partial<AuthSettings> = {}): Promise<SignInTestWorld> {
  const fixture = await migratedTestDatabase(dialect);
  const db = fixture.database.db;
  const keys = randomKeyRing();
  // Moves a millisecond on every reading, so rows written one after another (outbox messages, audit
  // lines) sort in the order they were written, as they would under a real clock.
  const manual = manualClock(START);
  const clock = {
    ...manual,
    now: () => {
      manual.advance(0.001);
      return manual.now();
    },
  };
  const fullSettings: AuthSettings = { ...DEFAULT_AUTH_SETTINGS, ...settings };
  const box = createSecretBox(keys);
  const anaSecret = generateTotpSecret();
  const at = clock.now().toISOString();
  const orgIds = { clinic: randomUUID(), noMfa: randomUUID() };
  const policy = { clinic: REQUIRED_ALL, noMfa: OFF };
  for (const [key, id] of Object.entries(orgIds) as Array<[keyof typeof orgIds, string]>) {
    const p = policy[key];
    await db
      .insertInto('organizations')
      .values({ id, name: key, mfa_mode: p.mode, mfa_allowed_methods: JSON.stringify(p.allowedMethods), mfa_method_choice: p.methodChoice, mfa_fixed_method: p.fixedMethod, mfa_enforcement_date: p.enforcementDate, created_at: at, updated_at: at })
      .execute();
  }
  const passwordHash = await argon2idHasher.hash(PASSWORD);
  const userIds: Record<string, string> = {};
  for (const u of TEST_USERS) {
    const id = randomUUID();
    userIds[u.username] = id;
    await db
      .insertInto('users')
      .values({
        id,
        username: u.username,
        email: `${u.username}@clinic.example`,
        name: u.name ?? u.username.toUpperCase(),
        name_search: u.username,
        primary_phone: u.primaryPhone ?? null,
        secondary_phone: u.secondaryPhone ?? null,
        status: 'active',
        password_hash: passwordHash,
        created_at: at,
        updated_at: at,
      })
      .execute();
    await db.insertInto('memberships').values({ user_id: id, org_id: orgIds[u.org], role: 'staff' }).execute();
    for (const method of u.methods ?? []) {
      const registrationId = randomUUID();
      await db
        .insertInto('mfa_registrations')
        .values({
          id: registrationId,
          user_id: id,
          method,
          totp_secret_encrypted: method === 'totp' ? sealTotpSecret(box, { userId: id, registrationId }, anaSecret) : null,
          phone: method === 'sms' || method === 'voice' ? (u.primaryPhone ?? null) : null,
          confirmed_at: at,
          created_at: at,
          last_totp_step: null,
        })
        .execute();
    }
  }

  const apps: PortalServer[] = [];
  return {
    fixture,
    db,
    keys,
    clock,
    settings: fullSettings,
    anaSecret,
    orgIds,
    userIds,
    async newApp(options = {}) {
      const another = apps.length === 0 ? fixture.database : fixture.openAnother();
      const outbox = new OutboxStore(another.db, clock.now);
      const config = loadServerConfig({ DATABASE_URL: 'sqlite::memory:', LOG_LEVEL: 'silent', ...(options.trustProxy ? { TRUST_PROXY: options.trustProxy } : {}) }, process.cwd());
      const app = await buildServer(config, {
        db: another.db,
        tlsCredentials: null,
        deliveryRoutes: devOutboxRoutes(outbox, { allowRemote: false }),
        signIn: { db: another.db, groupCommit: another.groupCommit, keys, hasher: argon2idHasher, email: outboxEmailSender(outbox), phone: outboxPhoneProvider(outbox), settings: fullSettings, now: clock.now },
      });
      apps.push(app);
      return app;
    },
    totpNow: (secret, offsetSteps = 0) => totpCodeAt(secret, totpStep(clock.now().getTime(), 30) + offsetSteps, DEFAULT_TOTP_PARAMETERS),
    async close() {
      for (const app of apps) await app.close();
      await fixture.close();
    },
  };
}

/** The newest 6-digit code the outbox holds for a recipient (email address or E.164 number). */
export async function codeFromOutbox(app: PortalServer, recipient: string): Promise<string> {
  const res = await app.inject({ method: 'GET', url: `/api/dev/outbox?recipient=${encodeURIComponent(recipient)}&limit=1` });
  const body = res.json() as { messages: Array<{ body: string }> };
  const match = /\b(\d{6})\b/.exec(body.messages[0]?.body ?? '');
  if (!match?.[1]) throw new Error(`no code in the outbox for ${recipient}`);
  return match[1];
}

/** The newest call the outbox holds for a number. */
export async function callFromOutbox(app: PortalServer, recipient: string): Promise<{ id: string; state: string }> {
  const res = await app.inject({ method: 'GET', url: `/api/dev/outbox?recipient=${encodeURIComponent(recipient)}&limit=1` });
  const message = (res.json() as { messages: Array<{ id: string; channel: string; call: { state: string } | null }> }).messages[0];
  if (!message?.call) throw new Error(`no call in the outbox for ${recipient}`);
  return { id: message.id, state: message.call.state };
}
