import { describe, expect, it } from 'vitest';
import { looksLikeToken, newToken, TOKEN_BYTES } from './sessionToken.js';

describe('newToken', () => {
  it('draws distinct 256-bit tokens across many refills of its pool, never a wiped slice', () => {
    const tokens = Array.from({ length: 1000 }, newToken); // ~8 pools of 128
    expect(new Set(tokens).size).toBe(tokens.length);
    for (const token of tokens) {
      expect(looksLikeToken(token)).toBe(true);
      const bytes = Buffer.from(token, 'base64url');
      expect(bytes.length).toBe(TOKEN_BYTES);
      // A slice handed out after it was wiped would be all zeros ("AAAA…").
      expect(bytes.some((b) => b !== 0)).toBe(true);
    }
  });

  it('gives tokens whose bytes look random: about half the bits set', () => {
    let ones = 0;
    const count = 512;
    for (let i = 0; i < count; i++) for (const b of Buffer.from(newToken(), 'base64url')) for (let bit = 0; bit < 8; bit++) ones += (b >> bit) & 1;
    const share = ones / (count * TOKEN_BYTES * 8);
    // 131,072 bits: a fair source lands within ±1 % of half with overwhelming probability.
    expect(share).toBeGreaterThan(0.49);
    expect(share).toBeLessThan(0.51);
  });
});
