import { describe, expect, it } from 'vitest';
import { randomSecretKey } from '../security/testing/securityFixtures.js';
import { secretKeyRing } from '../security/secretKeyRing.js';
import { anonymousBinding, createCsrfTokens, sessionBinding } from './csrfTokens.js';
import { hashToken, looksLikeToken, newToken } from './sessionToken.js';

describe('CSRF tokens', () => {
  it('are the same on every instance with the key, and differ per session', () => {
    const key = randomSecretKey();
    const a = createCsrfTokens(secretKeyRing([key]));
    const b = createCsrfTokens(secretKeyRing([key]));
    expect(b.verify(sessionBinding('s1'), a.tokenFor(sessionBinding('s1')))).toBe(true);
    expect(a.verify(sessionBinding('s2'), a.tokenFor(sessionBinding('s1')))).toBe(false);
    expect(a.verify(anonymousBinding('s1'), a.tokenFor(sessionBinding('s1')))).toBe(false);
    for (const forged of [undefined, '', 'x', a.tokenFor(sessionBinding('s1')).slice(1), 42]) expect(a.verify(sessionBinding('s1'), forged)).toBe(false);
  });

  it('still accept forms rendered under the previous key after a rotation, and not under a foreign key', () => {
    const old = randomSecretKey();
    const rotated = createCsrfTokens(secretKeyRing([randomSecretKey(), old]));
    expect(rotated.verify(sessionBinding('s'), createCsrfTokens(secretKeyRing([old])).tokenFor(sessionBinding('s')))).toBe(true);
    expect(rotated.verify(sessionBinding('s'), createCsrfTokens(secretKeyRing([randomSecretKey()])).tokenFor(sessionBinding('s')))).toBe(false);
  });
});

describe('session tokens', () => {
  it('carry 256 random bits and are stored as their SHA-256', () => {
    const token = newToken();
    expect(looksLikeToken(token)).toBe(true);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(newToken()).not.toBe(token);
    expect(looksLikeToken(`${token}=`)).toBe(false);
  });
});
