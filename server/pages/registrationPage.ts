import type { PendingView } from '../auth/signInResult.js';
import { html, Html } from './html.js';
import { METHOD_CHOICE_LABELS, METHOD_NAMES } from './methodLabels.js';
import { buttonForm, codeField, csrfField, messages, moreActions, renderPage, resendLine, waitingLine } from './pageLayout.js';

export interface RegistrationPageModel {
  portalName: string;
  view: PendingView;
  csrf: string;
  error: string | null;
  notice: string | null;
}

const METHOD_HINTS = {
  totp: 'An app on your phone or computer (such as Twofold, Microsoft or Google Authenticator) shows a new code every 30 seconds.',
  sms: 'We text a code to your US mobile number.',
  voice: 'We call your direct line; you answer and press #. Landlines work too.',
  email: 'We email a code to your work address. Choose this only if you have no direct phone line.',
} as const;

/** First-time MFA registration (seeds 000, 001, 003): choose a method, then prove it once. */
export function renderRegistrationPage(m: RegistrationPageModel): string {
  const { view } = m;
  const another = view.options.length > 1 && view.step !== 'choose_method' ? buttonForm('/login/register/other', m.csrf, 'Choose another method') : null;
  const cancel = buttonForm('/login/cancel', m.csrf, 'Cancel and sign in again');
  let body: Html;
  let withCallScript = false;
  switch (view.step) {
    case 'choose_method':
      body = chooseMethod(m);
      break;
    case 'scan_qr':
      body = scanQr(m);
      break;
    case 'enter_phone':
      body = enterPhone(m);
      break;
    case 'answer_call':
      withCallScript = true;
      body = html`<p>We are calling</p><p class="destination">${view.destination}</p>
<p>Answer the call and press the <strong>#</strong> key to confirm this number.</p>
${waitingLine}
<form method="post" action="/login/register/call" data-call-status="/login/register/call-status">
${csrfField(m.csrf)}
<div class="actions"><button class="primary" type="submit">I’ve answered and pressed #</button></div>
</form>`;
      break;
    case 'enter_code':
      body = html`<p>${view.method === 'email' ? 'We emailed a 6-digit verification code to' : 'We sent a text message with a 6-digit verification code to'}:</p><p class="destination">${view.destination}</p>
<p>Enter it below to confirm this ${view.method === 'email' ? 'email address' : 'number'}.</p>
<form method="post" action="/login/register/verify">
${csrfField(m.csrf)}
${codeField('Verification code')}
<div class="actions"><button class="primary" type="submit">Verify code</button></div>
</form>
${resendLine(buttonForm('/login/register/resend', m.csrf, 'Send a new code'))}`;
      break;
  }
  return renderPage({
    portalName: m.portalName,
    title: 'Set up multi-factor authentication',
    withCallScript,
    body: html`${messages(m.error, m.notice)}${body}${moreActions(another, cancel)}`,
  });
}

function chooseMethod(m: RegistrationPageModel): Html {
  if (m.view.options.length === 0) return html`<div class="alert" role="alert">Your organization has not chosen a way to verify sign-ins yet. Please contact your administrator.</div>`;
  return html`<p>Your organization now asks for a second step when you sign in, to protect patient information. This is a one-time setup: choose how you want to verify it’s you.</p>
<form method="post" action="/login/register/method">
${csrfField(m.csrf)}
<ul class="options">
${m.view.options.map(
  (o) => html`<li class="option"><div><h2>${METHOD_NAMES[o.method]}</h2><p class="muted">${METHOD_HINTS[o.method]}</p></div>
<div class="actions"><button type="submit" name="method" value="${o.method}">${METHOD_CHOICE_LABELS[o.method]}</button></div></li>`,
)}
</ul>
</form>`;
}

/** Seed 000's dialog: install an app, scan the QR code or enter the key, then enter the code it shows. */
function scanQr(m: RegistrationPageModel): Html {
  const a = m.view.authenticator;
  if (!a) return html`<div class="alert" role="alert">The setup key is no longer available. Choose the authenticator app again to get a new one.</div>`;
  return html`<ol class="steps">
<li><p class="step-title">Open your authenticator app and add a new account</p>
<p class="muted">No app yet? Install one on your phone or computer first, such as Twofold, Microsoft Authenticator or Google Authenticator.</p></li>
<li><p class="step-title">Scan this QR code with the app</p>
<figure class="qr" role="img" aria-label="QR code to add ${m.portalName} to your authenticator app">${new Html(a.qrSvg)}</figure>
<p>Can’t scan it? Enter this key in the app instead (spaces do not matter):</p>
<p class="key" id="setup-key" data-key="${a.secret}">${a.keyText}</p>
<p class="muted">If the app asks: account ${a.account}, time-based, 6 digits, every 30 seconds.</p></li>
<li><form method="post" action="/login/register/verify">
${csrfField(m.csrf)}
${codeField('Enter the 6-digit code the app shows')}
<div class="actions"><button class="primary" type="submit">Verify code</button></div>
</form></li>
</ol>`;
}

/**
 * Seed 003: "Enter a number below that we can send a code via SMS or phone to authenticate you", with its
 * country code fixed to United States (+1): shown as a "+1" in front of the box, and said in the hint.
 */
function enterPhone(m: RegistrationPageModel): Html {
  const voice = m.view.method === 'voice';
  return html`<p>Enter a number below that we can ${voice ? 'call' : 'send a code via SMS'} to authenticate you.</p>
<form method="post" action="/login/register/phone">
${csrfField(m.csrf)}
<div class="field">
<label for="phone">${voice ? 'Primary phone number' : 'Mobile phone number'}</label>
<span class="hint" id="phone-hint">A 10-digit United States number (+1), area code first, e.g. 312-555-0143. ${voice ? 'A direct line: extensions are not supported.' : 'It must be able to receive text messages.'}</span>
<div class="tel"><span class="tel-prefix" aria-hidden="true">+1</span><input type="tel" id="phone" name="phone" autocomplete="tel-national" maxlength="40" required autofocus aria-describedby="phone-hint" value="${m.view.phoneOnFile ?? ''}"></div>
</div>
${
  voice
    ? html`<div class="field">
<label for="secondaryPhone">Secondary phone number (optional)</label>
<span class="hint" id="secondaryPhone-hint">Called when nobody answers at the primary number. A cell phone or a landline.</span>
<div class="tel"><span class="tel-prefix" aria-hidden="true">+1</span><input type="tel" id="secondaryPhone" name="secondaryPhone" autocomplete="off" maxlength="40" aria-describedby="secondaryPhone-hint" value="${m.view.secondaryPhoneOnFile ?? ''}"></div>
</div>`
    : null
}
<div class="actions"><button class="primary" type="submit">${voice ? 'Call me' : 'Send code'}</button></div>
</form>`;
}
