import type { LinkView } from '../enrollment/completionLink.js';
import { html } from './html.js';
import { csrfField, messages, moreActions, renderPage } from './pageLayout.js';
import { newPasswordFields } from './passwordFields.js';

export const LINK_PATH = '/register/link';
export const LINK_PASSWORD_PATH = '/register/password';

/**
 * The page an emailed link opens. Opening it uses nothing up: mail scanners and link previews fetch links
 * too, so the link is spent only by the person pressing Continue (a form post from this page).
 */
export function renderLinkPage(m: { portalName: string; csrf: string; linkToken: string | null; error: string | null }): string {
  if (!m.linkToken) {
    return renderPage({
      portalName: m.portalName,
      title: 'This link can’t be used',
      body: html`<div class="alert" role="alert">${m.error ?? 'This link has expired or was already used. Links work once, for 20 minutes.'}</div>
<p>To get a new link:</p>
<ul>
<li>If you chose a password when you registered: <a href="/register/trouble">Having trouble? Send a new link</a> with your email and password.</li>
<li>Otherwise: <a href="/register/reset">Registration error? Reset</a> with your username.</li>
</ul>
${moreActions(html`<a href="/login">Go to the sign-in page</a>`)}`,
    });
  }
  return renderPage({
    portalName: m.portalName,
    title: 'Complete your registration',
    body: html`${messages(m.error, null)}<p>Continue to finish setting up your account and multi-factor authentication. This link works once.</p>
<form method="post" action="${LINK_PATH}">
${csrfField(m.csrf)}
<input type="hidden" name="token" value="${m.linkToken}">
<div class="actions"><button class="primary" type="submit" autofocus>Continue</button></div>
</form>`,
  });
}

/** A new provider creates their password (seed 003: "Enter a new password, confirm the password, and click Create"); anyone else types theirs. */
export function renderLinkPasswordPage(m: { portalName: string; csrf: string; view: LinkView; error: string | null }): string {
  const { view } = m;
  if (view.step === 'create_password') {
    return renderPage({
      portalName: m.portalName,
      title: 'Create your password',
      body: html`${messages(m.error, 'E-mail address verified. You can now continue.')}
<p>Welcome, ${view.userName}. Your username is <strong>${view.username}</strong>. Choose the password you will sign in with.</p>
<form method="post" action="${LINK_PASSWORD_PATH}">
${csrfField(m.csrf)}
${newPasswordFields(view.passwordRules)}
<div class="actions"><button class="primary" type="submit">Create</button></div>
</form>`,
    });
  }
  return renderPage({
    portalName: m.portalName,
    title: 'Enter your password',
    body: html`${messages(m.error, null)}
<p>Welcome back, ${view.userName}. Enter the password of <strong>${view.username}</strong> to continue setting up multi-factor authentication.</p>
<form method="post" action="${LINK_PASSWORD_PATH}">
${csrfField(m.csrf)}
<div class="field">
<label for="password">Password</label>
<input type="password" id="password" name="password" autocomplete="current-password" maxlength="1024" required autofocus>
</div>
<div class="actions split"><button class="primary" type="submit">Continue</button><a href="/login/forgot">Forgot your password?</a></div>
</form>`,
  });
}

/** Nothing left for the link to do: MFA is set up (the terms of use, if pending, come after signing in). */
export function renderRegistrationDonePage(m: { portalName: string; signInToFinish: boolean }): string {
  return renderPage({
    portalName: m.portalName,
    title: m.signInToFinish ? 'Sign in to finish' : 'Your registration is already complete',
    body: html`<p class="notice" role="status">${
      m.signInToFinish
        ? 'Multi-factor authentication is already set up for your account. Sign in to finish your registration.'
        : 'Your registration is already complete. Sign in with your username or email and password.'
    }</p>
<div class="actions"><a class="button primary" href="/login">Go to the sign-in page</a></div>`,
  });
}
