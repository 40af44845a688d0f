// Test-only: a running admin API over a migrated database with three organizations and their people.
// Never imported by the service.
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Kysely } from 'kysely';
import { loadServerConfig } from '../../config/serverConfig.js';
import type { Database } from '../../db/schema.js';
import type { TestDialect } from '../../db/testing/testDatabases.js';
import { DeliveryError } from '../../delivery/deliveryError.js';
import type { EmailMessage, EmailSender } from '../../delivery/emailSender.js';
import type { PhoneProvider } from '../../delivery/phoneProvider.js';
import type { Role } from '../../domain/user.js';
import { buildServer, type PortalServer } from '../../http/buildServer.js';
import { createOneTimeCodes, type OneTimeCodes } from '../../security/oneTimeCodes.js';
import { argon2idHasher } from '../../security/passwordHash.js';
import { createSecretBox } from '../../security/secretBox.js';
import { manualClock, migratedTestDatabase, randomKeyRing, type MigratedTestDatabase } from '../../security/testing/securityFixtures.js';
import { DEFAULT_TOTP_PARAMETERS, totpCodeAt, totpStep } from '../../security/totpCode.js';
import { generateTotpSecret, sealTotpSecret } from '../../security/totpSecret.js';
import { createAdminDeps, type AdminDeps } from '../adminDeps.js';
import { issueAdminToken } from '../tokens/adminTokens.js';

export const START = '2026-01-05T09:00:10.000Z';
export const PASSWORD = 'correct horse battery staple';
export const BASE_URL = 'https://portal.riverside.example';

// Argon2id costs ~30 ms a hash: one for the whole file, shared by every user.
let passwordHash: Promise<string> | null = null;
const hashedPassword = () => (passwordHash ??= argon2idHasher.hash(PASSWORD));

export const ORGS = {
  riverside: { id: 'org-riverside', name: 'Riverside Family Clinic' },
  lakeside: { id: 'org-lakeside', name: 'Lakeside Pediatrics' },
  hilltop: { id: 'org-hilltop', name: 'Hilltop Imaging' },
} as const;

interface PersonSpec {
  id: string;
  username: string;
  name: string;
  phone?: string;
  memberships: Array<[orgId: string, role: Role]>;
}

/**
 * Riverside's clinic admin (Dana), a provider admin over Riverside and Hilltop (Marcus), Lakeside's
 * clinic admin (Lena), staff in each, and one person on staff at both Riverside and Lakeside (Sam).
 */
export const PEOPLE = {
  dana: { id: 'u-dana', username: 'clinic.admin', name: 'Dana Whitfield', phone: '+13125550101', memberships: [[ORGS.riverside.id, 'clinic_admin']] },
  marcus: { id: 'u-marcus', username: 'provider.admin', name: 'Marcus Ortega', memberships: [[ORGS.riverside.id, 'provider_admin'], [ORGS.hilltop.id, 'provider_admin']] },
  lena: { id: 'u-lena', username: 'lakeside.admin', name: 'Lena Brooks', memberships: [[ORGS.lakeside.id, 'clinic_admin']] },
  ana: { id: 'u-ana', username: 'ana.lopez', name: 'Ana Lopez', phone: '+13125559885', memberships: [[ORGS.riverside.id, 'staff']] },
  ben: { id: 'u-ben', username: 'ben.carter', name: 'Ben Carter', memberships: [[ORGS.riverside.id, 'staff']] },
  kim: { id: 'u-kim', username: 'kim.ng', name: 'Kim Ng', memberships: [[ORGS.lakeside.id, 'staff']] },
  hugo: { id: 'u-hugo', username: 'hugo.reyes', name: 'Hugo Reyes', memberships: [[ORGS.hilltop.id, 'staff']] },
  sam: { id: 'u-sam', username: 'sam.patel', name: 'Sam Patel', memberships: [[ORGS.riverside.id, 'staff'], [ORGS.lakeside.id, 'staff']] },
} as const satisfies Record<string, PersonSpec>;
export type Person = keyof typeof PEOPLE;

export interface SentText {
  to: string;
  body: string;
}

