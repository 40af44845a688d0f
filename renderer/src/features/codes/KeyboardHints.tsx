import { keyboardHints } from '../../../../common/codes/keyboardHints.js';
import { isMac } from '../../ui/platform.js';

/** A quiet line at the bottom naming the keys, so the keyboard map is discoverable without a manual. */
export function KeyboardHints() {
  return (
    <footer className="hints" aria-label="Keyboard shortcuts">
      {keyboardHints(isMac).map(({ keys, what, optional }) => (
        <span key={what} className={optional ? 'hints__optional' : undefined}>
          <kbd>{keys}</kbd> {what}
        </span>
      ))}
    </footer>
  );
}
