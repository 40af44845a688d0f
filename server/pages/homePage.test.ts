import { describe, expect, it } from 'vitest';
import { renderHomePage } from './homePage.js';

const user = { id: 'u1', username: 'ana.lopez', name: 'Ana Lopez', email: 'ana@clinic.example' };

describe('the signed-in page', () => {
  it('states the session limits this service was set to, as durations rather than a UTC clock time', () => {
    const page = renderHomePage({ portalName: 'Riverside Provider Portal', user, method: 'sms', idleSeconds: 15 * 60, maxSeconds: 3600, csrf: 't' });
    expect(page).toContain('Verified with: Text message (SMS). This session ends when you sign out, after 15 minutes without activity, or 1 hour after you signed in at the latest.');
    expect(page).not.toContain('UTC');
  });

  it('says 90 minutes rather than a fraction of an hour', () => {
    expect(renderHomePage({ portalName: 'P', user, method: null, idleSeconds: 90 * 60, maxSeconds: 12 * 3600, csrf: 't' })).toContain('after 90 minutes without activity, or 12 hours after');
  });
});