export interface AdminWorld {
  fixture: MigratedTestDatabase;
  db: Kysely<Database>;
  app: PortalServer;
  deps: AdminDeps;
  /** The one-time codes of this world's database and keys, as the portal's sign-in issues and checks them. */
  codes: OneTimeCodes;
  clock: ReturnType<typeof manualClock>;
  emails: EmailMessage[];
  texts: SentText[];
  /** Makes every email fail as an unreachable relay would, until set back. */
  failEmail(fail: boolean): void;
  /** The current authenticator code of someone registered with registerTotp. */
  totpCode(person: Person): string;
  registerTotp(person: Person): Promise<void>;
  registerMethod(person: Person, method: 'sms' | 'email' | 'voice', confirmed?: boolean): Promise<void>;
  /** A bearer token for the person straight from the table: what sign-in would hand out. */
  tokenFor(person: Person): Promise<string>;
  call(options: InjectOptions & { token?: string | undefined }): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export async function startAdminWorld(dialect: TestDialect): Promise<AdminWorld> {
  const fixture = await migratedTestDatabase(dialect);
  const db = fixture.database.db;
  const clock = manualClock(START);
  const keys = randomKeyRing();
  const box = createSecretBox(keys);
  const emails: EmailMessage[] = [];
  const texts: SentText[] = [];
  let emailFails = false;
  const email: EmailSender = {
    async send(message) {
      if (emailFails) throw new DeliveryError('email', 'unreachable', 'Nothing answers at smtp.riverside.example:587. Check SMTP_URL.');
      emails.push(message);
    },
  };
  const phone: PhoneProvider = {
    async sendSms(to, body) {
      texts.push({ to, body });
      return { id: `sms-${texts.length}` };
    },
    async placeVerificationCall() {
      throw new DeliveryError('voice', 'not_configured', 'Calls are not part of these tests.');
    },
    async callStatus() {
      return 'failed';
    },
  };

  await seedPeople(db, await hashedPassword());
  const deps = createAdminDeps({ db, keys, delivery: { email, phone }, now: clock.now, publicBaseUrl: BASE_URL });
  const config = loadServerConfig({ DATABASE_URL: 'sqlite::memory:', LOG_LEVEL: 'silent' }, process.cwd());
  const app = await buildServer(config, { db, tlsCredentials: null, admin: deps });
  const secrets = new Map<string, Buffer>();

  return {
    fixture,
    db,
    app,
    deps,
    codes: createOneTimeCodes({ db, keys, now: clock.now }),
    clock,
    emails,
    texts,
    failEmail(fail) {
      emailFails = fail;
    },
    totpCode(person) {
      const secret = secrets.get(PEOPLE[person].id);
      if (!secret) throw new Error(`${person} has no authenticator registration`);
      return totpCodeAt(secret, totpStep(clock.now().getTime(), 30), DEFAULT_TOTP_PARAMETERS);
    },
    async registerTotp(person) {
      const userId = PEOPLE[person].id;
      const registrationId = `reg-${userId}-totp`;
      const secret = generateTotpSecret();
      secrets.set(userId, secret);
      await db
        .insertInto('mfa_registrations')
        .values({ id: registrationId, user_id: userId, method: 'totp', totp_secret_encrypted: sealTotpSecret(box, { userId, registrationId }, secret), phone: null, confirmed_at: START, created_at: START })
        .execute();
    },
    async registerMethod(person, method, confirmed = true) {
      const spec: PersonSpec = PEOPLE[person];
      await db
        .insertInto('mfa_registrations')
        .values({
          id: `reg-${spec.id}-${method}`,
          user_id: spec.id,
          method,
          totp_secret_encrypted: null,
          phone: method === 'email' ? null : (spec.phone ?? '+13125550100'),
          confirmed_at: confirmed ? START : null,
          created_at: START,
        })
        .execute();
    },
    async tokenFor(person) {
      return (await issueAdminToken(db, PEOPLE[person].id, clock.now())).token;
    },
    call({ token, headers, ...options }) {
      return app.inject({ ...options, headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) } });
    },
    async close() {
      await app.close();
      await fixture.close();
    },
  };
}

async function seedPeople(db: Kysely<Database>, hash: string): Promise<void> {
  await db
    .insertInto('organizations')
    .values(
      Object.values(ORGS).map((o) => ({
        id: o.id,
        name: o.name,
        mfa_mode: 'off' as const,
        mfa_allowed_methods: '["totp","sms","voice","email"]',
        mfa_method_choice: 'user_choice' as const,
        mfa_fixed_method: null,
        mfa_enforcement_date: null,
        created_at: START,
        updated_at: START,
      })),
    )
    .execute();
  await db.insertInto('npis').values({ org_id: ORGS.riverside.id, npi: '1528394061' }).execute();
  const people: PersonSpec[] = Object.values(PEOPLE);
  await db
    .insertInto('users')
    .values(
      people.map((p) => ({
        id: p.id,
        username: p.username,
        email: `${p.username}@clinic.example`,
        name: p.name,
        name_search: p.name.toLowerCase(),
        primary_phone: p.phone ?? null,
        secondary_phone: null,
        status: 'active' as const,
        password_hash: hash,
        created_at: START,
        updated_at: START,
      })),
    )
    .execute();
  await db
    .insertInto('memberships')
    .values(people.flatMap((p) => p.memberships.map(([orgId, role]) => ({ user_id: p.id, org_id: orgId, role }))))
    .execute();
}
