import { describe, expect, it } from 'vitest';
import { errorSummary } from './errorSummary.js';

describe('errorSummary', () => {
  it('keeps the name and the frames, never the message, even one that spans lines', () => {
    const e = new TypeError('bad link\notpauth://totp/x?secret=JBSWY3DPEHPK3PXP\n  quoted input');
    const summary = errorSummary(e);
    expect(summary.startsWith('TypeError\n')).toBe(true);
    expect(summary).not.toContain('JBSWY3DPEHPK3PXP');
    expect(summary).not.toContain('bad link');
    expect(summary).not.toContain('quoted input');
    expect(summary.split('\n').slice(1).every((line) => /^\s+at /.test(line))).toBe(true);
    expect(summary.split('\n').length).toBeGreaterThan(1);
  });

  it('says only the type of something thrown that is not an Error', () => {
    expect(errorSummary('secret text')).toBe('string');
    expect(errorSummary({ password: 'x' })).toBe('object');
  });
});
