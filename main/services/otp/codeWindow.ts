import type { OtpParams } from '../../../common/otp/otpParams.js';
import { generateHotp } from './hotp.js';
import { rememberedCodesFor, type RememberedCodes } from './recentCodes.js';
import { generateSteamGuardAtStep, STEAM_PERIOD } from './steamGuard.js';
import { timeStep } from './totp.js';

export interface CodeWindow {
  current: string;
  /** The following period's code, so the UI can show it before the current one expires. */
  next: string | null;
  /** ms since the epoch; null for HOTP, whose codes do not expire with time. */
  periodStart: number | null;
  periodEnd: number | null;
}

/** Steam Guard has one fixed period; whatever a link or export said, its codes change every 30 s. */
function periodOf(params: OtpParams): number {
  return params.kind === 'steam' ? STEAM_PERIOD : params.period;
}

/**
 * Parameters that decide a code besides the key and the moving factor, as one string; kept per
 * parameters object (the vault hands out the same frozen records until its file changes).
 */
const signatures = new WeakMap<OtpParams, string>();
function signatureOf(params: OtpParams): string {
  let signature = signatures.get(params);
  if (signature === undefined) signatures.set(params, (signature = `${params.kind}/${params.algorithm}/${params.digits}/${periodOf(params)}`));
  return signature;
}

/** The code at one moving-factor value: the HOTP counter, or the TOTP/Steam time step. */
function codeAt(params: OtpParams, secret: Uint8Array, movingFactor: number, remembered: RememberedCodes): string {
  const known = remembered.find(movingFactor);
  if (known !== undefined) return known;
  const code = params.kind === 'steam' ? generateSteamGuardAtStep(secret, movingFactor) : generateHotp(secret, movingFactor, params.algorithm, params.digits);
  remembered.keep(movingFactor, code);
  return code;
}

/** The code to show now: HOTP at its stored counter, TOTP and Steam at the current time step. */
export function generateCode(params: OtpParams, secret: Uint8Array, nowMs: number): string {
  const movingFactor = params.kind === 'hotp' ? params.counter : timeStep(nowMs, periodOf(params));
  return codeAt(params, secret, movingFactor, rememberedCodesFor(secret, signatureOf(params)));
}

/** Current and next code with the period's bounds, for the codes window's countdown. */
export function codeWindow(params: OtpParams, secret: Uint8Array, nowMs: number): CodeWindow {
  const remembered = rememberedCodesFor(secret, signatureOf(params));
  if (params.kind === 'hotp') {
    return { current: codeAt(params, secret, params.counter, remembered), next: null, periodStart: null, periodEnd: null };
  }
  const period = periodOf(params);
  const step = timeStep(nowMs, period);
  return {
    current: codeAt(params, secret, step, remembered),
    next: codeAt(params, secret, step + 1, remembered),
    periodStart: step * period * 1000,
    periodEnd: (step + 1) * period * 1000,
  };
}
