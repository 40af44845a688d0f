/**
 * HMAC-SHA-1 of an 8-byte counter, dynamically truncated (RFC 4226 §5.3), in plain JavaScript with the
 * key's two padded blocks hashed once and kept (RFC 2104's precomputation). A tick of the codes window
 * computes one HMAC per account; through node:crypto each costs a native HMAC object and its key set-up
 * (~3.6 µs here), this ~1 µs, which is what keeps 1,000 accounts within the 5 ms tick on a slow phase of
 * the machine (decision 009). SHA-256 and SHA-512, and keys longer than a block, stay with node:crypto.
 * sha1Hotp.test.ts holds it to node:crypto on a random key of every length from 1 to 64 bytes, 49
 * counters each, and on all-zero keys across forgetting and eviction.
 */

/** Keys up to one SHA-1 block; longer ones would first be hashed (RFC 2104 §2). */
export const MAX_JS_KEY_BYTES = 64;

/**
 * Per key object: the inner and outer chaining values after the padded key block (10 words), and the
 * key's bytes they were made from, so a buffer changed in place is never answered from old state.
 * Found through a WeakMap; `kept` holds them (at most MAX_KEYS, oldest first) so they can all be zeroed,
 * and a key object that is collected has its entry zeroed and dropped too (`collected`).
 */
interface KeyState {
  states: Int32Array;
  /** The key's bytes; empty once zeroed, which no key is (empty keys are refused before this). */
  bytes: Uint8Array;
}
const byKey = new WeakMap<Uint8Array, KeyState>();
const kept = new Set<KeyState>();
const collected = new FinalizationRegistry<KeyState>((entry) => {
  zero(entry);
  kept.delete(entry);
});
/** As many keys as the code cache remembers (recentCodes.ts); the oldest state is zeroed first. */
const MAX_KEYS = 4096;
const ZEROED = new Uint8Array(0);

const IV = Int32Array.of(0x67452301, 0xefcdab89 | 0, 0x98badcfe | 0, 0x10325476, 0xc3d2e1f0 | 0);
const w = new Int32Array(80);
const block = new Int32Array(16);
const h = new Int32Array(5);

/** One SHA-1 compression (FIPS 180-4 §6.1.2) of `block` into `state`. */
function compress(state: Int32Array, words: Int32Array): void {
  for (let i = 0; i < 16; i++) w[i] = words[i]!;
  for (let i = 16; i < 80; i++) {
    const x = w[i - 3]! ^ w[i - 8]! ^ w[i - 14]! ^ w[i - 16]!;
    w[i] = (x << 1) | (x >>> 31);
  }
  let a = state[0]!;
  let b = state[1]!;
  let c = state[2]!;
  let d = state[3]!;
  let e = state[4]!;
  for (let i = 0; i < 80; i++) {
    let f: number;
    let k: number;
    if (i < 20) {
      f = (b & c) | (~b & d);
      k = 0x5a827999;
    } else if (i < 40) {
      f = b ^ c ^ d;
      k = 0x6ed9eba1;
    } else if (i < 60) {
      f = (b & c) | (b & d) | (c & d);
      k = 0x8f1bbcdc | 0;
    } else {
      f = b ^ c ^ d;
      k = 0xca62c1d6 | 0;
    }
    const t = (((a << 5) | (a >>> 27)) + f + e + k + w[i]!) | 0;
    e = d;
    d = c;
    c = (b << 30) | (b >>> 2);
    b = a;
    a = t;
  }
  state[0] = (state[0]! + a) | 0;
  state[1] = (state[1]! + b) | 0;
  state[2] = (state[2]! + c) | 0;
  state[3] = (state[3]! + d) | 0;
  state[4] = (state[4]! + e) | 0;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function statesFor(key: Uint8Array): Int32Array {
  const known = byKey.get(key);
  if (known && sameBytes(known.bytes, key)) return known.states;
  const states = new Int32Array(10);
  for (const [at, pad] of [
    [0, 0x36],
    [5, 0x5c],
  ] as const) {
    for (let i = 0; i < 16; i++) {
      let word = 0;
      for (let j = 0; j < 4; j++) word = (word << 8) | (((key[i * 4 + j] ?? 0) ^ pad) & 0xff);
      block[i] = word;
    }
    h.set(IV);
    compress(h, block);
    states.set(h, at);
  }
  const entry: KeyState = { states, bytes: Uint8Array.from(key) };
  if (kept.size >= MAX_KEYS) {
    const oldest = kept.values().next().value!;
    zero(oldest);
    kept.delete(oldest);
  }
  kept.add(entry);
  byKey.set(key, entry);
  collected.register(key, entry);
  return states;
}

function zero(entry: KeyState): void {
  entry.states.fill(0);
  entry.bytes.fill(0);
  // Never equal to a key again: a zeroed entry must not pass for an all-zero key's.
  entry.bytes = ZEROED;
}

/** Byte `i` of the 20-byte digest held as five big-endian words in `h`. */
const digestByte = (i: number) => (h[i >> 2]! >>> (24 - 8 * (i & 3))) & 0xff;

/** RFC 4226 §5.3: HMAC-SHA-1(key, counter as 8 big-endian bytes), then 31 bits at the offset its last nibble names. */
export function truncatedHmacSha1(key: Uint8Array, counter: number): number {
  const states = statesFor(key);
  // Inner hash: the counter, padding, and the length of key block + counter in bits.
  block.fill(0);
  block[0] = Math.floor(counter / 0x1_0000_0000) | 0;
  block[1] = counter | 0;
  block[2] = 0x80000000 | 0;
  block[15] = (64 + 8) * 8;
  h.set(states.subarray(0, 5));
  compress(h, block);
  // Outer hash: the inner digest, padding, and the length of key block + digest in bits.
  block.fill(0);
  block.set(h);
  block[5] = 0x80000000 | 0;
  block[15] = (64 + 20) * 8;
  h.set(states.subarray(5, 10));
  compress(h, block);
  const offset = digestByte(19) & 0x0f;
  const value = ((digestByte(offset) & 0x7f) << 24) | (digestByte(offset + 1) << 16) | (digestByte(offset + 2) << 8) | digestByte(offset + 3);
  // Nothing derived from the key stays in the scratch space.
  block.fill(0);
  w.fill(0);
  h.fill(0);
  return value;
}

/** Zeroes and drops every kept key state (with the remembered codes, when the vault closes or locks). */
export function forgetSha1KeyStates(): void {
  for (const entry of kept) zero(entry);
  kept.clear();
}

/** How many key states are kept (for tests). */
export const keptKeyStates = () => kept.size;
