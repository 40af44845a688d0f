// The users and sign-ins the verification benchmark spends: users with confirmed authenticator
// registrations whose keys the bench knows (written in bulk through the service's own modules), and
// pre-MFA sign-ins made by the service's session store, as the password step makes them.
import type { Kysely } from 'kysely';
import { DEFAULT_AUTH_SETTINGS } from '../../server/auth/authSettings.js';
import type { Database } from '../../server/db/schema.js';
import { createSecretBox } from '../../server/security/secretBox.js';
import type { SecretKeyRing } from '../../server/security/secretKeyRing.js';
import { DEFAULT_TOTP_PARAMETERS, totpCodeAt, totpStep } from '../../server/security/totpCode.js';
import { generateTotpSecret, sealTotpSecret } from '../../server/security/totpSecret.js';
import { createSessionStore } from '../../server/sessions/sessionStore.js';
import type { LoadRequest, RequestSource } from './httpLoad.js';

export const BENCH_ORG_ID = 'bench-verify-org';
export const BENCH_PASSWORD = 'bench password: correct horse battery staple';

export interface BenchUsers {
  ids: string[];
  usernames: string[];
  secrets: Buffer[];
}

const userId = (i: number) => `bench-v-${String(i).padStart(7, '0')}`;

/**
 * One organization requiring MFA (authenticator only) and `count` active users, each with a confirmed
 * authenticator registration sealed under the service's key, in one transaction of 500-row statements.
 */
export async function seedBenchUsers(db: Kysely<Database>, keys: SecretKeyRing, count: number, passwordHash: string): Promise<BenchUsers> {
  const box = createSecretBox(keys);
  const at = new Date().toISOString();
  const users: BenchUsers = { ids: [], usernames: [], secrets: [] };
  await db
    .insertInto('organizations')
    .values({ id: BENCH_ORG_ID, name: 'Bench Clinic', mfa_mode: 'required', mfa_allowed_methods: '["totp"]', mfa_method_choice: 'user_choice', mfa_fixed_method: null, mfa_enforcement_date: null, created_at: at, updated_at: at })
    .execute();
  await db.transaction().execute(async (trx) => {
    for (let start = 0; start < count; start += 500) {
      const rows = Array.from({ length: Math.min(500, count - start) }, (_, k) => {
        const i = start + k;
        const id = userId(i);
        const secret = generateTotpSecret();
        users.ids.push(id);
        users.usernames.push(`bench.user${i}`);
        users.secrets.push(secret);
        return { id, i, secret };
      });
      await trx
        .insertInto('users')
        .values(
          rows.map(({ id, i }) => ({
            id,
            username: `bench.user${i}`,
            email: `bench.user${i}@bench.example`,
            name: `Bench User ${i}`,
            name_search: `bench user ${i}`,
            primary_phone: null,
            secondary_phone: null,
            status: 'active' as const,
            password_hash: passwordHash,
            created_at: at,
            updated_at: at,
          })),
        )
        .execute();
      await trx.insertInto('memberships').values(rows.map(({ id }) => ({ user_id: id, org_id: BENCH_ORG_ID, role: 'staff' as const }))).execute();
      await trx
        .insertInto('mfa_registrations')
        .values(
          rows.map(({ id, secret }) => ({
            id: `${id}-totp`,
            user_id: id,
            method: 'totp' as const,
            totp_secret_encrypted: sealTotpSecret(box, { userId: id, registrationId: `${id}-totp` }, secret),
            phone: null,
            confirmed_at: at,
            created_at: at,
            last_totp_step: null,
          })),
        )
        .execute();
    }
  });
  return users;
}

/**
 * Pre-MFA sign-ins, handed out so that every verification can succeed: the replay guard accepts a
 * user's code only for a later time step than the last one accepted, so a user is used again only once
 * a fresh step is in reach (the current one, or the next, which the ±1 look-around accepts), and never
 * while a request of theirs is in flight.
 */
