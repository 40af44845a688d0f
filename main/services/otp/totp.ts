import { DEFAULT_PERIOD, type OtpAlgorithm } from '../../../common/otp/otpParams.js';
import { generateHotp } from './hotp.js';

/** RFC 6238 §4.2: T = floor((now − T0) / X) with T0 = 0 (the Unix epoch), X the period in seconds. */
export function timeStep(nowMs: number, period: number): number {
  if (!Number.isInteger(period) || period <= 0) throw new RangeError(`TOTP period must be a positive whole number of seconds, got ${period}`);
  return Math.floor(nowMs / 1000 / period);
}

/** The TOTP code at `nowMs` (ms since the epoch): HOTP with the time step as counter (RFC 6238 §4). */
export function generateTotp(
  secret: Uint8Array,
  nowMs: number,
  algorithm: OtpAlgorithm,
  digits: number,
  period: number = DEFAULT_PERIOD,
): string {
  return generateHotp(secret, timeStep(nowMs, period), algorithm, digits);
}
