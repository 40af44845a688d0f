import * as nodeCrypto from 'node:crypto';
import { forgetSha1KeyStates } from './sha1Hotp.js';

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

/**
 * The last few codes of one key under one set of parameters (kind/algorithm/digits/period): moving
 * factors and codes side by side, oldest overwritten first. One object per key that a tick reuses —
 * no strings built or arrays allocated per code (a tick of 1,000 accounts looks up 2,000 codes).
 */
export class RememberedCodes {
  private readonly factors: number[] = [];
  private readonly codes: string[] = [];
  private oldest = 0;

  /** The code remembered at `movingFactor`, or undefined. */
  find(movingFactor: number): string | undefined {
    for (let i = 0; i < this.factors.length; i++) if (this.factors[i] === movingFactor) return this.codes[i];
    return undefined;
  }

  keep(movingFactor: number, code: string): void {
    if (this.factors.length < CODES_PER_SECRET) {
      this.factors.push(movingFactor);
      this.codes.push(code);
      return;
    }
    this.factors[this.oldest] = movingFactor;
    this.codes[this.oldest] = code;
    this.oldest = (this.oldest + 1) % CODES_PER_SECRET;
  }
}

/** Per key fingerprint, per parameter signature: two accounts sharing a key with other parameters keep theirs. */
const bySecret = new Map<string, Map<string, RememberedCodes>>();

/** Fingerprints per secret object; a WeakMap so a dropped copy takes its entry with it. */
const fingerprints = new WeakMap<Uint8Array, string>();

function rememberedFingerprint(secret: Uint8Array): string {
  let fingerprint = fingerprints.get(secret);
  if (fingerprint === undefined) fingerprints.set(secret, (fingerprint = fingerprintOf(secret)));
  return fingerprint;
}

/**
 * The remembered codes of this key under these parameters (`signature`): the same key under other
 * parameters (another account, or an edit of digits or period) has codes of its own.
 */
export function rememberedCodesFor(secret: Uint8Array, signature: string): RememberedCodes {
  const fingerprint = rememberedFingerprint(secret);
  let bySignature = bySecret.get(fingerprint);
  if (!bySignature) {
    if (bySecret.size >= MAX_SECRETS) bySecret.delete(bySecret.keys().next().value!);
    bySecret.set(fingerprint, (bySignature = new Map()));
  }
  let codes = bySignature.get(signature);
  // A handful of signatures per key at most; more means parameters edited over and over.
  if (!codes) {
    if (bySignature.size >= CODES_PER_SECRET) bySignature.clear();
    bySignature.set(signature, (codes = new RememberedCodes()));
  }
  return codes;
}

/** Drops every remembered code and the SHA-1 key states (zeroed), e.g. when the vault locks, so neither outlives the session. */
export function forgetRememberedCodes(): void {
  bySecret.clear();
  forgetSha1KeyStates();
}
