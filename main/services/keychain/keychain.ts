import { AppError } from '../../../common/errors.js';

/**
 * The OS keychain as the vault sees it: one secret string per (service, account). Behind an interface so
 * tests can count round trips and use an in-memory fake, and so the binding can change without the vault
 * noticing (see docs/decisions/002-keychain-binding.md).
 */
export interface Keychain {
  /** `null` when there is no item; rejects with `KeychainUnavailable` when the keychain cannot answer. */
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  /** `true` when an item was deleted, `false` when there was none. */
  deletePassword(service: string, account: string): Promise<boolean>;
}

/**
 * The message a receptionist sees. `reason` is the keychain's own words, kept short and free of secrets
 * (the native errors name the D-Bus failure, never the stored value).
 */
export function keychainUnavailable(reason: string): AppError {
  const detail = reason.trim().split('\n')[0]?.slice(0, 160) || 'no answer';
  return new AppError(
    'KeychainUnavailable',
    `Twofold can't reach the system keychain (${detail}). Your accounts are safe on disk; unlock your keychain or sign in again, then retry.`,
  );
}
