import type { TwofoldApi } from '../../../common/ipc/contract.js';

declare global {
  interface Window {
    /** Put there by preload (Electron) or the host's bridge script (browser) before the bundle runs. May be missing if that failed. */
    twofold?: TwofoldApi;
  }
}

export {};
