/** How long "Clipboard cleared" stays: long enough to read, short because nothing needs doing. */
export const CLEARED_TOAST_MS = 2_500;
/** "Copied" alone, when the clipboard is not going to be cleared. */
export const COPIED_TOAST_MS = 3_500;
/**
 * The countdown toast outlives its deadline by this much. Main's timer started before ours (it answered
 * first), so "Clipboard cleared" normally replaces the toast before then; if it never comes (the person
 * copied something else, which is left alone), the toast simply goes.
 */
export const CLEAR_GRACE_MS = 1_000;

/**
 * Whole seconds until the clipboard clears, counting down like a kitchen timer: "30" for the first
 * second, "1" for the last. Never below 1, since the toast is replaced or gone by the time 0 would show.
 */
export function secondsLeft(deadline: number, now: number): number {
  return Math.max(1, Math.ceil((deadline - now) / 1000));
}

export function copiedMessage(seconds: number | null): string {
  return seconds === null ? 'Copied' : `Copied — clears in ${seconds} s`;
}
