export interface KeyHint {
  keys: string;
  what: string;
  /** Left out first when the window is narrow. */
  optional: boolean;
}

/** The quiet line of keys at the bottom of the codes window (and of the browser host's first screen). */
export function keyboardHints(mac: boolean): KeyHint[] {
  return [
    { keys: '↑↓', what: 'select', optional: false },
    { keys: 'Enter', what: 'copy', optional: false },
    { keys: 'F2', what: 'edit', optional: false },
    { keys: mac ? '⌫' : 'Del', what: 'remove', optional: false },
    { keys: '/', what: 'search', optional: true },
    { keys: `${mac ? '⌥' : 'Alt'}↑↓`, what: 'reorder', optional: true },
  ];
}
