import { useNow } from './clock.js';
import { copiedMessage, secondsLeft } from './copyToast.js';

/**
 * The copy toast's text, ticking down on the shared clock. The toasts sit in a polite live region, so
 * the changing number is hidden from screen readers (one announcement per second would drown everything
 * else); they hear the sentence below once, when the toast appears.
 */
export function CopyCountdown({ deadline, seconds }: { deadline: number; seconds: number }) {
  const now = useNow();
  return (
    <>
      <span aria-hidden="true">{copiedMessage(secondsLeft(deadline, now))}</span>
      <span className="visually-hidden">{`Copied. The clipboard clears in ${seconds} seconds.`}</span>
    </>
  );
}
