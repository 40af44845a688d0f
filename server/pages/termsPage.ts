import { termsOfUse } from '../enrollment/termsOfUse.js';
import { html } from './html.js';
import { buttonForm, csrfField, messages, moreActions, renderPage } from './pageLayout.js';

export const TERMS_PATH = '/register/terms';

/** Seed 003: "As a new user, you will need to read and agree to the Terms of Use." */
export function renderTermsPage(m: { portalName: string; csrf: string; error: string | null }): string {
  const t = termsOfUse(m.portalName);
  return renderPage({
    portalName: m.portalName,
    title: 'Terms of Use Agreement',
    body: html`${messages(m.error, null)}
<div class="terms" id="terms" tabindex="0" role="region" aria-label="Terms of use">
<p>${t.preamble}</p>
<h2>${t.heading}</h2>
<ol>${t.terms.map((term) => html`<li>${term}</li>`)}</ol>
</div>
<form method="post" action="${TERMS_PATH}">
${csrfField(m.csrf)}
<div class="field">
<label class="check"><input type="checkbox" name="agree" value="yes" required aria-describedby="terms"> <span>I have read and agree to these terms of use.</span></label>
</div>
<div class="actions"><button class="primary" type="submit">Continue</button></div>
</form>
${moreActions(html`<span>Do not agree? ${buttonForm('/logout', m.csrf, 'Sign out')}</span>`)}`,
  });
}
