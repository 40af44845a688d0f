import type { PendingView } from '../auth/signInResult.js';
import { html, type Html } from './html.js';
import { buttonForm, codeField, csrfField, messages, rememberField, renderPage } from './pageLayout.js';

export interface SecondFactorPageModel {
  portalName: string;
  view: PendingView;
  csrf: string;
  error: string | null;
  notice: string | null;
  rememberHours: number;
}

/** The challenge after the password: choose a login option, then type the code or answer the call. */
export function renderSecondFactorPage(m: SecondFactorPageModel): string {
  const { view } = m;
  const cancel = html`<p>${buttonForm('/login/cancel', m.csrf, 'Cancel and sign in again')}</p>`;
  const other = view.options.length > 1 ? html`<p>${buttonForm('/login/verify/other', m.csrf, 'Use another way to verify')}</p>` : null;
  let body: Html;
  let title = 'Verify it’s you';
  let withCallScript = false;
  if (view.step === 'choose_method') body = chooseMethod(m);
  else if (view.step === 'answer_call') {
    title = 'Answer the call';
    withCallScript = true;
    body = html`<p>We are calling</p>
<p class="destination">${view.destination}</p>
<p>Answer the call and press the <strong>#</strong> key on your phone’s keypad. If nobody answers and you have a secondary number, we call that one next.</p>
<form method="post" action="/login/verify/call" data-call-status="/login/verify/call-status">
${csrfField(m.csrf)}
${rememberField(m.rememberHours)}
<div class="actions"><button class="primary" type="submit">I’ve answered and pressed #</button></div>
</form>`;
  } else if (view.method === 'totp') {
    body = html`<form method="post" action="/login/verify">
${csrfField(m.csrf)}
${codeField('Enter the 6-digit code from your authenticator app')}
${rememberField(m.rememberHours)}
<div class="actions"><button class="primary" type="submit">Verify code</button></div>
</form>`;
  } else {
    body = html`<p>${view.method === 'email' ? 'Verification code has been sent to your inbox' : 'We sent a text message with your code to'}:</p>
<p class="destination">${view.destination}</p>
<form method="post" action="/login/verify">
${csrfField(m.csrf)}
${codeField('Verification code')}
${rememberField(m.rememberHours)}
<div class="actions"><button class="primary" type="submit">Verify code</button></div>
</form>
<p>Didn’t get it? ${buttonForm('/login/verify/resend', m.csrf, 'Send a new code')}</p>`;
  }
  return renderPage({ portalName: m.portalName, title, withCallScript, body: html`${messages(m.error, m.notice)}${body}${view.step === 'choose_method' ? null : other}${cancel}` });
}

/**
 * Seed 003's screens: "We have the following number on record for you. We can send a code via SMS or
 * phone to authenticate you. XXX-XXX-9885 [Send Code] [Call Me]", and email with "Send verification code".
 */
function chooseMethod(m: SecondFactorPageModel): Html {
  const has = (method: string) => m.view.options.find((o) => o.method === method);
  const sms = has('sms');
  const voice = has('voice');
  const email = has('email');
  const totp = has('totp');
  const phones = [...new Set([sms?.destination, voice?.destination].filter((d): d is string => !!d))];
  return html`<p>Your password was accepted. One more step: choose how you want to verify your sign-in.</p>
<form method="post" action="/login/verify/method">
${csrfField(m.csrf)}
${
  sms || voice
    ? html`<h2>Phone</h2><p>We have the following number on record for you. We can send a code via SMS or phone to authenticate you.</p>
${phones.map((p) => html`<p class="destination">${p}</p>`)}
<div class="actions">${sms ? html`<button class="primary" type="submit" name="method" value="sms">Send code</button>` : null}${voice ? html`<button class="primary" type="submit" name="method" value="voice">Call me</button>` : null}</div>`
    : null
}
${email ? html`<h2>Email</h2><p>We can send a code to <span class="destination">${email.destination}</span></p><div class="actions"><button class="primary" type="submit" name="method" value="email">Send verification code</button></div>` : null}
${totp ? html`<h2>Authenticator app</h2><p>Use the 6-digit code your authenticator app shows for this portal.</p><div class="actions"><button class="primary" type="submit" name="method" value="totp">Enter a code from my app</button></div>` : null}
</form>`;
}
