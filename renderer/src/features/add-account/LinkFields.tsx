import type { Ref } from 'react';
import { Field } from '../../ui/Field.js';
import { looksLikeKey } from './manualForm.js';

export interface LinkFieldsProps {
  link: string;
  group: string;
  groups: readonly string[];
  errors: { link?: string | undefined; group?: string | undefined };
  onLink: (link: string) => void;
  onGroup: (group: string) => void;
  onUseAsKey: () => void;
  linkRef: Ref<HTMLTextAreaElement>;
}

/** Paste an otpauth:// or otpauth-migration:// link. */
export function LinkFields({ link, group, groups, errors, onLink, onGroup, onUseAsKey, linkRef }: LinkFieldsProps) {
  return (
    <>
      <Field
        label="Setup link"
        error={errors.link}
        hint={
          <>
            On your portal’s MFA setup page, copy the link that starts with <code>otpauth://</code>. A Google Authenticator export
            (<code>otpauth-migration://</code>) works too.
          </>
        }
      >
        {({ id, describedBy, invalid }) => (
          <textarea
            ref={linkRef}
            id={id}
            className="input input--mono"
            rows={3}
            value={link}
            placeholder="otpauth://totp/Portal:you@clinic.org?secret=…"
            spellCheck={false}
            autoComplete="off"
            aria-describedby={describedBy}
            aria-invalid={invalid || undefined}
            onChange={(event) => onLink(event.target.value)}
          />
        )}
      </Field>
      {looksLikeKey(link) && (
        <p className="inline-note">
          That looks like a key rather than a link.{' '}
          <button type="button" className="link-button" onClick={onUseAsKey}>
            Use it as a key
          </button>
        </p>
      )}
      <GroupField value={group} groups={groups} error={errors.group} onChange={onGroup} />
    </>
  );
}

export function GroupField({ value, groups, error, onChange }: { value: string; groups: readonly string[]; error?: string | undefined; onChange: (v: string) => void }) {
  return (
    <Field label="Group (optional)" error={error} hint="Accounts with the same group are listed together, e.g. “Payers”.">
      {({ id, describedBy, invalid }) => (
        <>
          <input
            id={id}
            className="input"
            value={value}
            list={`${id}-groups`}
            autoComplete="off"
            aria-describedby={describedBy}
            aria-invalid={invalid || undefined}
            onChange={(event) => onChange(event.target.value)}
          />
          <datalist id={`${id}-groups`}>
            {groups.map((g) => (
              <option key={g} value={g} />
            ))}
          </datalist>
        </>
      )}
    </Field>
  );
}
