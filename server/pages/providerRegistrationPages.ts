import { maskEmail } from '../auth/maskDestination.js';
import type { SignupView } from '../enrollment/providerSignup.js';
import { US_STATES, type ProviderDetailsField } from '../enrollment/providerDetails.js';
import { html, type Html } from './html.js';
import { csrfField, messages, moreActions, renderPage } from './pageLayout.js';
import { textField } from './passwordFields.js';

export const REGISTER_START_PATH = '/register';

interface Common {
  portalName: string;
  csrf: string;
  error: string | null;
  notice: string | null;
}

const helpLinks = html`<p class="muted">Already started registering? <a href="/register/trouble">Having trouble?</a> · <a href="/register/reset">Registration error? Reset</a></p>`;

/** Seed 003: "Create a New Account - Specify Your Organization": NPI and provider registration code. */
export function renderOrganizationPage(m: Common): string {
  return renderPage({
    portalName: m.portalName,
    title: 'Create a new account',
    body: html`${messages(m.error, m.notice)}
<h2>Specify your organization</h2>
<p>Enter your organization’s NPI and the provider registration code it gave you, then click Next.</p>
<form method="post" action="${REGISTER_START_PATH}">
${csrfField(m.csrf)}
${textField({ id: 'npi', label: 'NPI', hint: 'The 10-digit National Provider Identifier of your organization.', inputmode: 'numeric', autocomplete: 'off', required: true, autofocus: true, maxlength: 40 })}
${textField({ id: 'registrationCode', label: 'Provider registration code', hint: '16 letters and digits, e.g. K7QM-2XDP-9HTA-R4VW. Dashes and spaces do not matter.', autocomplete: 'off', required: true, maxlength: 64 })}
<div class="actions"><button class="primary" type="submit">Next</button></div>
</form>
${moreActions(html`<p><a href="/login">Back to sign in</a></p>`, helpLinks)}`,
  });
}

export interface DetailsPageModel {
  portalName: string;
  csrf: string;
  view: SignupView;
  values: Partial<Record<ProviderDetailsField, string>>;
  errors: Partial<Record<ProviderDetailsField, string>>;
}

const LABELS: Record<ProviderDetailsField, string> = {
  username: 'Username',
  firstName: 'First name',
  lastName: 'Last name',
  address1: 'Address 1',
  address2: 'Address 2',
  city: 'City',
  state: 'State',
  zip: 'ZIP code',
  email: 'Email',
  confirmEmail: 'Confirm email',
  phone: 'Phone',
  fax: 'Fax',
};

/**
 * Seed 003: "Create Username, and enter all required fields under Contact Information, then click Next."
 * After a problem the page comes back with what was typed (escaped) and each problem beside its field,
 * listed first in an alert whose links move the focus to the field.
 */
export function renderDetailsPage(m: DetailsPageModel): string {
  const v = m.values;
  const e = m.errors;
  const field = (id: ProviderDetailsField, extra: Omit<Parameters<typeof textField>[0], 'id' | 'label' | 'value' | 'error'> = {}) =>
    textField({ id, label: LABELS[id], value: v[id] ?? '', error: e[id], ...extra });
  const problems = (Object.keys(e) as ProviderDetailsField[]).filter((k) => e[k]);
  const summary: Html | null = problems.length
    ? html`<div class="alert" role="alert"><p>Please correct ${problems.length === 1 ? 'this field' : `these ${problems.length} fields`}:</p><ul>${problems.map((k) => html`<li><a href="#${k}">${LABELS[k]}: ${e[k]}</a></li>`)}</ul></div>`
    : null;
  return renderPage({
    portalName: m.portalName,
    title: 'Create a new account',
    body: html`${summary}
<p>Please enter the required (<span aria-hidden="true">*</span><span class="visually-hidden">marked required</span>) fields.</p>
<form method="post" action="${REGISTER_START_PATH}/details" novalidate>
${csrfField(m.csrf)}
<h2>Organizational information</h2>
<p class="summary">${m.view.organizationName} · NPI ${m.view.npi}</p>
<h2>Account information</h2>
${field('username', { hint: 'What you will sign in with: letters, digits, dots, dashes or underscores.', autocomplete: 'username', required: true, autofocus: problems.length === 0, maxlength: 64 })}
<h2>Contact information</h2>
<div class="row">
${field('firstName', { autocomplete: 'given-name', required: true, maxlength: 80 })}
${field('lastName', { autocomplete: 'family-name', required: true, maxlength: 80 })}
</div>
${field('address1', { autocomplete: 'address-line1', maxlength: 120 })}
${field('address2', { autocomplete: 'address-line2', maxlength: 120 })}
<div class="row">
${field('city', { autocomplete: 'address-level2', maxlength: 80 })}
<div class="field${e.state ? ' invalid' : ''}">
<label for="state">State</label>
${e.state ? html`<span class="field-error" id="state-error">${e.state}</span>` : null}
<select id="state" name="state" autocomplete="address-level1"${e.state ? html` aria-invalid="true" aria-describedby="state-error"` : null}>
<option value="">Select state</option>
${US_STATES.map(([code, name]) => html`<option value="${code}"${v.state?.toUpperCase() === code ? html` selected` : null}>${name}</option>`)}
</select>
</div>
${field('zip', { autocomplete: 'postal-code', inputmode: 'numeric', maxlength: 10 })}
</div>
${field('email', { type: 'email', hint: 'Your work email address: the link to finish registering goes there.', autocomplete: 'email', required: true })}
${field('confirmEmail', { type: 'email', autocomplete: 'email', required: true })}
${field('phone', { type: 'tel', hint: 'Your office’s number, 10 digits.', autocomplete: 'tel-national', maxlength: 40 })}
${field('fax', { type: 'tel', hint: 'Providers in receipt of faxed determination letters: official communication of service authorization will be sent to this fax number. 10 digits.', required: true, maxlength: 40 })}
<div class="actions"><button class="primary" type="submit">Next</button></div>
</form>
${moreActions(html`<form method="post" action="${REGISTER_START_PATH}/cancel" class="inline">${csrfField(m.csrf)}<button type="submit" class="link">Cancel and go back to sign in</button></form>`)}`,
  });
}

/** Seed 003: "A message will display confirming the Registration is complete … click the link in your email within 20 minutes." */
export function renderLinkSentPage(m: { portalName: string; email: string }): string {
  return renderPage({
    portalName: m.portalName,
    title: 'Check your email',
    body: html`<p class="notice" role="status">Your registration is complete.</p>
<p>To complete the multi-factor authentication registration, you must click the link in the email we sent to <strong>${maskEmail(m.email)}</strong> within 20 minutes.</p>
<p class="muted">No email after a few minutes? Look in your junk folder, then use <a href="/register/reset">Registration error? Reset</a> with your username to get a new link.</p>`,
  });
}
