import { useId, useState, type Ref } from 'react';
import type { OtpAlgorithm, OtpKind } from '../../../../common/otp/otpParams.js';
import { ALGORITHMS } from './otpChoices.js';
import { Field } from '../../ui/Field.js';
import { Icon } from '../../ui/Icon.js';
import { GroupField } from './LinkFields.js';
import { withKind, type FieldErrors, type ManualForm } from './manualForm.js';

export interface KeyFieldsProps {
  form: ManualForm;
  groups: readonly string[];
  errors: FieldErrors;
  onChange: (form: ManualForm) => void;
  firstRef: Ref<HTMLInputElement>;
}

const KIND_LABELS: Record<OtpKind, string> = { totp: 'Time-based', hotp: 'Counter-based', steam: 'Steam Guard' };
const ADVANCED_FIELDS: (keyof ManualForm)[] = ['kind', 'algorithm', 'digits', 'period', 'counter'];

/** Type the key shown under the QR code; the parameters most portals never change sit behind "Advanced". */
export function KeyFields({ form, groups, errors, onChange, firstRef }: KeyFieldsProps) {
  const [advancedOpen, setAdvancedOpen] = useState(false);
  const advancedId = useId();
  const advancedHasError = ADVANCED_FIELDS.some((f) => errors[f]);
  const open = advancedOpen || advancedHasError;
  const set = <K extends keyof ManualForm>(key: K, value: ManualForm[K]) => onChange({ ...form, [key]: value });

  return (
    <>
      <div className="field-row">
        <Field label="Issuer" error={errors.issuer}>
          {({ id, describedBy, invalid }) => (
            <input ref={firstRef} id={id} className="input" value={form.issuer} placeholder="e.g. Acme Imaging" autoComplete="off" aria-describedby={describedBy} aria-invalid={invalid || undefined} onChange={(e) => set('issuer', e.target.value)} />
          )}
        </Field>
        <Field label="Account name" error={errors.accountName}>
          {({ id, describedBy, invalid }) => (
            <input id={id} className="input" value={form.accountName} placeholder="e.g. you@clinic.org" autoComplete="off" aria-describedby={describedBy} aria-invalid={invalid || undefined} onChange={(e) => set('accountName', e.target.value)} />
          )}
        </Field>
      </div>
      <Field label="Key" error={errors.secret} hint="The letters and digits shown under the QR code. Spaces are fine.">
        {({ id, describedBy, invalid }) => (
          <input id={id} className="input input--mono" value={form.secret} placeholder="JBSW Y3DP EHPK 3PXP" autoComplete="off" spellCheck={false} aria-describedby={describedBy} aria-invalid={invalid || undefined} onChange={(e) => set('secret', e.target.value)} />
        )}
      </Field>
      <GroupField value={form.group} groups={groups} error={errors.group} onChange={(v) => set('group', v)} />

      <button type="button" className="disclosure" aria-expanded={open} aria-controls={advancedId} onClick={() => setAdvancedOpen(!open)}>
        <Icon name="chevron" size={16} /> Advanced
      </button>
      {open && (
        <div id={advancedId} className="advanced">
          <Field label="Type" error={errors.kind}>
            {({ id, describedBy }) => (
              <select id={id} className="input" value={form.kind} aria-describedby={describedBy} onChange={(e) => onChange(withKind(form, e.target.value as OtpKind))}>
                {(Object.keys(KIND_LABELS) as OtpKind[]).map((k) => (
                  <option key={k} value={k}>
                    {KIND_LABELS[k]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Algorithm" error={errors.algorithm}>
            {({ id, describedBy }) => (
              <select id={id} className="input" value={form.algorithm} disabled={form.kind === 'steam'} aria-describedby={describedBy} onChange={(e) => set('algorithm', e.target.value as OtpAlgorithm)}>
                {ALGORITHMS.map((a) => (
                  <option key={a} value={a}>
                    {a.replace('SHA', 'SHA-')}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Digits" error={errors.digits}>
            {({ id, describedBy }) => (
              <select id={id} className="input" value={form.digits} disabled={form.kind === 'steam'} aria-describedby={describedBy} onChange={(e) => set('digits', Number(e.target.value))}>
                {(form.kind === 'steam' ? [5] : [6, 7, 8]).map((d) => (
                  <option key={d} value={d}>
                    {d}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {form.kind === 'hotp' ? (
            <Field label="Counter" error={errors.counter}>
              {({ id, describedBy, invalid }) => (
                <input id={id} className="input" inputMode="numeric" value={form.counter} aria-describedby={describedBy} aria-invalid={invalid || undefined} onChange={(e) => set('counter', e.target.value)} />
              )}
            </Field>
          ) : (
            <Field label="Period (seconds)" error={errors.period}>
              {({ id, describedBy, invalid }) => (
                <input id={id} className="input" inputMode="numeric" value={form.period} disabled={form.kind === 'steam'} aria-describedby={describedBy} aria-invalid={invalid || undefined} onChange={(e) => set('period', e.target.value)} />
              )}
            </Field>
          )}
        </div>
      )}
    </>
  );
}
