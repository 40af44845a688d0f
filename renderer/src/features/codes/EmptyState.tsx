import { Icon } from '../../ui/Icon.js';
import { modKeyLabel } from '../../ui/platform.js';

/** What a first-time user sees: what this window is for and the one thing to do next. */
export function EmptyState({ onAdd }: { onAdd: () => void }) {
  return (
    <section className="empty" aria-labelledby="empty-title">
      <span className="empty__badge">
        <Icon name="shield" size={30} />
      </span>
      <h1 id="empty-title" className="empty__title">
        Add your first account
      </h1>
      <p className="empty__lead">Twofold shows the six-digit sign-in codes your portals ask for. Set up each portal once:</p>
      <ol className="empty__steps">
        <li>
          <span className="empty__step-number">1</span>
          <span>Open your portal’s multi-factor (MFA) setup page, where it shows a QR code.</span>
        </li>
        <li>
          <span className="empty__step-number">2</span>
          <span>
            Copy the <code>otpauth://</code> link and paste it here — or type the key shown under the QR code.
          </span>
        </li>
        <li>
          <span className="empty__step-number">3</span>
          <span>Enter the code Twofold shows back into the portal to finish.</span>
        </li>
      </ol>
      <button type="button" className="button button--primary button--large" onClick={onAdd}>
        <Icon name="plus" /> Add account
      </button>
      <p className="empty__shortcut">
        or press <kbd>{modKeyLabel}N</kbd>
      </p>
    </section>
  );
}

/** The search found nothing. */
export function NoMatches({ query, onClear }: { query: string; onClear: () => void }) {
  return (
    <section className="no-matches">
      <p className="no-matches__title">No accounts match “{query}”</p>
      <p className="no-matches__text">Search looks at the portal name, the account name and the group.</p>
      <button type="button" className="button" onClick={onClear}>
        Clear search
      </button>
    </section>
  );
}
