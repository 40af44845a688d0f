import { createHmac } from 'node:crypto';

/** RFC 4226 §5.3 / RFC 6238 SHA-1 TOTP, written out here so tests check the app against something it did not compute. */
export function referenceTotp(secret: Uint8Array, unixSeconds: number, digits = 6, period = 30): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(unixSeconds / period)));
  const mac = createHmac('sha1', secret).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits).padStart(digits, '0');
}

/** The RFC 4226 / RFC 6238 SHA-1 test key, as bytes and as the Base32 a link carries. */
export const RFC_SECRET = Buffer.from('12345678901234567890');
export const RFC_SECRET_B32 = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
