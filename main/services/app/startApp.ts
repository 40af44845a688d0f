import type { AppEvent } from '../../../common/ipc/contract.js';
import { ClipboardGuard, type ClipboardPort } from '../clipboard/clipboardGuard.js';
import type { Handlers } from '../ipc/dispatch.js';
import { countingKeychain } from '../keychain/countingKeychain.js';
import { createSystemKeychain } from '../keychain/systemKeychain.js';
import type { Logger } from '../log/logger.js';
import { openSettingsStore } from '../settings/settingsStore.js';
import { forgetRememberedCodes } from '../otp/recentCodes.js';
import { openVault } from '../vault/openVault.js';
import type { VaultLocation } from '../vault/vaultLocation.js';
import { createHandlers } from './createHandlers.js';
import { firstScreenData } from './firstScreenData.js';
import { UNDO_WINDOW_MS } from './undoWindow.js';
import { errorSummary } from '../log/errorSummary.js';

export interface StartAppOptions {
  location: VaultLocation;
  profileId: string;
  clipboard: ClipboardPort;
  emit: (event: AppEvent) => void;
  log: Logger;
  now?: () => number;
}


/** Long enough for the first screen to be served, short enough that a quick restart still purges. */
const PURGE_AFTER_MS = 2_000;

/**
 * The composition root shared by the Electron main process and the browser host: open the vault (one
 * keychain read), the settings, the clipboard guard, and answer the contract's channels.
 */
export async function startApp(opts: StartAppOptions) {
  // Counted so the log (and the start-up benchmark) show the keychain budget is kept: one read at open.
  const keychain = countingKeychain(createSystemKeychain());
  const vault = await openVault({
    dataDir: opts.location.dataDir,
    profileId: opts.profileId,
    keychain,
    keychainService: opts.location.keychainService,
  });
  // Accounts removed long enough ago that no Undo can reach them are dropped for good, once the first
  // screen is served: it rewrites the files under the vault lock and is nothing the window waits for.
  let purging: Promise<unknown> | null = null;
  const purgeTimer = setTimeout(() => {
    purging = vault
      .purgeRemoved(UNDO_WINDOW_MS)
      .catch((e: unknown) => opts.log.warn('purge of removed accounts postponed', { error: errorSummary(e) }));
  }, PURGE_AFTER_MS);
  purgeTimer.unref();
  const settings = openSettingsStore(opts.location.dataDir);
  const clipboard = new ClipboardGuard(opts.clipboard, () => opts.emit('clipboard:cleared'));
  const handlers: Handlers = createHandlers({ vault, settings, clipboard, now: opts.now ?? Date.now, emit: opts.emit });
  const status = await vault.status();
  opts.log.info('vault opened', { state: status.state, accounts: status.accountCount, profile: status.profileId, keychainCalls: keychain.callCount });
  // Logged once, by whichever answers first: the window's snapshot or the browser host's first screen.
  let firstServed = false;
  const served = <T extends { codes: unknown[] }>(snapshot: T): T => {
    if (!firstServed) {
      firstServed = true;
      opts.log.info('first codes served', { codes: snapshot.codes.length, keychainCalls: keychain.callCount });
    }
    return snapshot;
  };
  const snapshot = handlers['codes:snapshot'];
  handlers['codes:snapshot'] = async (request) => served(await snapshot(request));
  return {
    handlers,
    vault,
    /** The browser host's first screen: the codes of the first `rows` accounts only (firstScreenData.ts). */
    firstScreen: async (rows: number) => {
      const data = await firstScreenData(vault, settings, opts.now ?? Date.now, rows);
      served(data.snapshot);
      return data;
    },
    async shutdown() {
      await clipboard.flush().catch(() => {});
      clearTimeout(purgeTimer);
      await purging;
      await vault.close();
      // Codes and key states kept for the ticks go with the vault's keys.
      forgetRememberedCodes();
    },
  };
}
