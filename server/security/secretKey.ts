import { createHash, hkdfSync } from 'node:crypto';
import { inspect } from 'node:util';

export const SECRET_KEY_BYTES = 32;

/**
 * One configured 32-byte secret. The bytes sit in a private field, so `JSON.stringify`, `util.inspect`
 * and pino show `{ id }` only: a configuration object logged by mistake still carries no key.
 *
 * The raw secret is never used as a key itself. Each use gets its own key through HKDF-SHA256 with a
 * distinct `info` label (RFC 5869 §3.2), so the AES key that seals TOTP secrets and the HMAC key that
 * hashes one-time codes are independent even though one setting provides both.
 */
export class SecretKey {
  /** 8 hex digits naming this key in sealed envelopes, so a rotated-out key can still open them. */
  readonly id: string;
  readonly #material: Buffer;

  constructor(material: Buffer) {
    if (material.length !== SECRET_KEY_BYTES) throw new RangeError(`A secret key is ${SECRET_KEY_BYTES} bytes`);
    this.#material = Buffer.from(material);
    // A one-way fingerprint: the id is printed in envelopes and messages, the key never is.
    this.id = createHash('sha256').update('twofold/key-id/v1\0').update(this.#material).digest('hex').slice(0, 8);
  }

  /** A 32-byte key for one purpose; `label` must differ per purpose (domain separation). */
  derive(label: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.#material, Buffer.alloc(0), `twofold/${label}`, SECRET_KEY_BYTES));
  }

  /** For the key file only. */
  exportBase64(): string {
    return this.#material.toString('base64');
  }

  toJSON(): { id: string } {
    return { id: this.id };
  }

  [inspect.custom](): string {
    return `SecretKey { id: '${this.id}' }`;
  }
}

export type SecretKeyParse = { ok: true; key: SecretKey } | { ok: false; problem: string };

/**
 * Reads one key written as 64 hex digits or as base64 (standard or URL-safe) of 32 bytes. The problem,
 * when there is one, describes the shape and never quotes the value.
 */
export function parseSecretKey(text: string): SecretKeyParse {
  const value = text.trim();
  let bytes: Buffer | null = null;
  if (/^[0-9a-fA-F]{64}$/.test(value)) bytes = Buffer.from(value, 'hex');
  else if (/^[A-Za-z0-9+/_-]{43}=?$/.test(value)) bytes = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (bytes === null || bytes.length !== SECRET_KEY_BYTES) {
    return { ok: false, problem: `is not ${SECRET_KEY_BYTES} bytes written as 64 hex digits or 44 base64 characters` };
  }
  // A random key has about 30 distinct byte values; "000…0" or a repeated pattern is a placeholder.
  if (new Set(bytes).size < 8) return { ok: false, problem: 'does not look random (too few distinct bytes)' };
  return { ok: true, key: new SecretKey(bytes) };
}
