import { html, type Html } from './html.js';
import type { ResetView } from '../recovery/forgotPassword.js';
import { buttonForm, callLegSentence, codeField, csrfField, messages, moreActions, renderPage, resendLine, waitingLine } from './pageLayout.js';
import { newPasswordFields } from './passwordFields.js';

export const FORGOT_PATH = '/login/forgot';
export const FORGOT_STEP_PATH = '/login/forgot/verify';

interface Common {
  portalName: string;
  csrf: string;
  error: string | null;
  notice: string | null;
}

/** Seed 003: "Enter email address and click the Send verification code button." */
export function renderForgotPasswordStart(m: Common): string {
  return renderPage({
    portalName: m.portalName,
    title: 'Forgot your password?',
    body: html`${messages(m.error, m.notice)}
<p>Enter the email address of your account (or your username). We will send a 6-digit verification code to the email address on file.</p>
<form method="post" action="${FORGOT_PATH}">
${csrfField(m.csrf)}
<div class="field">
<label for="login">Email address</label>
<span class="hint" id="login-hint">Or your username.</span>
<input type="text" id="login" name="login" autocomplete="username" autocapitalize="none" spellcheck="false" maxlength="254" required autofocus aria-describedby="login-hint">
</div>
<div class="actions"><button class="primary" type="submit">Send verification code</button></div>
</form>
${moreActions(html`<a href="/login">Cancel and go back to sign in</a>`)}`,
  });
}

/** One page for every step after the start: the email code, the phone, the new password. */
export function renderForgotPasswordStep(m: Common & { view: ResetView }): string {
  const { view } = m;
  const cancel = buttonForm(`${FORGOT_PATH}/cancel`, m.csrf, 'Cancel and go back to sign in');
  let title: string;
  let body: Html;
  let withCallScript = false;
  switch (view.step) {
    case 'email_code':
      title = 'Verify your email';
      body = html`<p>If what you entered belongs to an account, a 6-digit code is on its way to that account’s email address. It works once, for ${view.codeMinutes} minute${view.codeMinutes === 1 ? '' : 's'}.</p>
<form method="post" action="${FORGOT_PATH}/email-code">
${csrfField(m.csrf)}
${codeField('Verification code')}
<div class="actions"><button class="primary" type="submit">Verify code</button></div>
</form>
${resendLine(buttonForm(`${FORGOT_PATH}/resend`, m.csrf, 'Send new code'))}`;
      break;
    case 'phone': {
      title = 'Verify your phone';
      const phone = view.phone;
      if (!phone) {
        body = html`<div class="alert" role="alert">There is no phone number on file any more. Please start again.</div>`;
      } else if (phone.stage === 'answer_call') {
        withCallScript = true;
        body = html`<p>We are calling</p><p class="destination">${phone.callingTo}</p>
<p>Answer the call and press the <strong>#</strong> key on your phone’s keypad.${callLegSentence(phone.callLeg)}</p>
${waitingLine}
<form method="post" action="${FORGOT_PATH}/phone/answered" data-call-status="${FORGOT_PATH}/phone/call-status">
${csrfField(m.csrf)}
<div class="actions"><button class="primary" type="submit">I’ve answered and pressed #</button></div>
</form>`;
      } else if (phone.stage === 'enter_code') {
        body = html`<p>We sent a text message with a 6-digit code to</p><p class="destination">${phone.destination}</p>
<p>Enter your verification code below, or send a new code.</p>
<form method="post" action="${FORGOT_PATH}/phone/code">
${csrfField(m.csrf)}
${codeField('Verification code')}
<div class="actions"><button class="primary" type="submit">Verify code</button></div>
</form>
${resendLine(buttonForm(`${FORGOT_PATH}/phone/resend`, m.csrf, 'Send new code'), ' or ', buttonForm(`${FORGOT_PATH}/phone/call`, m.csrf, 'call me instead'))}`;
      } else {
        body = html`<p>We have the following number on record for you. We can send a code via SMS or phone to authenticate you.</p>
<p class="destination">${phone.destination}</p>
<div class="actions">
<form method="post" action="${FORGOT_PATH}/phone/send" class="inline">${csrfField(m.csrf)}<button class="primary" type="submit">Send code</button></form>
<form method="post" action="${FORGOT_PATH}/phone/call" class="inline">${csrfField(m.csrf)}<button class="primary" type="submit">Call me</button></form>
</div>
<p class="muted">“Send code” texts a 6-digit code to this number. “Call me” rings it: answer and press the # key.</p>`;
      }
      break;
    }
    case 'new_password':
      title = 'Choose a new password';
      body = html`<form method="post" action="${FORGOT_PATH}/password">
${csrfField(m.csrf)}
${newPasswordFields(view.passwordRules)}
<div class="actions"><button class="primary" type="submit">Continue</button></div>
</form>
<p class="muted">Changing your password signs you out everywhere, and browsers that were remembered will ask for a verification code again.</p>`;
      break;
  }
  return renderPage({ portalName: m.portalName, title, withCallScript, body: html`${messages(m.error, m.notice)}${body}${moreActions(cancel)}` });
}

export function renderPasswordChanged(m: { portalName: string }): string {
  return renderPage({
    portalName: m.portalName,
    title: 'Your password has been changed',
    body: html`<p>For your security you were signed out everywhere, and browsers that were remembered will ask for a verification code again. We also emailed you a note about the change.</p>
<div class="actions"><a class="button primary" href="/login">Sign in with your new password</a></div>`,
  });
}