export class SignInPool {
  readonly #users: BenchUsers;
  /** Round-robin queue of [user index, login token]. */
  #queue: Array<[number, string]> = [];
  #head = 0;
  #cursor = 0;
  readonly #lastStep: Float64Array;
  readonly #inFlight: Uint8Array;
  /** Codes sent that the service did not accept (each also counts toward its lockouts). */
  failures = 0;

  constructor(users: BenchUsers) {
    this.#users = users;
    this.#lastStep = new Float64Array(users.ids.length).fill(-1);
    this.#inFlight = new Uint8Array(users.ids.length);
  }

  get ready(): number {
    return this.#queue.length - this.#head;
  }

  /** Tops the queue up to `wanted` sign-ins through the service's session store (the password step's call). */
  async fill(db: Kysely<Database>, dialect: 'sqlite' | 'postgres', wanted: number): Promise<void> {
    if (this.#head > 0) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
    const missing = wanted - this.ready;
    if (missing <= 0) return;
    const planned: number[] = [];
    for (let k = 0; k < missing; k++) planned.push(this.#cursor++ % this.#users.ids.length);
    const batch = 2000;
    const batches: number[][] = [];
    for (let s = 0; s < planned.length; s += batch) batches.push(planned.slice(s, s + batch));
    const made: Array<Array<[number, string]>> = new Array(batches.length);
    const pending = DEFAULT_AUTH_SETTINGS.pendingSeconds;
    const work = async (b: number) => {
      made[b] = await db.transaction().execute(async (trx) => {
        const sessions = createSessionStore(trx, () => new Date());
        const out: Array<[number, string]> = [];
        for (const u of batches[b]!) {
          const created = await sessions.create(
            { userId: this.#users.ids[u]!, stage: 'second_factor', method: 'totp', state: { options: ['totp'], wrongTries: 0 }, ip: '127.0.0.1' },
            { idleSeconds: pending, absoluteSeconds: pending },
          );
          out.push([u, created.token]);
        }
        return out;
      });
    };
    // PostgreSQL takes several transactions at once; SQLite has one writer.
    const lanes = dialect === 'postgres' ? 6 : 1;
    let next = 0;
    await Promise.all(
      Array.from({ length: lanes }, async () => {
        while (next < batches.length) await work(next++);
      }),
    );
    for (const m of made) this.#queue.push(...m!);
  }

  /** A verification request with a correct code for the next user who may sign in now; null if nobody can. */
  readonly next: RequestSource = () => {
    const current = totpStep(Date.now(), DEFAULT_TOTP_PARAMETERS.periodSeconds);
    for (let scanned = 0; scanned < 2000 && this.#head < this.#queue.length; scanned++) {
      const entry = this.#queue[this.#head++]!;
      const [u, token] = entry;
      const step = Math.max(this.#lastStep[u]! + 1, current);
      if (this.#inFlight[u] || step > current + 1) {
        this.#queue.push(entry); // later, when a fresh step is in reach
        continue;
      }
      this.#lastStep[u] = step;
      this.#inFlight[u] = 1;
      const code = totpCodeAt(this.#users.secrets[u]!, step, DEFAULT_TOTP_PARAMETERS);
      const request: LoadRequest = {
        method: 'POST',
        path: '/api/auth/second-factor/verify',
        headers: { authorization: `Bearer ${token}` },
        body: `{"code":"${code}","remember":false}`,
      };
      return {
        request,
        done: (ok) => {
          this.#inFlight[u] = 0;
          if (!ok) this.failures++;
        },
      };
    }
    return null;
  };
}

/** A correct outcome of a verification: signed in. */
export const signedIn = (status: number, body: string) => status === 200 && body.includes('"status":"signed_in"');
/** A correct outcome of the password step for these users: on to the authenticator code. */
export const passwordAccepted = (status: number, body: string) => status === 200 && body.includes('"step":"enter_code"');
