import type { SignedInUser } from '../auth/signInResult.js';
import type { MfaMethod } from '../domain/mfaMethods.js';
import { html } from './html.js';
import { METHOD_NAMES } from './methodLabels.js';
import { csrfField, renderPage } from './pageLayout.js';

/** The landing page after sign-in: who is signed in, how, and the way out. */
export function renderHomePage(m: { portalName: string; user: SignedInUser; method: MfaMethod | null; expiresAt: string; csrf: string }): string {
  return renderPage({
    portalName: m.portalName,
    title: 'You’re signed in',
    body: html`<p>Welcome, <strong>${m.user.name}</strong> (${m.user.username}).</p>
<p class="muted">${m.method ? html`Verified with: ${METHOD_NAMES[m.method]}.` : 'No second step was needed for this sign-in.'} This session ends when you sign out, after 30 minutes without activity, or at ${m.expiresAt.slice(11, 16)} UTC at the latest.</p>
<form method="post" action="/logout">${csrfField(m.csrf)}<div class="actions"><button class="primary" type="submit">Sign out</button></div></form>`,
  });
}
