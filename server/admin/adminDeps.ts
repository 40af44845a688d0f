import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { EmailSender } from '../delivery/emailSender.js';
import type { PhoneProvider } from '../delivery/phoneProvider.js';
import { createLoginThrottle, type ThrottleRules } from '../security/loginThrottle.js';
import type { OneTimeCodePolicy } from '../security/oneTimeCodePolicy.js';
import { createOneTimeCodes } from '../security/oneTimeCodes.js';
import { argon2idHasher, type PasswordHasher } from '../security/passwordHash.js';
import { createSecretBox } from '../security/secretBox.js';
import type { SecretKeyRing } from '../security/secretKeyRing.js';
import { createTotpVerifier } from '../security/totpVerifier.js';
import type { AdminSignIn } from './signIn/adminSignIn.js';
import { createPasswordAndCodeSignIn } from './signIn/passwordAndCodeSignIn.js';
import { DEFAULT_TOKEN_LIFETIME_SECONDS } from './tokens/adminTokens.js';

/** Everything the admin API needs from the rest of the service. */
export interface AdminDeps {
  db: Kysely<Database>;
  now: () => Date;
  signIn: AdminSignIn;
  /** Reset notices, registration links, rollout-phase notices. */
  email: EmailSender;
  /**
   * The portal's address as users reach it (`https://portal.clinic.example`), for links in emails. Null
   * takes the request's own scheme and Host: right on a single host, but behind a proxy only if it
   * forwards them (TRUST_PROXY).
   */
  publicBaseUrl: string | null;
  tokenLifetimeSeconds: number;
  throttleRules?: ThrottleRules | undefined;
}

export interface AdminDepsInput {
  db: Kysely<Database>;
  keys: SecretKeyRing;
  delivery: { email: EmailSender; phone: PhoneProvider };
  now?: () => Date;
  publicBaseUrl?: string | null;
  tokenLifetimeSeconds?: number;
  hasher?: PasswordHasher;
  codePolicy?: OneTimeCodePolicy;
  throttleRules?: ThrottleRules;
}

/**
 * The admin API on the service's own security core, with the small sign-in of passwordAndCodeSignIn.ts.
 * To use the portal's login service instead, build AdminDeps with its AdminSignIn.
 */
export function createAdminDeps(input: AdminDepsInput): AdminDeps {
  const now = input.now ?? (() => new Date());
  const { db } = input;
  const signIn = createPasswordAndCodeSignIn({
    db,
    now,
    hasher: input.hasher ?? argon2idHasher,
    throttle: createLoginThrottle({ db, now, ...(input.throttleRules ? { rules: input.throttleRules } : {}) }),
    totp: createTotpVerifier({ db, box: createSecretBox(input.keys), now }),
    codes: createOneTimeCodes({ db, keys: input.keys, now, ...(input.codePolicy ? { policy: input.codePolicy } : {}) }),
    email: input.delivery.email,
    phone: input.delivery.phone,
  });
  return {
    db,
    now,
    signIn,
    email: input.delivery.email,
    publicBaseUrl: input.publicBaseUrl ?? null,
    tokenLifetimeSeconds: input.tokenLifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS,
    throttleRules: input.throttleRules,
  };
}
