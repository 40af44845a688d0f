import * as nodeCrypto from 'node:crypto';

/**
 * Codes already computed, remembered per secret so that a tick of the codes window costs almost no
 * HMACs: within a period both "current" and "next" are known, and at a period boundary the old
 * "next" becomes the new "current", so only one HMAC per account is new.
 *
 * Keyed on a SHA-256 fingerprint of the secret's bytes, so a new copy of the same key (the vault
 * decrypts afresh whenever its file changes) still finds its codes. The fingerprint itself is
 * remembered per Uint8Array object, so a steady tick hashes nothing: the vault hands out the same
 * objects until its file changes. A SHA-256 of a key of ≥ 80 random bits reveals nothing usable.
 */
const MAX_SECRETS = 4096;

/** `crypto.hash` arrived in Node 20.12; package.json allows 20.11, where the streaming API stands in. */
const fingerprintOf: (secret: Uint8Array) => string =
  typeof nodeCrypto.hash === 'function'
    ? (secret) => nodeCrypto.hash('sha256', secret, 'base64')
    : (secret) => nodeCrypto.createHash('sha256').update(secret).digest('base64');

/** current + next, plus the previous period's pair while the boundary is crossed. */
const CODES_PER_SECRET = 4;
/** Per secret, its last few [key, code] pairs, oldest first: a linear scan of ≤ 4 beats a Map. */
const bySecret = new Map<string, [string, string][]>();

export interface RememberedCodes {
  /** The code remembered under `key` (the parameters and moving factor), computing it if new. */
  get(key: string, compute: () => string): string;
}

/** Fingerprints per secret object; a WeakMap so a dropped copy takes its entry with it. */
const fingerprints = new WeakMap<Uint8Array, string>();

function rememberedFingerprint(secret: Uint8Array): string {
  let fingerprint = fingerprints.get(secret);
  if (fingerprint === undefined) fingerprints.set(secret, (fingerprint = fingerprintOf(secret)));
  return fingerprint;
}

export function rememberedCodesFor(secret: Uint8Array): RememberedCodes {
  const fingerprint = rememberedFingerprint(secret);
  return {
    get(key, compute) {
      let codes = bySecret.get(fingerprint);
      if (codes) for (const [k, code] of codes) if (k === key) return code;
      const code = compute();
      if (!codes) {
        if (bySecret.size >= MAX_SECRETS) bySecret.delete(bySecret.keys().next().value!);
        bySecret.set(fingerprint, (codes = []));
      }
      if (codes.length >= CODES_PER_SECRET) codes.shift();
      codes.push([key, code]);
      return code;
    },
  };
}

/** Drops every remembered code, e.g. when the vault locks, so no code outlives the session. */
export function forgetRememberedCodes(): void {
  bySecret.clear();
}
