import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretKeyRing } from './secretKeyRing.js';

/**
 * AES-256-GCM envelopes for secrets at rest (TOTP keys): `v1.<keyId>.<iv>.<ciphertext>.<tag>`, base64url.
 *
 * `aad` binds an envelope to the record it belongs to (e.g. the registration and user ids): GCM
 * authenticates it without storing it, so an envelope copied onto another user's row does not open
 * there. The version and key id are authenticated too, so the header cannot be swapped.
 */
export interface SecretBox {
  seal(plaintext: Buffer, aad: string): string;
  /** Throws SecretBoxError for an envelope that is malformed, altered, bound elsewhere or from an unknown key. */
  open(envelope: string, aad: string): Buffer;
  /** False for an envelope sealed with an older key: re-seal it before retiring that key. */
  isSealedWithCurrentKey(envelope: string): boolean;
}

/** Says why an envelope did not open. Never carries key material or plaintext. */
export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretBoxError';
  }
}

const VERSION = 'v1';
const IV_BYTES = 12; // NIST SP 800-38D §8.2: 96-bit random IVs; well under 2^32 seals per key here.
const TAG_BYTES = 16;
const KEY_LABEL = 'secret-box/aes-256-gcm/v1';

export function createSecretBox(ring: SecretKeyRing): SecretBox {
  const keys = new Map(ring.all.map((k) => [k.id, k.derive(KEY_LABEL)]));
  const currentId = ring.current.id;
  const currentKey = keys.get(currentId)!;
  const boundAad = (keyId: string, aad: string) => Buffer.from(`${VERSION}.${keyId}\0${aad}`, 'utf8');

  return {
    seal(plaintext, aad) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', currentKey, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(boundAad(currentId, aad));
      const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
      return [VERSION, currentId, iv, ciphertext, cipher.getAuthTag()].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
    },

    open(envelope, aad) {
      const parts = envelope.split('.');
      const [version, keyId, iv, ciphertext, tag] = parts;
      if (parts.length !== 5 || version !== VERSION || !keyId || !iv || ciphertext === undefined || !tag) {
        throw new SecretBoxError('The sealed secret is not a v1 envelope.');
      }
      const key = keys.get(keyId);
      if (!key) throw new SecretBoxError(`The sealed secret was sealed with key ${keyId}, which this service is not configured with.`);
      const ivBytes = fromBase64Url(iv);
      const tagBytes = fromBase64Url(tag);
      const ciphertextBytes = fromBase64Url(ciphertext);
      if (ivBytes?.length !== IV_BYTES || tagBytes?.length !== TAG_BYTES || ciphertextBytes === null) {
        throw new SecretBoxError('The sealed secret is not a v1 envelope.');
      }
      const decipher = createDecipheriv('aes-256-gcm', key, ivBytes, { authTagLength: TAG_BYTES });
      decipher.setAAD(boundAad(keyId, aad));
      decipher.setAuthTag(tagBytes);
      try {
        return Buffer.concat([decipher.update(ciphertextBytes), decipher.final()]);
      } catch {
        throw new SecretBoxError('The sealed secret did not authenticate: it was altered, or it belongs to another record.');
      }
    },

    isSealedWithCurrentKey(envelope) {
      return envelope.startsWith(`${VERSION}.${currentId}.`);
    },
  };
}

/** Strict base64url: Node's decoder skips characters it does not know, which would hide tampering. */
function fromBase64Url(text: string): Buffer | null {
  return /^[A-Za-z0-9_-]*$/.test(text) ? Buffer.from(text, 'base64url') : null;
}
