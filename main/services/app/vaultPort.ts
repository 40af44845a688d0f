import type { AccountDraft, OtpParams } from '../../../common/otp/otpParams.js';
import type { VaultStatus } from '../../../common/ipc/views.js';

/** An account as the vault keeps it (metadata only; the secret is fetched separately). */
export interface AccountRecord {
  id: string;
  issuer: string;
  accountName: string;
  params: OtpParams;
  group: string | null;
  order: number;
  createdAt: number;
  updatedAt: number;
  deletedAt: number | null;
}

/** What the app's handlers need from the vault; the vault module implements it. */
export interface VaultPort {
  status(): Promise<VaultStatus>;
  list(): Promise<AccountRecord[]>;
  add(drafts: AccountDraft[], opts?: { group?: string | null }): Promise<AccountRecord[]>;
  update(id: string, patch: { issuer?: string; accountName?: string; group?: string | null }): Promise<AccountRecord>;
  remove(id: string): Promise<{ undoToken: string }>;
  undoRemove(undoToken: string): Promise<AccountRecord>;
  reorder(ids: string[]): Promise<void>;
  setCounter(id: string, counter: number): Promise<AccountRecord>;
  /** Secrets of the live accounts (of those in `ids`, when given), decrypted with the key read once from the keychain. */
  secrets(ids?: readonly string[]): Promise<Map<string, Uint8Array>>;
}
