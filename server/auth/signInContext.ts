import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { GroupCommit } from '../db/groupCommit.js';
import { turnBatcher } from '../db/turnBatcher.js';
import type { Database } from '../db/schema.js';
import type { EmailSender } from '../delivery/emailSender.js';
import type { PhoneProvider } from '../delivery/phoneProvider.js';
import { createLoginThrottle, type LoginThrottle, type ThrottleRules } from '../security/loginThrottle.js';
import { createOneTimeCodes, type OneTimeCodes } from '../security/oneTimeCodes.js';
import type { PasswordHasher } from '../security/passwordHash.js';
import { createSecretBox, type SecretBox } from '../security/secretBox.js';
import type { SecretKeyRing } from '../security/secretKeyRing.js';
import { createTotpVerifier, type TotpVerifier } from '../security/totpVerifier.js';
import { createSessionStore, type SessionStore } from '../sessions/sessionStore.js';
import type { AuthSettings } from './authSettings.js';
import { finishInOneStatementBatch, type OneStatementOutcome, type OneStatementRow } from './finishTotpSignIn.js';
import { readCodeAttempts, type CodeAttemptKey, type CodeAttemptRow } from './loadCodeAttempt.js';
import { createRememberedDevices, type RememberedDevices } from './rememberedDevices.js';
import { createSignInAudit, type SignInAudit } from './signInAudit.js';

/** What sign-in needs from the rest of the service; startServer builds it, tests pass their own. */
export interface SignInDeps {
  db: Kysely<Database>;
  keys: SecretKeyRing;
  hasher: PasswordHasher;
  email: EmailSender;
  phone: PhoneProvider;
  settings: AuthSettings;
  now?: () => Date;
  throttleRules?: ThrottleRules;
  /**
   * SQLite: `transaction` runs through this, sharing commits between sign-ins that finish together
   * (server/db/groupCommit.ts). Without it each transaction commits alone (PostgreSQL, where
   * transactions run side by side on their own connections).
   */
  groupCommit?: GroupCommit;
}

/** Where delivery failures are reported: the request's logger. Messages name settings, never codes. */
export interface ProblemLog {
  warn(details: Record<string, unknown>, message: string): void;
}

/** The services every sign-in step uses, built once per app. */
export interface SignInContext {
  db: Kysely<Database>;
  now: () => Date;
  settings: AuthSettings;
  hasher: PasswordHasher;
  email: EmailSender;
  phone: PhoneProvider;
  box: SecretBox;
  codes: OneTimeCodes;
  totp: TotpVerifier;
  throttle: LoginThrottle;
  sessions: SessionStore;
  devices: RememberedDevices;
  audit: SignInAudit;
  /** An Argon2id hash of nothing anyone knows: an unknown username costs the same time as a wrong password. */
  decoyHash(): Promise<string>;
  /** The code step's read (loadCodeAttempt): on the app's context, shared with the checks of the same turn. */
  readCodeAttempt(key: CodeAttemptKey): Promise<CodeAttemptRow | undefined>;
  /** PostgreSQL: an authenticator sign-in's writes in one statement (finishTotpSignIn), shared likewise. */
  finishInOneStatement(row: OneStatementRow): Promise<OneStatementOutcome>;
  /**
   * Runs `work` in one database transaction, with `db` and every store of the context bound to it: a
   * step's writes commit together (one commit instead of one per statement) or not at all. Inside a
   * transaction this runs `work` in the same one. Never use the outer context inside `work`: on SQLite
   * its single connection is the transaction's until it ends.
   */
  transaction<T>(work: (tx: SignInContext) => Promise<T>): Promise<T>;
}

/** What every context shares, whatever its database handle: built once per app (keys are derived here). */
interface Shared {
  deps: SignInDeps;
  /** The code step's statements on the app's database handle, each batched per turn (turnBatcher). */
  batched: CodeStepStatements;
  now: () => Date;
  box: SecretBox;
  decoyHash(): Promise<string>;
}

