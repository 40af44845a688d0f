import type { AppEvent, Channel, RequestOf, ResponseOf, Result, TwofoldApi } from '../../../common/ipc/contract.js';
import type { AppErrorView } from '../../../common/errors.js';

export type ApiResult<T> = Result<T>;
export type { AppErrorView };

/** The bridge, or null when neither preload nor the host put it there (the app shows an error screen). */
export function getBridge(): TwofoldApi | null {
  return typeof window !== 'undefined' && window.twofold ? window.twofold : null;
}

const noBridge: AppErrorView = {
  code: 'Internal',
  message: 'Twofold could not reach its background service. Close the window and open Twofold again.',
};

/**
 * Calls a channel and always resolves: a rejected promise (a broken bridge, a bug) becomes an error value
 * like any other, so components only ever branch on `ok`.
 */
export async function call<C extends Channel>(channel: C, request: RequestOf<C>): Promise<Result<ResponseOf<C>>> {
  const bridge = getBridge();
  if (!bridge) return { ok: false, error: noBridge };
  try {
    return await bridge.invoke(channel, request);
  } catch {
    return { ok: false, error: { code: 'Internal', message: 'Something went wrong talking to Twofold’s background service. Try again.' } };
  }
}

/** Subscribes to a pushed event; a missing bridge means no events. Returns the unsubscribe function. */
export function subscribe(event: AppEvent, listener: () => void): () => void {
  const bridge = getBridge();
  if (!bridge) return () => {};
  return bridge.on(event, listener);
}

/** A message for the person, with the reference id of an unexpected failure so support can find the log line. */
export function describeError(error: AppErrorView): string {
  return error.ref ? `${error.message} (reference ${error.ref})` : error.message;
}
