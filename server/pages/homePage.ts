import type { SignedInUser } from '../auth/signInResult.js';
import type { MfaMethod } from '../domain/mfaMethods.js';
import { html } from './html.js';
import { METHOD_NAMES } from './methodLabels.js';
import { csrfField, renderPage } from './pageLayout.js';

export interface HomePageModel {
  portalName: string;
  user: SignedInUser;
  method: MfaMethod | null;
  /** SESSION_IDLE_MINUTES and SESSION_MAX_HOURS, so the page says what this service was set to. */
  idleSeconds: number;
  maxSeconds: number;
  csrf: string;
}

/**
 * The landing page after sign-in: who is signed in, how, and the way out. Session limits are durations,
 * not a clock time: the service's clock is UTC and a clinic's receptionist is not.
 */
export function renderHomePage(m: HomePageModel): string {
  return renderPage({
    portalName: m.portalName,
    title: 'You’re signed in',
    body: html`<p>Welcome, <strong>${m.user.name}</strong> (${m.user.username}).</p>
<p class="muted">${m.method ? html`Verified with: ${METHOD_NAMES[m.method]}.` : 'No second step was needed for this sign-in.'} This session ends when you sign out, after ${duration(m.idleSeconds)} without activity, or ${duration(m.maxSeconds)} after you signed in at the latest.</p>
<form method="post" action="/logout">${csrfField(m.csrf)}<div class="actions"><button class="primary" type="submit">Sign out</button></div></form>`,
  });
}

/** 1800 → "30 minutes", 43200 → "12 hours", 3600 → "1 hour". */
function duration(seconds: number): string {
  const minutes = Math.round(seconds / 60);
  const [n, unit] = minutes % 60 === 0 ? [minutes / 60, 'hour'] : [minutes, 'minute'];
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}
