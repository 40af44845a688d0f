import { AsyncEntry, type EntryOptions } from '@napi-rs/keyring';
import { isAppError } from '../../../common/errors.js';
import { keychainUnavailable, type Keychain } from './keychain.js';

/**
 * On Linux @napi-rs/keyring silently falls back to the kernel keyring (keyutils) when the Secret Service
 * is missing; those items vanish at logout, so a vault bound there would lose its key. Pinning makes a
 * missing Secret Service an error we can report instead. The option is ignored on macOS and Windows.
 */
const ENTRY_OPTIONS: EntryOptions = { linux: { store: 'secret-service' } };

/**
 * The OS keychain (macOS Keychain, Windows Credential Manager, Secret Service) through @napi-rs/keyring.
 * Every failure of the store itself becomes `KeychainUnavailable`; "no such item" is `null`/`false`.
 */
export function createSystemKeychain(): Keychain {
  const call = async <T>(service: string, account: string, op: (entry: AsyncEntry) => Promise<T>): Promise<T> => {
    try {
      // The constructor already talks to D-Bus on Linux and throws when there is no session bus.
      return await op(new AsyncEntry(service, account, ENTRY_OPTIONS));
    } catch (e) {
      if (isAppError(e)) throw e;
      throw keychainUnavailable(e instanceof Error ? e.message : String(e));
    }
  };
  return {
    getPassword: (service, account) => call(service, account, (entry) => entry.getPassword()),
    setPassword: (service, account, password) => call(service, account, (entry) => entry.setPassword(password)),
    deletePassword: (service, account) => call(service, account, (entry) => entry.deletePassword()),
  };
}
