import { useCallback, useRef } from 'react';
import type { Settings } from '../../../../common/ipc/views.js';
import { call, describeError } from '../../api/twofold.js';
import { useToasts } from '../../ui/Toasts.js';

/**
 * Reads the saved settings, then hands them to `open`. The dialog opens only with real values, so its
 * controls never show a default and then jump; a failed read is reported instead of a dialog of guesses.
 */
export function useOpenSettings(open: (saved: Settings) => void): () => void {
  const toasts = useToasts();
  const opening = useRef(false);
  return useCallback(() => {
    if (opening.current) return;
    opening.current = true;
    void call('settings:get', {}).then((result) => {
      opening.current = false;
      if (result.ok) open(result.value);
      else toasts.show({ tone: 'error', message: describeError(result.error), duration: 8_000 });
    });
  }, [open, toasts]);
}
