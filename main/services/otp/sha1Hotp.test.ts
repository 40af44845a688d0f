import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { truncatedHmac } from './hotp.js';
import { forgetSha1KeyStates, keptKeyStates, MAX_JS_KEY_BYTES, truncatedHmacSha1 } from './sha1Hotp.js';

/** The same truncation over node:crypto's HMAC: what this file must always agree with. */
function reference(key: Uint8Array, counter: number): number {
  const message = Buffer.alloc(8);
  message.writeUInt32BE(Math.floor(counter / 0x1_0000_0000), 0);
  message.writeUInt32BE(counter >>> 0, 4);
  const mac = createHmac('sha1', key).update(message).digest();
  const offset = mac[19]! & 0x0f;
  return mac.readUInt32BE(offset) & 0x7fff_ffff;
}

describe('HMAC-SHA-1 HOTP in JavaScript', () => {
  it('agrees with node:crypto on every key length up to a block and on counters of every size', () => {
    let checked = 0;
    for (let length = 1; length <= MAX_JS_KEY_BYTES; length++) {
      const key = randomBytes(length);
      for (const counter of [0, 1, 59, 0x7fff_ffff, 0xffff_ffff, 2 ** 32, 2 ** 32 + 1, 2 ** 40 + 12345, Number.MAX_SAFE_INTEGER].map(Math.floor)) {
        expect(truncatedHmacSha1(key, counter)).toBe(reference(key, counter));
        checked++;
      }
      for (let i = 0; i < 40; i++) {
        const counter = Math.floor(Math.random() * Number.MAX_SAFE_INTEGER);
        expect(truncatedHmacSha1(key, counter)).toBe(reference(key, counter));
        checked++;
      }
    }
    expect(checked).toBe(64 * 49);
  });

  it('answers from the key’s bytes, never from a state kept for a buffer that has changed since', () => {
    const key = randomBytes(20);
    const before = truncatedHmacSha1(key, 7);
    key[3] = key[3]! ^ 0xff;
    expect(truncatedHmacSha1(key, 7)).toBe(reference(key, 7));
    expect(truncatedHmacSha1(key, 7)).not.toBe(before);
  });

  it('never answers an all-zero key from a state that was zeroed, after forgetting or after eviction', () => {
    const zeroKey = new Uint8Array(10);
    expect(truncatedHmacSha1(zeroKey, 1)).toBe(reference(zeroKey, 1));
    forgetSha1KeyStates();
    expect(keptKeyStates()).toBe(0);
    expect(truncatedHmacSha1(zeroKey, 1)).toBe(reference(zeroKey, 1));
    // Push it out of the kept states (4,096 of them), then ask again.
    const zero20 = new Uint8Array(20);
    truncatedHmacSha1(zero20, 2);
    for (let i = 0; i < 4_100; i++) truncatedHmacSha1(randomBytes(20), i);
    expect(keptKeyStates()).toBe(4_096);
    expect(truncatedHmacSha1(zero20, 2)).toBe(reference(zero20, 2));
    forgetSha1KeyStates();
  });

  it('is used for keys up to a block; a longer key goes to node:crypto and still agrees', () => {
    for (const length of [64, 65, 100]) {
      const key = randomBytes(length);
      expect(truncatedHmac('SHA1', key, 12345)).toBe(reference(key, 12345));
    }
  });

  it('still agrees after the kept states are zeroed and dropped', () => {
    const key = randomBytes(20);
    truncatedHmacSha1(key, 1);
    forgetSha1KeyStates();
    expect(truncatedHmacSha1(key, 1)).toBe(reference(key, 1));
  });
});
