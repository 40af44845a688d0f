import { useSyncExternalStore } from 'react';

/**
 * One clock for every ring on screen: a single 250 ms interval, running only while something shows a
 * countdown. Rings re-render on the tick; rows do not. The ring's CSS transition fills in between ticks.
 */
export const TICK_MS = 250;

const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setInterval> | null = null;

function tick() {
  now = Date.now();
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === null) {
    now = Date.now();
    timer = setInterval(tick, TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== null) {
      clearInterval(timer);
      timer = null;
    }
  };
}

const snapshot = () => now;

/** Milliseconds since the epoch on the renderer's clock, updated every tick. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, snapshot);
}
