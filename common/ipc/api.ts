// The zod-free half of the IPC contract: names and the API shape. Preload and the browser bridge load
// only this, so the code that runs before the renderer stays a few kilobytes (the schemas live in
// contract.ts, which main uses to validate).
import type { RequestOf, ResponseOf } from './contract.js';
import type { AppErrorView } from '../errors.js';

/** Every channel. contract.ts declares a schema for exactly these (checked at compile time both ways). */
export const CHANNEL_NAMES = [
  'app:bootstrap',
  'vault:status',
  'accounts:list',
  'codes:snapshot',
  'accounts:addFromLink',
  'accounts:addManual',
  'accounts:update',
  'accounts:remove',
  'accounts:undoRemove',
  'accounts:reorder',
  'accounts:nextHotp',
  'clipboard:copyCode',
  'settings:get',
  'settings:update',
] as const;
export type Channel = (typeof CHANNEL_NAMES)[number];

/** Pushed from main to the renderer. Payloads are empty: the renderer re-reads what it shows. */
export const EVENT_NAMES = ['vault:changed', 'clipboard:cleared', 'app:focusSearch'] as const;
export type AppEvent = (typeof EVENT_NAMES)[number];

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorView };

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && (CHANNEL_NAMES as readonly string[]).includes(name);
}

export function isAppEvent(name: unknown): name is AppEvent {
  return typeof name === 'string' && (EVENT_NAMES as readonly string[]).includes(name);
}

/**
 * The API preload puts on `window.twofold` (and the browser bridge implements the same way).
 * `invoke` resolves to a Result: errors are values with a human message, never thrown across the boundary.
 */
export interface TwofoldApi {
  invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<Result<ResponseOf<C>>>;
  /** Returns a function that unsubscribes. */
  on(event: AppEvent, listener: () => void): () => void;
  /** Which host the renderer runs in, for the few things that differ (window chrome, shortcuts hint). */
  readonly host: 'electron' | 'browser';
}
