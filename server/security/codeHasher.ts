import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SecretKeyRing } from './secretKeyRing.js';

const KEY_LABEL = 'one-time-code/hmac-sha256/v1';

/**
 * HMAC-SHA256 of a one-time code, keyed by a key derived from the secret key. A plain hash of a 6-digit
 * code falls to a million guesses; without the key, a stolen database gives nothing. The code's own id
 * goes into the MAC, so equal codes hash differently and a hash cannot be copied onto another row.
 */
export interface CodeHasher {
  hash(codeId: string, code: string): string;
  /** Constant-time; tries every key in the ring, so codes issued just before a key rotation still work. */
  matches(codeId: string, code: string, storedHex: string): boolean;
}

export function createCodeHasher(ring: SecretKeyRing): CodeHasher {
  const [currentKey, ...olderKeys] = [ring.current, ...ring.all.filter((k) => k.id !== ring.current.id)].map((k) => k.derive(KEY_LABEL));
  const mac = (key: Buffer, codeId: string, code: string) => createHmac('sha256', key).update(`${codeId}\0${code}`, 'utf8').digest();

  return {
    hash: (codeId, code) => mac(currentKey!, codeId, code).toString('hex'),
    matches(codeId, code, storedHex) {
      const stored = /^[0-9a-f]{64}$/.test(storedHex) ? Buffer.from(storedHex, 'hex') : null;
      if (!stored) return false;
      let found = false;
      // Every key is tried even after a match, so the time taken does not depend on which one matched.
      for (const key of [currentKey!, ...olderKeys]) found = timingSafeEqual(mac(key, codeId, code), stored) || found;
      return found;
    },
  };
}
