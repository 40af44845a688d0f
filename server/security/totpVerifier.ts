import { timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { precompile } from '../db/precompiledQuery.js';
import type { Database, MfaRegistrationRow } from '../db/schema.js';
import type { SecretBox } from './secretBox.js';
import { DEFAULT_TOTP_PARAMETERS, totpCodeAt, totpStep, type TotpParameters } from './totpCode.js';
import { openTotpSecret } from './totpSecret.js';

export type TotpCheck =
  | { outcome: 'ok'; registrationId: string; step: number }
  | { outcome: 'wrong' }
  /** The code is right but was accepted before (or a later one was): refused, as RFC 6238 §5.2 asks. */
  | { outcome: 'replayed' }
  /** The user has no authenticator registration (or only an unconfirmed one, unless allowed). */
  | { outcome: 'none' };

export interface TotpInput {
  userId: string;
  code: string;
  /** For the enrollment step, where the first code confirms the registration; login leaves it false. */
  allowUnconfirmed?: boolean;
}

export interface TotpVerifier {
  /** Checks a code against the user's authenticator registration: `match`, then `claim` on a match. */
  verify(input: TotpInput): Promise<TotpCheck>;
  /**
   * The first half of `verify`: reads and compares, writes nothing. An `ok` here is worth nothing until
   * `claim` succeeds for its step; a caller may claim inside the transaction that records the sign-in.
   */
  match(input: TotpInput): Promise<TotpCheck>;
  /** `match` on the registration the caller read itself (undefined: the user has none). */
  matchRegistration(registration: TotpRegistration | undefined, input: TotpInput): TotpCheck;
  /**
   * The replay guard: moves the registration's last accepted step forward to `step`, in one conditional
   * UPDATE, so that only one request on any instance does it. True when this call did.
   */
  claim(match: { registrationId: string; step: number }): Promise<boolean>;
}

/** What checking a code needs of the user's authenticator registration. */
export type TotpRegistration = Pick<MfaRegistrationRow, 'id' | 'totp_secret_encrypted' | 'confirmed_at' | 'last_totp_step'>;

export interface TotpVerifierDeps {
  db: Kysely<Database>;
  box: SecretBox;
  now: () => Date;
  parameters?: TotpParameters;
  /** Steps accepted either side of now, for clock drift and typing time (RFC 6238 §5.2); the issue asks for 1. */
  lookAroundSteps?: number;
}

// Every authenticator sign-in runs both: built and compiled once (server/db/precompiledQuery.ts).
const registrationOf = precompile<[userId: string], TotpRegistration>(1, (db, userId) =>
  db.selectFrom('mfa_registrations').select(['id', 'totp_secret_encrypted', 'confirmed_at', 'last_totp_step']).where('user_id', '=', userId).where('method', '=', 'totp'),
);
const advanceStep = precompile<[registrationId: string, step: number], never>(2, (db, registrationId, step) =>
  db
    .updateTable('mfa_registrations')
    .set({ last_totp_step: step })
    .where('id', '=', registrationId)
    .where((eb) => eb.or([eb('last_totp_step', 'is', null), eb('last_totp_step', '<', step)])),
);

export function createTotpVerifier(deps: TotpVerifierDeps): TotpVerifier {
  const parameters = deps.parameters ?? DEFAULT_TOTP_PARAMETERS;
  const lookAround = deps.lookAroundSteps ?? 1;
  const codeShape = new RegExp(`^\\d{${parameters.digits}}$`);

  function matchRegistration(registration: TotpRegistration | undefined, { userId, code, allowUnconfirmed = false }: TotpInput): TotpCheck {
    if (!registration?.totp_secret_encrypted || (registration.confirmed_at === null && !allowUnconfirmed)) return { outcome: 'none' };
    if (!codeShape.test(code)) return { outcome: 'wrong' };

    const secret = openTotpSecret(deps.box, { userId, registrationId: registration.id }, registration.totp_secret_encrypted);
    const now = totpStep(deps.now().getTime(), parameters.periodSeconds);
    const given = Buffer.from(code, 'ascii');
    const lastAccepted = registration.last_totp_step ?? -1;
    let matched = false;
    let acceptable: number | null = null;
    // Every step in the window is computed and compared, whichever matches, so timing says nothing.
    for (let step = now - lookAround; step <= now + lookAround; step++) {
      if (!timingSafeEqual(Buffer.from(totpCodeAt(secret, step, parameters), 'ascii'), given)) continue;
      matched = true;
      // The earliest matching step not yet used: taking a later one would burn codes still to come.
      if (acceptable === null && step > lastAccepted) acceptable = step;
    }
    secret.fill(0);
    if (!matched) return { outcome: 'wrong' };
    if (acceptable === null) return { outcome: 'replayed' };
    return { outcome: 'ok', registrationId: registration.id, step: acceptable };
  }

  async function match(input: TotpInput): Promise<TotpCheck> {
    return matchRegistration((await registrationOf.execute(deps.db, input.userId)).rows[0], input);
  }

  async function claim({ registrationId, step }: { registrationId: string; step: number }): Promise<boolean> {
    // The replay guard itself: only one request, on any instance, moves the step forward to this value.
    const result = await advanceStep.execute(deps.db, registrationId, step);
    return result.numAffectedRows === 1n;
  }

  return {
    match,
    matchRegistration,
    claim,
    async verify(input) {
      const check = await match(input);
      if (check.outcome !== 'ok') return check;
      return (await claim(check)) ? check : { outcome: 'replayed' };
    },
  };
}
