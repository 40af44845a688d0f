import { describe, expect, it } from 'vitest';
import { RFC6238_SEEDS, RFC6238_VECTORS } from './testing/rfc6238Vectors.js';
import { totpCodeAt, totpStep, type TotpAlgorithm } from './totpCode.js';

describe('totpCodeAt', () => {
  it.each(RFC6238_VECTORS)('matches RFC 6238 Appendix B at %i s', (seconds, sha1, sha256, sha512) => {
    const step = totpStep(seconds * 1000, 30);
    const at = (algorithm: TotpAlgorithm) => totpCodeAt(RFC6238_SEEDS[algorithm], step, { algorithm, digits: 8, periodSeconds: 30 });
    expect([at('sha1'), at('sha256'), at('sha512')]).toEqual([sha1, sha256, sha512]);
  });

  it('gives the last six of those digits for the usual 6-digit codes', () => {
    expect(totpCodeAt(RFC6238_SEEDS.sha1, totpStep(59_000, 30), { algorithm: 'sha1', digits: 6, periodSeconds: 30 })).toBe('287082');
  });
});
