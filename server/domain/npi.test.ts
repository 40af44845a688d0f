import { describe, expect, it } from 'vitest';
import { isValidNpi, npiCheckDigit } from './npi.js';
import { isE164 } from './phone.js';
import { DEMO_ORGANIZATION } from '../seed/demoClinic.js';

describe('isValidNpi', () => {
  it("accepts CMS's published example and the demo clinic's NPIs", () => {
    expect(isValidNpi('1234567893')).toBe(true);
    for (const npi of DEMO_ORGANIZATION.npis) expect(isValidNpi(npi), npi).toBe(true);
  });

  it('rejects a wrong check digit, a wrong length and non-digits', () => {
    expect(isValidNpi('1234567890')).toBe(false);
    expect(isValidNpi('123456789')).toBe(false);
    expect(isValidNpi('12345678930')).toBe(false);
    expect(isValidNpi('12345678a3')).toBe(false);
  });

  it('computes the check digit over the nine leading digits', () => {
    expect(npiCheckDigit('123456789')).toBe(3);
    expect(() => npiCheckDigit('12345')).toThrow(RangeError);
  });
});

describe('isE164', () => {
  it('accepts a US number in E.164 and rejects one with formatting or an extension', () => {
    expect(isE164('+13125550143')).toBe(true);
    expect(isE164('312-555-0143')).toBe(false);
    expect(isE164('+1 312 555 0143')).toBe(false);
    expect(isE164('+13125550143x12')).toBe(false);
    expect(isE164('+03125550143')).toBe(false);
  });
});
