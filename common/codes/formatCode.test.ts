import { describe, expect, it } from 'vitest';
import { formatCode, placeholderCode } from './formatCode.js';

describe('formatCode', () => {
  it('splits a six-digit code into two groups of three', () => {
    expect(formatCode('123456', 'totp')).toBe('123 456');
  });
  it('splits a seven-digit code three and four', () => {
    expect(formatCode('1234567', 'totp')).toBe('123 4567');
  });
  it('splits an eight-digit code four and four', () => {
    expect(formatCode('12345678', 'hotp')).toBe('1234 5678');
  });
  it('leaves a Steam code as it is', () => {
    expect(formatCode('2B7QK', 'steam')).toBe('2B7QK');
  });
  it('leaves anything that is not all digits untouched', () => {
    expect(formatCode('12a456', 'totp')).toBe('12a456');
  });
  it('keeps leading zeros', () => {
    expect(formatCode('000123', 'totp')).toBe('000 123');
  });
});

describe('placeholderCode', () => {
  it('has the same shape as a real code of that length', () => {
    expect(placeholderCode(6, 'totp')).toBe('••• •••');
    expect(placeholderCode(8, 'totp')).toBe('•••• ••••');
    expect(placeholderCode(5, 'steam')).toBe('•••••');
  });
});
