import { AppError } from '../errors.js';

/** RFC 4648 §6. */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Keys never hold 0, 1, 8 or 9: on paper and on screen they are letters misread as digits. */
const LOOKALIKES: Record<string, string> = { '0': 'the letter O', '1': 'the letter I or L', '8': 'the letter B', '9': 'the letter g' };

/**
 * Under 10 bytes (16 characters) cannot be a real key: RFC 4226 §4 asks for at least 128 bits, but
 * many portals issue 80-bit keys, and Google Authenticator accepts them, so 80 bits is our floor.
 */
export const MIN_SECRET_BYTES = 10;
/** The vault stores keys of up to 1,024 bytes; anything longer is a paste of something else. */
export const MAX_SECRET_BYTES = 1024;

/**
 * Decodes a key as people paste or type it: any case, with spaces, dashes and '=' padding ignored.
 * Lengths RFC 4648 would call incomplete are accepted and their spare bits dropped, as Google
 * Authenticator does, because some portals generate keys as random Base32 characters.
 * Errors name the offending character and where it is, never the key.
 */
export function decodeBase32Secret(text: string): Uint8Array {
  const cleaned = text.replace(/[\s-]/g, '').replace(/=+$/, '');
  if (cleaned.length === 0) throw new AppError('InvalidSecret', 'The key is empty. Copy the key shown next to the QR code on your portal’s setup page.');
  const typedSeparators = /[\s-]/.test(text.trim());
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  const chars = [...cleaned]; // code points, so an emoji is reported whole
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    // Upper-cased one character at a time, so "ß" (upper-cased "SS") is refused, not read as two letters.
    const upper = ch.toUpperCase();
    const index = upper.length === 1 ? ALPHABET.indexOf(upper) : -1;
    if (index < 0) {
      const hint = LOOKALIKES[ch] ? ` It is probably ${LOOKALIKES[ch]}.` : '';
      const where = `position ${i + 1}${typedSeparators ? ' (not counting spaces and dashes)' : ''}`;
      throw new AppError(
        'InvalidSecret',
        `The key contains “${ch}”, which is not allowed in a key (only letters A–Z and digits 2–7). Check for a mistyped character at ${where}.${hint}`,
      );
    }
    value = ((value << 5) | index) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  if (out.length < MIN_SECRET_BYTES) {
    throw new AppError(
      'InvalidSecret',
      `This key is too short to be a real key (${chars.length} characters; keys have at least 16). Check that you copied all of it.`,
    );
  }
  if (out.length > MAX_SECRET_BYTES) {
    throw new AppError('InvalidSecret', 'This is far too long to be an authenticator key. Copy only the key from your portal’s setup page.');
  }
  return Uint8Array.from(out);
}

/** RFC 4648 Base32 without padding, as otpauth:// links carry keys. */
export function encodeBase32(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = ((value << 8) | byte) & 0xfff;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}
