import { Icon } from './Icon.js';

/** Shown instead of the app when it cannot start at all (no bridge to the main process). */
export function ErrorScreen({ title, message }: { title: string; message: string }) {
  return (
    <main className="error-screen" role="alert">
      <div className="error-screen__panel">
        <span className="error-screen__icon">
          <Icon name="alert" size={28} />
        </span>
        <h1>{title}</h1>
        <p>{message}</p>
        <button type="button" className="button button--primary" onClick={() => window.location.reload()}>
          Try again
        </button>
      </div>
    </main>
  );
}
