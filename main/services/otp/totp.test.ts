import { randomBytes } from 'node:crypto';
import { createGuardrails, generateSync } from 'otplib';
import { describe, expect, it } from 'vitest';
import { OTP_ALGORITHMS, type OtpAlgorithm } from '../../../common/otp/otpParams.js';
import { generateHotp } from './hotp.js';
import { generateTotp, timeStep } from './totp.js';

const ascii = (s: string) => new TextEncoder().encode(s);

describe('generateTotp', () => {
  // RFC 6238 Appendix B: one seed per hash, each as long as that hash's output (20/32/64 bytes).
  const seeds: Record<OtpAlgorithm, Uint8Array> = {
    SHA1: ascii('12345678901234567890'),
    SHA256: ascii('12345678901234567890123456789012'),
    SHA512: ascii('1234567890123456789012345678901234567890123456789012345678901234'),
  };
  const appendixB: [number, Record<OtpAlgorithm, string>][] = [
    [59, { SHA1: '94287082', SHA256: '46119246', SHA512: '90693936' }],
    [1111111109, { SHA1: '07081804', SHA256: '68084774', SHA512: '25091201' }],
    [1111111111, { SHA1: '14050471', SHA256: '67062674', SHA512: '99943326' }],
    [1234567890, { SHA1: '89005924', SHA256: '91819424', SHA512: '93441116' }],
    [2000000000, { SHA1: '69279037', SHA256: '90698825', SHA512: '38618901' }],
    [20000000000, { SHA1: '65353130', SHA256: '77737706', SHA512: '47863826' }],
  ];
  const cases = appendixB.flatMap(([time, codes]) => OTP_ALGORITHMS.map((alg) => [time, alg, codes[alg]] as const));

  it.each(cases)('matches RFC 6238 Appendix B at %i s with %s: %s', (time, algorithm, code) => {
    expect(generateTotp(seeds[algorithm], time * 1000, algorithm, 8, 30)).toBe(code);
  });

  it('uses the RFC 6238 time step: floor(seconds since the epoch / period)', () => {
    expect(timeStep(59_999, 30)).toBe(1);
    expect(timeStep(60_000, 30)).toBe(2);
    expect(timeStep(1_111_111_109_000, 30)).toBe(0x23523ec);
    expect(timeStep(125_000, 60)).toBe(2);
  });

  it('gives 7-digit codes that are the last 7 digits of the 8-digit ones', () => {
    const at = 1_234_567_890_000;
    expect(generateTotp(seeds.SHA1, at, 'SHA1', 7)).toBe('9005924');
    expect(generateTotp(seeds.SHA256, at, 'SHA256', 7)).toBe('1819424');
  });

  it('steps a 60-second period once a minute', () => {
    const secret = seeds.SHA1;
    expect(generateTotp(secret, 120_000, 'SHA1', 6, 60)).toBe(generateHotp(secret, 2, 'SHA1', 6));
    expect(generateTotp(secret, 179_999, 'SHA1', 6, 60)).toBe(generateHotp(secret, 2, 'SHA1', 6));
    expect(generateTotp(secret, 180_000, 'SHA1', 6, 60)).toBe(generateHotp(secret, 3, 'SHA1', 6));
  });

  it('refuses a period that is not a positive whole number', () => {
    expect(() => generateTotp(seeds.SHA1, 0, 'SHA1', 6, 0)).toThrow(RangeError);
    expect(() => generateTotp(seeds.SHA1, 0, 'SHA1', 6, 2.5)).toThrow(RangeError);
  });

  it('agrees with otplib (its own pure-JS HMAC) for 10–64-byte keys, every algorithm, 6–8 digits, periods 15–120 s', () => {
    // otplib refuses keys under 16 bytes unless told otherwise; real portals issue 10-byte keys.
    const guardrails = createGuardrails({ MIN_SECRET_BYTES: 10 });
    for (let i = 0; i < 300; i++) {
      const algorithm = OTP_ALGORITHMS[i % 3]!;
      const digits = 6 + (i % 3);
      const period = [15, 30, 60, 120][i % 4]!;
      const secret = randomBytes(10 + (i % 55));
      const epoch = Math.floor(Math.random() * 4_000_000_000);
      const expected = generateSync({ strategy: 'totp', secret, epoch, period, digits, algorithm: algorithm.toLowerCase() as 'sha1', guardrails });
      expect(generateTotp(secret, epoch * 1000, algorithm, digits, period)).toBe(expected);
    }
  });
});
