import { STEAM_DIGITS } from '../../../common/otp/otpParams.js';
import { truncatedHmac } from './hotp.js';
import { timeStep } from './totp.js';

/**
 * Steam Guard is RFC 6238 TOTP (SHA-1, 30 s) whose 31-bit truncated value is written in base 26,
 * least-significant symbol first, over an alphabet without look-alike characters. There is no spec;
 * this is what Steam's mobile app does and what Aegis, Ente and node-steam-totp reproduce.
 */
export const STEAM_ALPHABET = '23456789BCDFGHJKMNPQRTVWXY';
export const STEAM_PERIOD = 30;

export function steamCode(value: number): string {
  let rest = value;
  let out = '';
  for (let i = 0; i < STEAM_DIGITS; i++) {
    out += STEAM_ALPHABET[rest % STEAM_ALPHABET.length];
    rest = Math.floor(rest / STEAM_ALPHABET.length);
  }
  return out;
}

/** The Steam Guard code at one time step (what `codeWindow` uses for "current" and "next"). */
export function generateSteamGuardAtStep(secret: Uint8Array, step: number): string {
  return steamCode(truncatedHmac('SHA1', secret, step));
}

/** The Steam Guard code at `nowMs` (ms since the epoch). */
export function generateSteamGuard(secret: Uint8Array, nowMs: number): string {
  return generateSteamGuardAtStep(secret, timeStep(nowMs, STEAM_PERIOD));
}
