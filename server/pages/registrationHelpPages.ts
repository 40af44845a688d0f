import { html } from './html.js';
import { csrfField, messages, moreActions, renderPage } from './pageLayout.js';

export const RESET_PATH = '/register/reset';
export const TROUBLE_PATH = '/register/trouble';

interface Common {
  portalName: string;
  csrf: string;
  error: string | null;
  notice: string | null;
}

/** Seed 003, "Registration Error Message": "Enter username and click Submit." */
export function renderResetPage(m: Common): string {
  return renderPage({
    portalName: m.portalName,
    title: 'Reset your registration',
    body: html`${messages(m.error, m.notice)}
<p>If a Registration Error message appeared while you were registering, enter your username and click Submit. An email will be sent to the registered email address with a link to complete the registration process.</p>
<form method="post" action="${RESET_PATH}">
${csrfField(m.csrf)}
<div class="field">
<label for="username">Username</label>
<input type="text" id="username" name="username" autocomplete="username" autocapitalize="none" spellcheck="false" maxlength="254" required autofocus>
</div>
<div class="actions"><button class="primary" type="submit">Submit</button></div>
</form>
${moreActions(html`<a href="/login">Back to sign in</a>`)}`,
  });
}

/** Seed 003, "Having Trouble Logging In?": the completion link again, for the email and password used to register. */
export function renderTroublePage(m: Common): string {
  return renderPage({
    portalName: m.portalName,
    title: 'Having trouble signing in?',
    body: html`${messages(m.error, m.notice)}
<h2>Didn’t finish registering?</h2>
<p>If you began the multi-factor registration process, verified your email and created a password but did not complete the process, enter the email and password you used. We will send a link to your registered email address to complete the multi-factor authentication registration.</p>
<form method="post" action="${TROUBLE_PATH}">
${csrfField(m.csrf)}
<div class="field">
<label for="login">Email address or username</label>
<input type="text" id="login" name="login" autocomplete="username" autocapitalize="none" spellcheck="false" maxlength="254" required autofocus>
</div>
<div class="field">
<label for="password">Password</label>
<input type="password" id="password" name="password" autocomplete="current-password" maxlength="1024" required>
</div>
<div class="actions"><button class="primary" type="submit">Send link</button></div>
</form>
<h2>Other help</h2>
<ul>
<li>A Registration Error message, or you never chose a password: <a href="${RESET_PATH}">Reset your registration</a> with your username.</li>
<li><a href="/login/forgot">Forgot your password?</a></li>
<li>New provider without an account: <a href="/register">Register as a new provider</a>.</li>
</ul>
${moreActions(html`<a href="/login">Back to sign in</a>`)}`,
  });
}
