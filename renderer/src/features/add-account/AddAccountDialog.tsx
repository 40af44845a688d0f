import { useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { AppErrorView } from '../../../../common/errors.js';
import type { AccountView } from '../../../../common/ipc/views.js';
import { call, describeError } from '../../api/twofold.js';
import { Dialog } from '../../ui/Dialog.js';
import { useToasts } from '../../ui/Toasts.js';
import { KeyFields } from './KeyFields.js';
import { LinkFields } from './LinkFields.js';
import { emptyManualForm, toManualRequest, type FieldErrors, type ManualForm } from './manualForm.js';
import './addAccount.css';
import { DialogFooter } from '../../ui/DialogFooter.js';

type Mode = 'link' | 'key';

export interface AddAccountDialogProps {
  groups: readonly string[];
  onClose: () => void;
  onAdded: (accounts: AccountView[]) => void | Promise<void>;
}

const LINK_FIELDS = ['link', 'group'];
const KEY_FIELDS = ['issuer', 'accountName', 'secret', 'group', 'kind', 'algorithm', 'digits', 'period', 'counter'];

/**
 * An error from main goes next to the field it names when that field is on screen, otherwise above
 * the buttons. The message is main's own, written for the person.
 */
function placeError(error: AppErrorView, mode: Mode): { fields: FieldErrors & { link?: string }; general: string | null } {
  const known = mode === 'link' ? LINK_FIELDS : KEY_FIELDS;
  const field = error.field === 'uri' || error.field === 'url' ? 'link' : error.field;
  if (field && known.includes(field)) return { fields: { [field]: describeError(error) }, general: null };
  // A link error without a field is still about the link.
  if (mode === 'link' && (error.code === 'InvalidUri' || error.code === 'InvalidSecret' || error.code === 'InvalidInput')) {
    return { fields: { link: describeError(error) }, general: null };
  }
  return { fields: {}, general: describeError(error) };
}

const nameOf = (a: AccountView) => a.issuer || a.accountName;

export function AddAccountDialog({ groups, onClose, onAdded }: AddAccountDialogProps) {
  const toasts = useToasts();
  const [mode, setMode] = useState<Mode>('link');
  const [link, setLink] = useState('');
  const [linkGroup, setLinkGroup] = useState('');
  const [form, setForm] = useState<ManualForm>(emptyManualForm);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors & { link?: string }>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [progress, setProgress] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const linkRef = useRef<HTMLTextAreaElement>(null);
  const keyRef = useRef<HTMLInputElement>(null);

  const switchTo = (next: Mode) => {
    setMode(next);
    setFieldErrors({});
    setGeneral(null);
    // Focus the new panel's first field once it is on screen.
    setTimeout(() => (next === 'link' ? linkRef.current : keyRef.current)?.focus());
  };

  const added = (accounts: AccountView[]) => {
    void onAdded(accounts);
    const first = accounts[0];
    toasts.show({ tone: 'success', message: accounts.length === 1 && first ? `Added ${nameOf(first)}` : `Added ${accounts.length} accounts` });
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setFieldErrors({});
    setGeneral(null);
    if (mode === 'link') {
      if (!link.trim()) return setFieldErrors({ link: 'Paste the link from your portal’s MFA setup page first.' });
      setBusy(true);
      const result = await call('accounts:addFromLink', { link: link.trim(), group: linkGroup.trim() || null });
      setBusy(false);
      if (!result.ok) return showError(result.error);
      const { batch } = result.value;
      added(result.value.added);
      if (batch && batch.part < batch.of) {
        // A Google Authenticator export in several parts: stay open for the next one.
        setLink('');
        setProgress(`Part ${batch.part} of ${batch.of} done. Paste part ${batch.part + 1} next.`);
        linkRef.current?.focus();
        return;
      }
      return onClose();
    }
    const prepared = toManualRequest(form);
    if ('errors' in prepared) return setFieldErrors(prepared.errors);
    setBusy(true);
    const result = await call('accounts:addManual', prepared.request);
    setBusy(false);
    if (!result.ok) return showError(result.error);
    added([result.value.added]);
    onClose();
  };

  const showError = (error: AppErrorView) => {
    const placed = placeError(error, mode);
    setFieldErrors(placed.fields);
    setGeneral(placed.general);
  };

  const onTabKey = (event: KeyboardEvent) => {
    if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
      event.preventDefault();
      switchTo(mode === 'link' ? 'key' : 'link');
    }
  };

  return (
    <Dialog title="Add account" description="Use the details from your portal’s MFA setup page." onClose={onClose} initialFocus={linkRef}>
      <div className="segmented" role="tablist" aria-label="How to add">
        <button type="button" role="tab" id="add-tab-link" aria-selected={mode === 'link'} aria-controls="add-panel" tabIndex={mode === 'link' ? 0 : -1} onClick={() => switchTo('link')} onKeyDown={onTabKey}>
          Paste link
        </button>
        <button type="button" role="tab" id="add-tab-key" aria-selected={mode === 'key'} aria-controls="add-panel" tabIndex={mode === 'key' ? 0 : -1} onClick={() => switchTo('key')} onKeyDown={onTabKey}>
          Type key
        </button>
      </div>
      <form id="add-panel" role="tabpanel" aria-labelledby={mode === 'link' ? 'add-tab-link' : 'add-tab-key'} className="dialog__body" onSubmit={submit} noValidate>
        {mode === 'link' ? (
          <LinkFields
            link={link}
            group={linkGroup}
            groups={groups}
            errors={fieldErrors}
            onLink={(value) => {
              setLink(value);
              if (fieldErrors.link) setFieldErrors({});
            }}
            onGroup={setLinkGroup}
            onUseAsKey={() => {
              setForm({ ...form, secret: link.trim() });
              setLink('');
              switchTo('key');
            }}
            linkRef={linkRef}
          />
        ) : (
          <KeyFields form={form} groups={groups} errors={fieldErrors} onChange={setForm} firstRef={keyRef} />
        )}
        {progress && mode === 'link' && (
          <p className="form-note" role="status">
            {progress}
          </p>
        )}
        {general && (
          <p className="form-error" role="alert">
            {general}
          </p>
        )}
        <DialogFooter submitLabel="Add" busy={busy} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
