import { describe, expect, it } from 'vitest';
import { ConfigError } from './configError.js';
import { readPublicBaseUrl } from './publicBaseUrl.js';

describe('PUBLIC_BASE_URL', () => {
  it('is optional', () => {
    expect(readPublicBaseUrl({})).toBeNull();
    expect(readPublicBaseUrl({ PUBLIC_BASE_URL: '  ' })).toBeNull();
  });

  it('keeps a plain https address, without a trailing slash', () => {
    expect(readPublicBaseUrl({ PUBLIC_BASE_URL: 'https://portal.example.org/' })).toBe('https://portal.example.org');
    expect(readPublicBaseUrl({ PUBLIC_BASE_URL: 'https://example.org/portal/' })).toBe('https://example.org/portal');
  });

  it.each([
    ['portal.example.org', /must be the portal’s address/],
    ['ftp://portal.example.org', /must start with https:\/\//],
    ['https://portal.example.org/?next=x', /without a query/],
    ['https://user:secret@portal.example.org', /without a query, fragment or credentials/],
  ])('refuses %s with a sentence that says what to write', (value, message) => {
    const error = (() => {
      try {
        readPublicBaseUrl({ PUBLIC_BASE_URL: value });
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('secret');
  });
});
