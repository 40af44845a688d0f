import { useRef, useState, type FormEvent } from 'react';
import type { AccountView } from '../../../../common/ipc/views.js';
import { call, describeError } from '../../api/twofold.js';
import { Dialog } from '../../ui/Dialog.js';
import { Field } from '../../ui/Field.js';
import { useToasts } from '../../ui/Toasts.js';
import { GroupField } from '../add-account/LinkFields.js';
import { DialogFooter } from '../../ui/DialogFooter.js';

export interface EditAccountDialogProps {
  account: AccountView;
  groups: readonly string[];
  onClose: () => void;
  onSaved: (account: AccountView) => void;
  onRemove: (id: string) => void;
}

type Errors = Partial<Record<'issuer' | 'accountName' | 'group', string>>;

/** Rename an account or put it in a group. The key and its parameters cannot change: that is a new account. */
export function EditAccountDialog({ account, groups, onClose, onSaved, onRemove }: EditAccountDialogProps) {
  const toasts = useToasts();
  const [issuer, setIssuer] = useState(account.issuer);
  const [accountName, setAccountName] = useState(account.accountName);
  const [group, setGroup] = useState(account.group ?? '');
  const [errors, setErrors] = useState<Errors>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const issuerRef = useRef<HTMLInputElement>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setErrors({});
    setGeneral(null);
    setBusy(true);
    const result = await call('accounts:update', { id: account.id, issuer: issuer.trim(), accountName: accountName.trim(), group: group.trim() || null });
    setBusy(false);
    if (!result.ok) {
      const field = result.error.field;
      if (field === 'issuer' || field === 'accountName' || field === 'group') setErrors({ [field]: describeError(result.error) });
      else setGeneral(describeError(result.error));
      return;
    }
    onSaved(result.value.account);
    toasts.show({ tone: 'success', message: 'Saved' });
    onClose();
  };

  return (
    <Dialog title="Edit account" onClose={onClose} initialFocus={issuerRef}>
      <form className="dialog__body" onSubmit={submit} noValidate>
        <Field label="Issuer" error={errors.issuer} hint="The portal or company, as you want to see it in the list.">
          {({ id, describedBy, invalid }) => (
            <input ref={issuerRef} id={id} className="input" value={issuer} autoComplete="off" aria-describedby={describedBy} aria-invalid={invalid || undefined} onChange={(e) => setIssuer(e.target.value)} />
          )}
        </Field>
        <Field label="Account name" error={errors.accountName}>
          {({ id, describedBy, invalid }) => (
            <input id={id} className="input" value={accountName} autoComplete="off" aria-describedby={describedBy} aria-invalid={invalid || undefined} onChange={(e) => setAccountName(e.target.value)} />
          )}
        </Field>
        <GroupField value={group} groups={groups} error={errors.group} onChange={setGroup} />
        {general && (
          <p className="form-error" role="alert">
            {general}
          </p>
        )}
        <DialogFooter
          submitLabel="Save"
          busy={busy}
          onCancel={onClose}
          start={
            <button type="button" className="button button--danger-quiet dialog__footer-start" onClick={() => onRemove(account.id)}>
              Remove
            </button>
          }
        />
      </form>
    </Dialog>
  );
}
