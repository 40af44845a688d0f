import { describe, expect, it } from 'vitest';
import { isTrustedSender } from './trustedSender.js';

const PAGE = 'file:///opt/Twofold/resources/app/dist/renderer/index.html';
const ours = { fromOurWindow: true, isMainFrame: true, url: PAGE };

describe('isTrustedSender', () => {
  it('accepts the main frame of our window on the bundled page, with or without a fragment', () => {
    expect(isTrustedSender(ours, PAGE)).toBe(true);
    expect(isTrustedSender({ ...ours, url: `${PAGE}#/settings` }, PAGE)).toBe(true);
  });

  it('refuses another window, an iframe, or a frame that is gone', () => {
    expect(isTrustedSender({ ...ours, fromOurWindow: false }, PAGE)).toBe(false);
    expect(isTrustedSender({ ...ours, isMainFrame: false }, PAGE)).toBe(false);
    expect(isTrustedSender({ ...ours, url: null }, PAGE)).toBe(false);
  });

  it('refuses any other page, including the same file with a query or a remote site', () => {
    expect(isTrustedSender({ ...ours, url: `${PAGE}?x=1` }, PAGE)).toBe(false);
    expect(isTrustedSender({ ...ours, url: 'file:///tmp/evil/index.html' }, PAGE)).toBe(false);
    expect(isTrustedSender({ ...ours, url: 'https://example.org/' }, PAGE)).toBe(false);
  });
});
