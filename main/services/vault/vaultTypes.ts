import type { VaultStatus } from '../../../common/ipc/views.js';
import type { AccountDraft } from '../../../common/otp/otpParams.js';
import type { Keychain } from '../keychain/keychain.js';
import type { AccountRecord } from './accountsFile.js';

export type { AccountRecord } from './accountsFile.js';
export type { VaultStatus } from '../../../common/ipc/views.js';

export interface OpenVaultOptions {
  /** The app's data folder (Electron's userData); profiles live in `<dataDir>/profiles/<profileId>/`. */
  dataDir: string;
  profileId?: string;
  keychain: Keychain;
  /** Keychain service name the slot key is stored under ("Twofold" unless TWOFOLD_KEYCHAIN_SERVICE says otherwise). */
  keychainService: string;
  now?: () => number;
  /** How long a write waits for another process's lock before `VaultBusy`. */
  lockTimeoutMs?: number;
}

export interface AccountPatch {
  issuer?: string;
  accountName?: string;
  group?: string | null;
}

export interface Vault {
  /** Never throws: a vault that cannot be used says why here. Retries the keychain when it was unavailable. */
  status(): Promise<VaultStatus>;
  /** Live accounts, by `order`. Readable even when the keychain is not. */
  list(): Promise<AccountRecord[]>;
  add(drafts: AccountDraft[], opts?: { group?: string | null }): Promise<AccountRecord[]>;
  update(id: string, patch: AccountPatch): Promise<AccountRecord>;
  /** Soft delete: the account disappears from `list()` but its secret stays until `purgeRemoved`. */
  remove(id: string): Promise<{ undoToken: string }>;
  undoRemove(undoToken: string): Promise<AccountRecord>;
  /** Deletes for good the accounts removed at least `olderThanMs` ago; returns how many. */
  purgeRemoved(olderThanMs: number): Promise<number>;
  /** Listed ids take positions 0…n-1 in that order; unknown ids are ignored, unlisted accounts follow. */
  reorder(ids: string[]): Promise<void>;
  setCounter(id: string, counter: number): Promise<AccountRecord>;
  /**
   * Secrets of the live accounts (of those in `ids`, when given: only those are decrypted if the whole
   * set is not yet), decrypted with the master key read once from the keychain. The vault's own
   * buffers, stable until the file changes and zeroed on close(): read them, never keep or change them.
   */
  secrets(ids?: readonly string[]): Promise<Map<string, Uint8Array>>;
  /** One account's secret, as a copy the caller owns. */
  secretOf(id: string): Promise<Uint8Array>;
  /** Adds an app-lock password as a second way in; the keychain must never be the only one. */
  addPasswordSlot(password: string): Promise<void>;
  /** Opens the vault with its password when the keychain cannot; then puts a fresh slot key in the keychain if it can. */
  unlockWithPassword(password: string): Promise<VaultStatus>;
  close(): Promise<void>;
}
