/** macOS uses ⌘ where Windows and Linux use Ctrl; shortcut hints and handlers follow the person's platform. */
export const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
export const modKeyLabel = isMac ? '⌘' : 'Ctrl+';

/** A text field where keys mean typing, not shortcuts. */
export function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range'].includes(target.type);
  return false;
}
