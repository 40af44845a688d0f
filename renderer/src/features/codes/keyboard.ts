/** What a key press asks the codes window to do. */
export type Command =
  | { type: 'focusSearch' }
  | { type: 'clearSearch' }
  | { type: 'add' }
  | { type: 'settings' }
  | { type: 'move'; by: number }
  | { type: 'first' }
  | { type: 'last' }
  | { type: 'reorder'; direction: -1 | 1 }
  | { type: 'copy' }
  | { type: 'edit' }
  | { type: 'remove' }
  | { type: 'undo' }
  | { type: 'menu' };

export interface KeyPress {
  key: string;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
}

export interface KeyContext {
  /** Focus is in a text field other than the search box: typing there must not trigger shortcuts. */
  inTextField: boolean;
  inSearch: boolean;
  isMac: boolean;
  /** Rows visible on one screen, for Page Up / Page Down. */
  pageSize: number;
}

/**
 * The keyboard map of the codes window (dialogs handle their own keys). From the search box, ↑/↓ and
 * Enter still work on the list, so "type, ↓, Enter" copies a code without touching the mouse.
 */
export function commandForKey(press: KeyPress, ctx: KeyContext): Command | null {
  const mod = ctx.isMac ? press.metaKey : press.ctrlKey;
  const key = press.key.length === 1 ? press.key.toLowerCase() : press.key;
  if (mod && !press.altKey && key === 'f') return { type: 'focusSearch' };
  if (mod && !press.altKey && key === 'n') return { type: 'add' };
  // Ctrl+, / ⌘, is where every desktop app keeps its preferences.
  if (mod && !press.altKey && key === ',') return { type: 'settings' };
  if (ctx.inTextField) return null;
  if (mod && !press.altKey && !press.shiftKey && key === 'z' && !ctx.inSearch) return { type: 'undo' };
  if (mod || press.ctrlKey || press.metaKey) return null;

  if (press.altKey) {
    if (key === 'ArrowUp') return { type: 'reorder', direction: -1 };
    if (key === 'ArrowDown') return { type: 'reorder', direction: 1 };
    return null;
  }
  // The row's menu, as every desktop list offers it; in the search box the keys keep the field's own menu.
  if (key === 'ContextMenu' || (press.shiftKey && key === 'F10')) return ctx.inSearch ? null : { type: 'menu' };
  switch (key) {
    case 'ArrowDown':
      return { type: 'move', by: 1 };
    case 'ArrowUp':
      return { type: 'move', by: -1 };
    case 'PageDown':
      return { type: 'move', by: ctx.pageSize };
    case 'PageUp':
      return { type: 'move', by: -ctx.pageSize };
    case 'Enter':
      return { type: 'copy' };
    case 'Escape':
      return { type: 'clearSearch' };
  }
  // The rest would eat ordinary typing in the search box.
  if (ctx.inSearch) return null;
  switch (key) {
    case 'Home':
      return { type: 'first' };
    case 'End':
      return { type: 'last' };
    case '/':
      return { type: 'focusSearch' };
    case 'F2':
    case 'e':
      return { type: 'edit' };
    case 'Delete':
      return { type: 'remove' };
    case 'Backspace':
      return ctx.isMac ? { type: 'remove' } : null;
  }
  return null;
}
