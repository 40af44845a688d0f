import { createHmac } from 'node:crypto';
import type { OtpAlgorithm } from '../../../common/otp/otpParams.js';
import { MAX_JS_KEY_BYTES, truncatedHmacSha1 } from './sha1Hotp.js';

/**
 * RFC 4226 HOTP over node:crypto's HMAC (SHA-1 with keys up to a block: sha1Hotp.ts, decision 009). Written here rather than through otplib: see
 * docs/decisions/001-otp-library.md (otplib is slower than the tick budget allows, refuses 10-byte
 * keys by default, and its synchronous entry point drops the hook Steam Guard needs).
 */
const NODE_HASH: Record<OtpAlgorithm, string> = { SHA1: 'sha1', SHA256: 'sha256', SHA512: 'sha512' };

/**
 * One message buffer, reused: HMAC.update copies it synchronously, and allocating 8 bytes per code
 * was a measurable share of a 1,000-account tick (garbage collection).
 */
const message = Buffer.alloc(8);

/** RFC 4226 §5.2: the moving factor is an 8-byte big-endian counter; it must fit a safe JS integer. */
function counterBytes(counter: number): Buffer {
  if (!Number.isSafeInteger(counter) || counter < 0) throw new RangeError(`HOTP counter must be a non-negative safe integer, got ${counter}`);
  message.writeUInt32BE(Math.floor(counter / 0x1_0000_0000), 0);
  message.writeUInt32BE(counter >>> 0, 4);
  return message;
}

/** RFC 4226 §5.3 dynamic truncation: HMAC, then 31 bits read at the offset the last nibble names. */
export function truncatedHmac(algorithm: OtpAlgorithm, secret: Uint8Array, counter: number): number {
  // An empty key is valid HMAC but means "no key": refuse rather than show codes no portal accepts.
  if (secret.length === 0) throw new RangeError('HOTP secret is empty');
  if (algorithm === 'SHA1' && secret.length <= MAX_JS_KEY_BYTES) {
    counterBytes(counter); // the same checks on the counter
    return truncatedHmacSha1(secret, counter);
  }
  const mac = createHmac(NODE_HASH[algorithm], secret).update(counterBytes(counter)).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  return mac.readUInt32BE(offset) & 0x7fff_ffff;
}

/** RFC 4226 §5.3 step 3: the last `digits` decimal digits, left-padded with zeros. */
export function decimalCode(value: number, digits: number): string {
  // 31-bit values have at most 10 decimal digits; RFC 4226 §5.3 asks for at least 6.
  if (!Number.isInteger(digits) || digits < 1 || digits > 10) throw new RangeError(`Cannot make a ${digits}-digit code`);
  return String(value % 10 ** digits).padStart(digits, '0');
}

/** The HOTP code for one counter value (RFC 4226 §5.3). */
export function generateHotp(secret: Uint8Array, counter: number, algorithm: OtpAlgorithm, digits: number): string {
  return decimalCode(truncatedHmac(algorithm, secret, counter), digits);
}
