import type { ReactNode } from 'react';

interface DialogFooterProps {
  submitLabel: string;
  busy: boolean;
  onCancel: () => void;
  /** An action that sits apart on the left (e.g. Remove), away from the confirming buttons. */
  start?: ReactNode;
}

/** Every form dialog ends the same way: Cancel, then the primary submit button. */
export function DialogFooter({ submitLabel, busy, onCancel, start }: DialogFooterProps) {
  return (
    <div className="dialog__footer">
      {start}
      <button type="button" className="button" onClick={onCancel}>
        Cancel
      </button>
      <button type="submit" className="button button--primary" disabled={busy}>
        {submitLabel}
      </button>
    </div>
  );
}
