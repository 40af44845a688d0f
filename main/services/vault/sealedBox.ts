import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { z } from 'zod';

/** AES-256-GCM output as stored in secrets.json: a fresh 96-bit nonce and the ciphertext with its 16-byte tag appended. */
export const SealedSchema = z.object({
  iv: z.base64().refine((s) => Buffer.from(s, 'base64').length === IV_BYTES, 'iv must be 12 bytes'),
  ct: z.base64().refine((s) => Buffer.from(s, 'base64').length >= TAG_BYTES, 'ciphertext too short'),
});
export type Sealed = z.infer<typeof SealedSchema>;

export const KEY_BYTES = 32;
export const IV_BYTES = 12; // NIST SP 800-38D §8.2: random 96-bit IVs; we seal far fewer than 2^32 messages per key.
export const TAG_BYTES = 16;

export function randomKey(): Buffer {
  return randomBytes(KEY_BYTES);
}

/** Encrypts `plain` under `key`; `aad` binds the ciphertext to where it is stored, so entries cannot be swapped. */
export function seal(key: Uint8Array, plain: Uint8Array, aad: string): Sealed {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ct = Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  return { iv: iv.toString('base64'), ct: ct.toString('base64') };
}

/** The plaintext, or `null` when the key is wrong or the bytes were changed (GCM tag mismatch). */
export function open(key: Uint8Array, sealed: Sealed, aad: string): Buffer | null {
  const data = Buffer.from(sealed.ct, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(data.subarray(0, data.length - TAG_BYTES)), decipher.final()]);
  } catch {
    return null;
  }
}
