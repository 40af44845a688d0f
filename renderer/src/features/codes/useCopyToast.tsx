import { useCallback, useEffect } from 'react';
import { subscribe } from '../../api/twofold.js';
import { useToasts } from '../../ui/Toasts.js';
import { CLEAR_GRACE_MS, CLEARED_TOAST_MS, COPIED_TOAST_MS, copiedMessage } from './copyToast.js';
import { CopyCountdown } from './CopyCountdown.js';

/** Copy and clear share the key "copy", so each replaces the last instead of stacking up. */
const KEY = 'copy';

/**
 * Tells the person a code is on the clipboard and for how long ("Copied — clears in 30 s", 29, …), and
 * then that it is gone: main sends `clipboard:cleared` only when it really removed our code.
 */
export function useCopyToast(): (clearsInSeconds: number | null) => void {
  const toasts = useToasts();

  useEffect(
    () => subscribe('clipboard:cleared', () => toasts.show({ key: KEY, tone: 'success', message: 'Clipboard cleared', duration: CLEARED_TOAST_MS })),
    [toasts],
  );

  return useCallback(
    (seconds: number | null) => {
      if (seconds === null || seconds <= 0) {
        toasts.show({ key: KEY, tone: 'success', message: copiedMessage(null), duration: COPIED_TOAST_MS });
        return;
      }
      const deadline = Date.now() + seconds * 1000;
      toasts.show({ key: KEY, tone: 'success', message: <CopyCountdown deadline={deadline} seconds={seconds} />, duration: seconds * 1000 + CLEAR_GRACE_MS });
    },
    [toasts],
  );
}
