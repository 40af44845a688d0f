import { describe, expect, it } from 'vitest';
import { maskEmail, maskPhone } from './maskDestination.js';
import { formatUsPhoneNumber, parseUsPhoneNumber } from './usPhoneNumber.js';

describe('parseUsPhoneNumber', () => {
  it('accepts a 10-digit US number however it is written, as E.164', () => {
    for (const input of ['3125550143', '312-555-0143', '(312) 555-0143', '312.555.0143', ' 312 555 0143 ', '+1 312 555 0143', '1-312-555-0143', '+13125550143']) {
      expect(parseUsPhoneNumber(input), input).toEqual({ ok: true, e164: '+13125550143' });
    }
  });

  it('refuses extensions, short or long numbers, other countries, letters and impossible area codes, without repeating the input', () => {
    const cases: Array<[string, RegExp]> = [
      ['312-555-0143 ext 12', /Extensions are not supported/],
      ['312-555-0143 x12', /Extensions are not supported/],
      ['312-555-0143#12', /Extensions are not supported/],
      ['555-0199', /10-digit/],
      ['312-555-01999', /10-digit/],
      ['+44 20 7946 0958', /United States/],
      ['312-CALL-NOW', /only digits/],
      ['012-555-0143', /area code/],
      ['312-155-0143', /after the area code/],
      ['', /Enter your phone number/],
    ];
    for (const [input, message] of cases) {
      const parsed = parseUsPhoneNumber(input);
      expect(parsed.ok, input).toBe(false);
      if (!parsed.ok) {
        expect(parsed.message, input).toMatch(message);
        if (input) expect(parsed.message).not.toContain(input);
      }
    }
  });

  it('formats E.164 back for a form field', () => {
    expect(formatUsPhoneNumber('+13125550143')).toBe('(312) 555-0143');
  });
});

describe('masking', () => {
  it('shows a phone number as seed 003 does, and an email address by its first letter and domain', () => {
    expect(maskPhone('+13125559885')).toBe('XXX-XXX-9885');
    expect(maskEmail('ana.lopez@riverside-clinic.example')).toBe('a••••••••@riverside-clinic.example'.replace('••••••••', '•'.repeat(8)));
    expect(maskEmail('al@x.example')).toBe('a•••@x.example');
  });
});
