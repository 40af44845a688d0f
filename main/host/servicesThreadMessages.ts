import type { AppEvent, Result } from '../../common/ipc/api.js';
import type { VaultLocation } from '../services/vault/vaultLocation.js';

// What the browser host's two threads say to each other (servicesThread.ts ↔ servicesWorker.ts). Both
// ends are this program's own code in one process; the page's input is validated by dispatch, in the
// services thread, exactly as before.

export interface ServicesThreadData {
  location: VaultLocation;
  profileId: string;
}

/** Main thread → services thread. */
export type ToServices =
  | { kind: 'call'; id: number; channel: string; body: unknown }
  /** The data of the page's first screen (firstScreen.ts), answered like a call. */
  | { kind: 'firstScreen'; id: number; rows: number }
  | { kind: 'clipboardDone'; id: number; ok: boolean; error?: { code: string; message: string } }
  | { kind: 'shutdown' };

/** Services thread → main thread. */
export type FromServices =
  | { kind: 'result'; id: number; result: Result<unknown> }
  | { kind: 'event'; event: AppEvent }
  | { kind: 'clipboard'; id: number; op: 'write' | 'clearIfHolds'; text: string }
  | { kind: 'stopped' };