export function createSignInContext(deps: SignInDeps): SignInContext {
  const now = deps.now ?? (() => new Date());
  let decoy: Promise<string> | null = null;
  const shared: Shared = {
    deps,
    batched: batchedCodeStep(deps.db, now),
    now,
    box: createSecretBox(deps.keys),
    decoyHash: () => (decoy ??= deps.hasher.hash(randomBytes(24).toString('base64'))),
  };
  const within = <T>(trx: Kysely<Database>, work: (tx: SignInContext) => Promise<T>): Promise<T> => {
    const tx: SignInContext = contextOn(trx, shared, directCodeStep(trx, now), <U>(nested: (inner: SignInContext) => Promise<U>) => nested(tx));
    return work(tx);
  };
  const { groupCommit } = deps;
  const transaction = <T>(work: (tx: SignInContext) => Promise<T>): Promise<T> =>
    groupCommit ? groupCommit.run((trx) => within(trx, work)) : deps.db.transaction().execute((trx) => within(trx, work));
  return contextOn(deps.db, shared, shared.batched, transaction);
}

type CodeStepStatements = Pick<SignInContext, 'readCodeAttempt' | 'finishInOneStatement'>;

/** Each call its own statement: inside a transaction, whose connection a batch could not share. */
function directCodeStep(db: Kysely<Database>, now: () => Date): CodeStepStatements {
  return {
    readCodeAttempt: async (key) => (await readCodeAttempts(db, [key], now().toISOString()))[0],
    finishInOneStatement: async (row) => (await finishInOneStatementBatch(db, [row], now().toISOString()))[0]!,
  };
}

/**
 * The calls of one turn of the event loop in one statement each way. Finishing sign-ins of one
 * registration never share a statement: the second claim of a step must see the first one's.
 */
function batchedCodeStep(db: Kysely<Database>, now: () => Date): CodeStepStatements {
  return {
    readCodeAttempt: turnBatcher((keys: readonly CodeAttemptKey[]) => readCodeAttempts(db, keys, now().toISOString()), { retryAloneOnError: true }),
    // One statement is all or nothing: after a failed batch each row runs alone, so a row that breaks a
    // constraint fails only its own request.
    finishInOneStatement: turnBatcher((rows: readonly OneStatementRow[]) => finishInOneStatementBatch(db, rows, now().toISOString()), {
      keyOf: (row) => row.registrationId,
      retryAloneOnError: true,
    }),
  };
}

/** The context over one database handle (the pool or a transaction); stores are made when first used. */
function contextOn(db: Kysely<Database>, shared: Shared, statements: CodeStepStatements, transaction: SignInContext['transaction']): SignInContext {
  const { deps, now, box } = shared;
  let codes: OneTimeCodes | undefined;
  let totp: TotpVerifier | undefined;
  let throttle: LoginThrottle | undefined;
  let sessions: SessionStore | undefined;
  let devices: RememberedDevices | undefined;
  let audit: SignInAudit | undefined;
  return {
    db,
    now,
    settings: deps.settings,
    hasher: deps.hasher,
    email: deps.email,
    phone: deps.phone,
    box,
    get codes() {
      return (codes ??= createOneTimeCodes({ db, keys: deps.keys, now, policy: deps.settings.codePolicy }));
    },
    get totp() {
      return (totp ??= createTotpVerifier({ db, box, now }));
    },
    get throttle() {
      return (throttle ??= createLoginThrottle({ db, now, ...(deps.throttleRules ? { rules: deps.throttleRules } : {}) }));
    },
    get sessions() {
      return (sessions ??= createSessionStore(db, now));
    },
    get devices() {
      return (devices ??= createRememberedDevices(db, now));
    },
    get audit() {
      return (audit ??= createSignInAudit(db, now));
    },
    decoyHash: shared.decoyHash,
    readCodeAttempt: statements.readCodeAttempt,
    finishInOneStatement: statements.finishInOneStatement,
    transaction,
  };
}
