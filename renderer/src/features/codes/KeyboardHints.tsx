import { isMac } from '../../ui/platform.js';

/** A quiet line at the bottom naming the keys, so the keyboard map is discoverable without a manual. */
export function KeyboardHints() {
  return (
    <footer className="hints" aria-label="Keyboard shortcuts">
      <span>
        <kbd>↑↓</kbd> select
      </span>
      <span>
        <kbd>Enter</kbd> copy
      </span>
      <span>
        <kbd>F2</kbd> edit
      </span>
      <span>
        <kbd>{isMac ? '⌫' : 'Del'}</kbd> remove
      </span>
      <span className="hints__optional">
        <kbd>/</kbd> search
      </span>
      <span className="hints__optional">
        <kbd>{isMac ? '⌥' : 'Alt'}↑↓</kbd> reorder
      </span>
    </footer>
  );
}
