import { html, type Html } from './html.js';

/**
 * "New password" and "Confirm new password", with the rules stated above them and tied to the first
 * field (aria-describedby), so a screen reader reads them when the field gets focus.
 */
export function newPasswordFields(rules: readonly string[]): Html {
  return html`<div id="password-rules"><p>Your new password:</p><ul>${rules.map((r) => html`<li>${r}</li>`)}</ul></div>
<div class="field">
<label for="password">New password</label>
<input type="password" id="password" name="password" autocomplete="new-password" maxlength="1024" required autofocus aria-describedby="password-rules">
</div>
<div class="field">
<label for="confirmPassword">Confirm new password</label>
<input type="password" id="confirmPassword" name="confirmPassword" autocomplete="new-password" maxlength="1024" required>
</div>`;
}

/** A text field with its hint tied to it; `value` only for what the person typed on this very form. */
export function textField(f: { id: string; label: string; hint?: string; type?: string; autocomplete?: string; required?: boolean; autofocus?: boolean; maxlength?: number; value?: string; error?: string | undefined; inputmode?: string }): Html {
  const described = [f.hint ? `${f.id}-hint` : null, f.error ? `${f.id}-error` : null].filter(Boolean).join(' ');
  return html`<div class="field${f.error ? ' invalid' : ''}">
<label for="${f.id}">${f.label}${f.required ? html`<span class="required" aria-hidden="true"> *</span>` : null}</label>
${f.hint ? html`<span class="hint" id="${f.id}-hint">${f.hint}</span>` : null}
${f.error ? html`<span class="field-error" id="${f.id}-error">${f.error}</span>` : null}
<input type="${f.type ?? 'text'}" id="${f.id}" name="${f.id}"${f.autocomplete ? html` autocomplete="${f.autocomplete}"` : null}${f.inputmode ? html` inputmode="${f.inputmode}"` : null} maxlength="${f.maxlength ?? 254}"${f.required ? html` required aria-required="true"` : null}${f.autofocus ? html` autofocus` : null}${f.error ? html` aria-invalid="true"` : null}${described ? html` aria-describedby="${described}"` : null} value="${f.value ?? ''}">
</div>`;
}
