import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { Settings } from '../../../../common/ipc/views.js';
import { call, describeError } from '../../api/twofold.js';
import { Dialog } from '../../ui/Dialog.js';
import { Field } from '../../ui/Field.js';
import { useToasts } from '../../ui/Toasts.js';
import { clearChoices } from './clearChoices.js';
import { ThemeChoice } from './ThemeChoice.js';
import { applyTheme } from './useTheme.js';
import './settings.css';
import { DialogFooter } from '../../ui/DialogFooter.js';

export interface SettingsDialogProps {
  /** What is saved now; the dialog opens only once it is known, so the controls never jump. */
  saved: Settings;
  onClose: () => void;
}

/** How long a copied code stays on the clipboard, and light or dark. Appearance previews as you pick. */
export function SettingsDialog({ saved, onClose }: SettingsDialogProps) {
  const toasts = useToasts();
  const [clearSeconds, setClearSeconds] = useState(saved.clipboardClearSeconds);
  const [theme, setTheme] = useState(saved.theme);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const selectRef = useRef<HTMLSelectElement>(null);

  // The theme is previewed live; whichever way the dialog closes (Cancel, Esc, ×), the page ends on the
  // theme that is actually saved. A successful save moves this mark.
  const committedTheme = useRef(saved.theme);
  useEffect(() => () => applyTheme(committedTheme.current), []);

  const pickTheme = (next: Settings['theme']) => {
    setTheme(next);
    applyTheme(next);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setError(null);
    setBusy(true);
    const result = await call('settings:update', { clipboardClearSeconds: clearSeconds, theme });
    setBusy(false);
    if (!result.ok) {
      setError(describeError(result.error));
      return;
    }
    committedTheme.current = result.value.theme;
    toasts.show({ tone: 'success', message: 'Settings saved' });
    onClose();
  };

  return (
    <Dialog title="Settings" onClose={onClose} initialFocus={selectRef}>
      <form className="dialog__body" onSubmit={submit} noValidate>
        <Field label="Clear the clipboard after" hint="A copied code is removed from the clipboard after this time, unless you have copied something else since.">
          {({ id, describedBy }) => (
            <select ref={selectRef} id={id} className="input" value={clearSeconds} aria-describedby={describedBy} onChange={(e) => setClearSeconds(Number(e.target.value))}>
              {clearChoices(saved.clipboardClearSeconds).map((choice) => (
                <option key={choice.seconds} value={choice.seconds}>
                  {choice.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <ThemeChoice value={theme} onChange={pickTheme} />
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <DialogFooter submitLabel="Save" busy={busy} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
