// Test and benchmark only: many users, inserted fast. Never imported by the service.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { MfaMethod } from '../../domain/mfaMethods.js';
import type { Role } from '../../domain/user.js';

const FIRST = [
  'Aaliyah', 'Aaron', 'Abigail', 'Adam', 'Adrian', 'Aisha', 'Alejandro', 'Alice', 'Amara', 'Ana', 'Andre', 'Angela', 'Ben', 'Bianca',
  'Carlos', 'Carmen', 'Chen', 'Chloe', 'Daniel', 'Dana', 'David', 'Diego', 'Elena', 'Elijah', 'Emily', 'Emma', 'Fatima', 'Felix',
  'Gabriel', 'Grace', 'Hannah', 'Hiro', 'Ibrahim', 'Isabel', 'Jack', 'Jamal', 'James', 'Jasmine', 'Jose', 'Julia', 'Kai', 'Kate',
  'Layla', 'Leo', 'Liam', 'Lucia', 'Maria', 'Marcus', 'Mateo', 'Maya', 'Mei', 'Mohammed', 'Nadia', 'Noah', 'Olivia', 'Omar',
  'Priya', 'Rafael', 'Rosa', 'Samuel', 'Sara', 'Sofia', 'Tariq', 'Thomas', 'Valentina', 'Wei', 'William', 'Yusuf', 'Zoe', 'Zara',
];
const LAST = [
  'Adams', 'Ahmed', 'Alvarez', 'Anderson', 'Baker', 'Bennett', 'Brooks', 'Brown', 'Carter', 'Castillo', 'Chavez', 'Chen', 'Clark',
  'Collins', 'Cruz', 'Davis', 'Diaz', 'Edwards', 'Evans', 'Fischer', 'Flores', 'Foster', 'Garcia', 'Gomez', 'Gonzalez', 'Gray',
  'Green', 'Hall', 'Harris', 'Hernandez', 'Hill', 'Hughes', 'Jackson', 'James', 'Jenkins', 'Johnson', 'Jones', 'Kelly', 'Khan',
  'Kim', 'King', 'Lee', 'Lewis', 'Lopez', 'Martin', 'Martinez', 'Mendoza', 'Miller', 'Mitchell', 'Moore', 'Morales', 'Morgan',
  'Murphy', 'Nguyen', 'Nelson', 'Okafor', 'Ortega', 'Ortiz', 'Patel', 'Perez', 'Peterson', 'Phillips', 'Price', 'Ramirez', 'Reed',
  'Reyes', 'Rivera', 'Roberts', 'Robinson', 'Rodriguez', 'Rogers', 'Ruiz', 'Sanchez', 'Sanders', 'Scott', 'Singh', 'Smith',
  'Stewart', 'Sullivan', 'Taylor', 'Thomas', 'Thompson', 'Torres', 'Turner', 'Walker', 'Ward', 'Watson', 'White', 'Williams',
  'Wilson', 'Wood', 'Wright', 'Yamamoto', 'Young', 'Zhang',
];

export interface GeneratedUser {
  id: string;
  username: string;
  name: string;
  email: string;
  orgId: string;
  /** null: not registered; otherwise the confirmed method (every 7th user's is still unconfirmed). */
  method: MfaMethod | null;
}

/** Spreads users over organizations by a multiplicative hash, so an organization's people are not all "Ana" or all from one month. */
const orgIndex = (i: number, orgs: number) => (Math.imul(i, 0x9e3779b1) >>> 0) % orgs;

/** The i-th generated user, the same on every run: names cycle through FIRST × LAST, usernames are unique. */
export function generatedUser(i: number, orgIds: readonly string[], prefix = 'gen'): GeneratedUser {
  const first = FIRST[i % FIRST.length]!;
  const last = LAST[Math.floor(i / FIRST.length) % LAST.length]!;
  const round = Math.floor(i / (FIRST.length * LAST.length));
  const username = `${first}.${last}${round === 0 ? '' : round}`.toLowerCase();
  const methods: Array<MfaMethod | null> = ['totp', 'sms', 'email', null, 'voice', 'totp', null];
  const suffix = prefix === 'gen' ? '' : `.${prefix}`;
  return {
    id: `${prefix}-${String(i).padStart(7, '0')}`,
    username: `${username}${suffix}`,
    name: `${first} ${last}`,
    email: `${username}${suffix}@org${orgIndex(i, orgIds.length)}.example`,
    orgId: orgIds[orgIndex(i, orgIds.length)]!,
    method: methods[i % methods.length]!,
  };
}

export interface GenerateUsersOptions {
  count: number;
  /** Index of the first user (ids, names and creation times follow from it): a later batch continues an earlier one. */
  from?: number;
  /** Users are spread over these organizations (by a hash of their index), as staff. */
  orgIds: readonly string[];
  /** Id and username prefix, so several batches can share a database. */
  prefix?: string;
  role?: Role;
}

/**
 * Inserts `count` users with memberships and MFA registrations in one transaction, 500 rows per
 * statement (SQLite allows 32,766 bound values per statement, PostgreSQL 65,535): 100,000 users take a
 * few seconds on either database.
 */
export async function generateUsers(db: Kysely<Database>, options: GenerateUsersOptions): Promise<void> {
  const chunk = 500;
  const at = Date.parse('2025-06-01T08:00:00.000Z');
  const from = options.from ?? 0;
  const end = from + options.count;
  await db.transaction().execute(async (trx) => {
    for (let start = from; start < end; start += chunk) {
      const users = Array.from({ length: Math.min(chunk, end - start) }, (_, k) => generatedUser(start + k, options.orgIds, options.prefix));
      await trx
        .insertInto('users')
        .values(
          users.map((u, k) => {
            const created = new Date(at + (start + k) * 60_000).toISOString();
            return {
              id: u.id,
              username: u.username,
              email: u.email,
              name: u.name,
              name_search: u.name.toLowerCase(),
              primary_phone: null,
              secondary_phone: null,
              status: (start + k) % 50 === 0 ? ('locked' as const) : ('active' as const),
              password_hash: 'x',
              created_at: created,
              updated_at: created,
              // Every third user has never signed in.
              last_login_at: (start + k) % 3 === 0 ? '' : new Date(at + ((start + k) * 7919 % 100_000) * 60_000).toISOString(),
            };
          }),
        )
        .execute();
      await trx
        .insertInto('memberships')
        .values(users.map((u) => ({ user_id: u.id, org_id: u.orgId, role: options.role ?? 'staff' })))
        .execute();
      const registered = users.filter((u) => u.method !== null);
      if (registered.length > 0) {
        await trx
          .insertInto('mfa_registrations')
          .values(
            registered.map((u, k) => ({
              id: `${u.id}-mfa`,
              user_id: u.id,
              method: u.method!,
              // A stand-in envelope: search never opens it, and the CHECK wants one for totp.
              totp_secret_encrypted: u.method === 'totp' ? 'v1.generated' : null,
              phone: u.method === 'sms' || u.method === 'voice' ? '+13125550100' : null,
              confirmed_at: k % 7 === 0 ? null : '2025-06-02T08:00:00.000Z',
              created_at: '2025-06-02T08:00:00.000Z',
            })),
          )
          .execute();
      }
    }
  });
}
