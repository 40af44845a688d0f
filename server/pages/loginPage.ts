import { html } from './html.js';
import { csrfField, messages, renderPage } from './pageLayout.js';

export interface LoginPageModel {
  portalName: string;
  csrf: string;
  error: string | null;
  notice: string | null;
}

/** Step one: username or email, and password. Nothing typed is ever written back into the page. */
export function renderLoginPage(m: LoginPageModel): string {
  return renderPage({
    portalName: m.portalName,
    title: 'Sign in',
    body: html`${messages(m.error, m.notice)}
<form method="post" action="/login">
${csrfField(m.csrf)}
<div class="field">
<label for="username">Username or email</label>
<input type="text" id="username" name="username" autocomplete="username" autocapitalize="none" spellcheck="false" maxlength="254" required autofocus>
</div>
<div class="field">
<label for="password">Password</label>
<input type="password" id="password" name="password" autocomplete="current-password" maxlength="1024" required>
</div>
<div class="actions split"><button class="primary" type="submit">Sign in</button><a href="/login/forgot">Forgot your password?</a></div>
</form>
<p class="muted">First sign-in since your organization turned on multi-factor authentication? Sign in as usual: we will guide you through setting it up.</p>
<div class="more">
<p>No account yet? You can <a href="/register">register as a new provider</a>.</p>
<p><a href="/register/trouble">Having trouble signing in?</a></p>
</div>`,
  });
}
