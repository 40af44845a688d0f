import { html, type Html, type HtmlValue } from './html.js';

/**
 * The sign-in pages' policy: their stylesheet and script are files from this service, forms post only
 * here, the waiting page's script may ask this service about the call, and nothing else loads. The QR
 * code is inline SVG, so no image source is needed at all.
 */
export const PAGE_CSP =
  "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

export const STYLESHEET_PATH = '/assets/portal.css';
export const CALL_WAIT_SCRIPT_PATH = '/assets/call-wait.js';

export interface PageParts {
  portalName: string;
  title: string;
  body: HtmlValue;
  /** The waiting page's script (call-wait.js). */
  withCallScript?: boolean;
}

export function renderPage(p: PageParts): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${p.title} · ${p.portalName}</title>
<link rel="stylesheet" href="${STYLESHEET_PATH}">
${p.withCallScript ? html`<script src="${CALL_WAIT_SCRIPT_PATH}" defer></script>` : null}
</head>
<body>
<a class="skip" href="#main">Skip to the form</a>
<header class="portal"><div class="brand"><span class="brand-mark" aria-hidden="true"></span><span class="brand-name">${p.portalName}</span><span class="brand-tag">Secure sign-in</span></div></header>
<main id="main">
<h1>${p.title}</h1>
${p.body}
</main>
<footer class="portal">Never share your password or verification codes with anyone. Portal staff will never ask you for them.</footer>
</body>
</html>
`.text;
}

/** An error the screen reader announces at once, and a status it reads when idle. */
export function messages(error: string | null, notice: string | null): Html {
  return html`${error ? html`<div class="alert" role="alert">${error}</div>` : null}${notice ? html`<p class="notice" role="status">${notice}</p>` : null}`;
}

export const csrfField = (token: string): Html => html`<input type="hidden" name="_csrf" value="${token}">`;

/** The 6-digit code: numeric keypad on phones, one-time-code autofill, spaces allowed (`123 456`). */
export function codeField(label: string): Html {
  return html`<div class="field">
<label for="code">${label}</label>
<input class="code" type="text" id="code" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="9" required autofocus>
</div>`;
}

export function rememberField(hours: number): Html {
  if (hours <= 0) return html``;
  return html`<div class="field">
<label class="check"><input type="checkbox" name="remember" value="yes"> <span>Remember me on this computer for ${hours} hour${hours === 1 ? '' : 's'}<span class="hint">You will not be asked for a code when you sign in the same way from this browser. Do not use this on a shared computer.</span></span></label>
</div>`;
}

/** A small form with one button: "Cancel", "Send a new code", "Choose another way". */
export function buttonForm(action: string, csrf: string, label: string, className = 'link'): Html {
  return html`<form method="post" action="${action}" class="inline">${csrfField(csrf)}<button type="submit" class="${className}">${label}</button></form>`;
}

/**
 * The step's other ways out ("Choose another method", "Cancel"), below a rule, apart from its main button.
 * A div, not a p: a form inside a p ends the paragraph early, which broke these lines apart.
 */
export function moreActions(...items: HtmlValue[]): Html {
  return html`<div class="more">${items}</div>`;
}

/** Shown while a call rings: the page's script continues by itself once the call ends (callWaitScript.ts). */
export const waitingLine = html`<p class="waiting">This page moves on by itself once you press #. If it doesn’t, use the button below.</p>`;

/** "Didn’t get it? Send a new code" on one line (a div for the same reason as moreActions). */
export function resendLine(...forms: HtmlValue[]): Html {
  return html`<div class="resend">Didn’t get it? ${forms}</div>`;
}

/** After "press #": what happens if nobody answers, or that it already happened and the secondary number rings. */
export function callLegSentence(leg: 'primary' | 'secondary' | null): string {
  return leg === 'secondary'
    ? ' Nobody answered your primary number, so this call is to your secondary number.'
    : ' If nobody answers and you have a secondary number, we call that one next.';
}
