import type { PendingView } from '../auth/signInResult.js';
import { html, type Html } from './html.js';
import { buttonForm, callLegSentence, codeField, csrfField, messages, moreActions, rememberField, renderPage, resendLine, waitingLine } from './pageLayout.js';

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
  const cancel = buttonForm('/login/cancel', m.csrf, 'Cancel and sign in again');
  const other = view.options.length > 1 && view.step !== 'choose_method' ? buttonForm('/login/verify/other', m.csrf, 'Use another way to verify') : null;
  let body: Html;
  let title = 'Verify it’s you';
  let withCallScript = false;
  if (view.step === 'choose_method') body = chooseMethod(m);
  else if (view.step === 'answer_call') {
    title = 'Answer the call';
    withCallScript = true;
    body = html`<p>We are calling</p>
<p class="destination">${view.destination}</p>
<p>Answer the call and press the <strong>#</strong> key on your phone’s keypad.${callLegSentence(view.callLeg)}</p>
${waitingLine}
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
    body = html`<p>${view.method === 'email' ? 'We emailed a 6-digit verification code to' : 'We sent a text message with a 6-digit verification code to'}:</p>
<p class="destination">${view.destination}</p>
<form method="post" action="/login/verify">
${csrfField(m.csrf)}
${codeField('Verification code')}
${rememberField(m.rememberHours)}
<div class="actions"><button class="primary" type="submit">Verify code</button></div>
</form>
${resendLine(buttonForm('/login/verify/resend', m.csrf, 'Send a new code'))}`;
  }
  return renderPage({ portalName: m.portalName, title, withCallScript, body: html`${messages(m.error, m.notice)}${body}${moreActions(other, cancel)}` });
}

/**
 * Seed 003's screens: "We have the following number on record for you. We can send a code via SMS or
 * phone to authenticate you. XXX-XXX-9885 [Send Code] [Call Me]", and email with "Send verification code".
 * Each method is one box; the sentence names only the ways this user actually has.
 */
function chooseMethod(m: SecondFactorPageModel): Html {
  const has = (method: string) => m.view.options.find((o) => o.method === method);
  const sms = has('sms');
  const voice = has('voice');
  const email = has('email');
  const totp = has('totp');
  const phones = [...new Set([sms?.destination, voice?.destination].filter((d): d is string => !!d))];
  const phoneSentence =
    sms && voice
      ? 'We have the following number on record for you. We can send a code via SMS or phone to authenticate you.'
      : sms
        ? 'We can text a code to the number we have on record for you.'
        : 'We can call the number we have on record for you. Answer and press # to verify.';
  const option = (title: string, text: Html, buttons: Html) => html`<li class="option"><div><h2>${title}</h2>${text}</div><div class="actions">${buttons}</div></li>`;
  return html`<p>Your password was accepted. One more step: choose how you want to verify your sign-in.</p>
<form method="post" action="/login/verify/method">
${csrfField(m.csrf)}
<ul class="options">
${
  sms || voice
    ? option(
        'Phone',
        html`<p class="muted">${phoneSentence}</p>${phones.map((p) => html`<p class="destination">${p}</p>`)}`,
        html`${sms ? html`<button type="submit" name="method" value="sms">Send code</button>` : null}${voice ? html`<button type="submit" name="method" value="voice">Call me</button>` : null}`,
      )
    : null
}
${email ? option('Email', html`<p class="muted">We can email a code to:</p><p class="destination">${email.destination}</p>`, html`<button type="submit" name="method" value="email">Send verification code</button>`) : null}
${totp ? option('Authenticator app', html`<p class="muted">Use the 6-digit code your authenticator app shows for this portal.</p>`, html`<button type="submit" name="method" value="totp">Enter a code from my app</button>`) : null}
</ul>
</form>`;
}
