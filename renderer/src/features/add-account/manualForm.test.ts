import { describe, expect, it } from 'vitest';
import { emptyManualForm, looksLikeKey, toManualRequest, withKind } from './manualForm.js';

const filled = { ...emptyManualForm, issuer: ' Acme ', accountName: 'alice ', secret: ' JBSWY3DPEHPK3PXP ' };

describe('the type-a-key form', () => {
  it('sends trimmed text and the usual TOTP parameters', () => {
    expect(toManualRequest(filled)).toEqual({
      request: { issuer: 'Acme', accountName: 'alice', secret: 'JBSWY3DPEHPK3PXP', kind: 'totp', algorithm: 'SHA1', digits: 6, period: 30, group: null },
    });
  });
  it('sends the counter only for a counter-based account', () => {
    const result = toManualRequest({ ...withKind(filled, 'hotp'), counter: '7' });
    expect('request' in result && result.request.counter).toBe(7);
  });
  it('asks for the key before sending anything', () => {
    expect(toManualRequest({ ...filled, secret: '  ' })).toMatchObject({ errors: { secret: expect.stringContaining('key') } });
  });
  it('explains a period that is not a whole number of seconds', () => {
    expect(toManualRequest({ ...filled, period: '30s' })).toMatchObject({ errors: { period: expect.stringContaining('whole seconds') } });
  });
  it('sends an empty group as no group', () => {
    const result = toManualRequest({ ...filled, group: 'Payers ' });
    expect('request' in result && result.request.group).toBe('Payers');
  });
  it('fixes Steam Guard’s parameters and goes back to six digits when leaving Steam', () => {
    const steam = withKind({ ...filled, digits: 8, algorithm: 'SHA256' }, 'steam');
    expect(steam).toMatchObject({ digits: 5, algorithm: 'SHA1', period: '30' });
    expect(withKind(steam, 'totp').digits).toBe(6);
  });
});

describe('looksLikeKey', () => {
  it('recognises a Base32 key, with or without spaces', () => {
    expect(looksLikeKey('JBSW Y3DP EHPK 3PXP')).toBe(true);
    expect(looksLikeKey('jbswy3dpehpk3pxp')).toBe(true);
  });
  it('does not mistake a link or a short word for a key', () => {
    expect(looksLikeKey('otpauth://totp/x?secret=JBSWY3DPEHPK3PXP')).toBe(false);
    expect(looksLikeKey('hello')).toBe(false);
  });
});
