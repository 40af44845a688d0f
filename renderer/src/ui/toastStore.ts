import type { ReactNode } from 'react';

/** Short messages at the bottom of the window ("Copied — clears in 30 s", "Removed Acme — Undo"). */
export interface Toast {
  id: number;
  /** Usually a sentence; a component when the text changes while it is up (the copy countdown). */
  message: ReactNode;
  tone: 'info' | 'success' | 'error';
  action?: { label: string; run: () => void };
  /** How long it stays, in ms. */
  duration: number;
}

export type ToastInput = Omit<Toast, 'id' | 'duration' | 'tone'> & Partial<Pick<Toast, 'duration' | 'tone'>> & {
  /** A toast with the same key replaces the earlier one instead of stacking (two copies in a row). */
  key?: string;
};

/** At most this many at once; the oldest goes first. */
export const MAX_TOASTS = 3;

export function addToast(list: readonly (Toast & { key?: string })[], toast: Toast & { key?: string }): (Toast & { key?: string })[] {
  const rest = toast.key ? list.filter((t) => t.key !== toast.key) : [...list];
  return [...rest, toast].slice(-MAX_TOASTS);
}
