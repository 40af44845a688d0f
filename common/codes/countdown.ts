/** The last seconds of a period, when the ring turns to the warning colour. */
export const WARNING_SECONDS = 5;
/** When the following code is shown beside the current one, so nobody types a code that is about to lapse. */
export const SHOW_NEXT_SECONDS = 7;

export interface Countdown {
  /** 0 at the start of the period, 1 at its end. */
  elapsed: number;
  /** Whole seconds left, as a person counts them (29.2 s left reads "30"). */
  secondsLeft: number;
  warning: boolean;
  showNext: boolean;
}

/** Where a time-based code stands in its period at `now` (all times in ms, on the same clock). */
export function countdown(now: number, periodStart: number, periodEnd: number): Countdown {
  const length = Math.max(1, periodEnd - periodStart);
  const remainingMs = Math.min(length, Math.max(0, periodEnd - now));
  const elapsed = 1 - remainingMs / length;
  const secondsLeft = Math.ceil(remainingMs / 1000);
  return {
    elapsed,
    secondsLeft,
    warning: remainingMs <= WARNING_SECONDS * 1000,
    showNext: remainingMs <= SHOW_NEXT_SECONDS * 1000,
  };
}

/** The ring's stroke offset: full circle at the start of the period, empty at its end. */
export function ringDashOffset(elapsed: number, circumference: number): number {
  return circumference * Math.min(1, Math.max(0, elapsed));
}

/** The ring's geometry (px), shared by the React ring and the browser host's first screen. */
export const RING_SIZE = 34;
export const RING_STROKE = 3;
export const RING_RADIUS = (RING_SIZE - RING_STROKE) / 2;
export const RING_CIRCUMFERENCE = 2 * Math.PI * RING_RADIUS;
