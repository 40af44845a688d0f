import { keychainUnavailable, type Keychain } from './keychain.js';

export interface MemoryKeychain extends Keychain {
  /** While set, every call rejects the way a locked or absent keychain does. */
  unavailable: string | null;
  readonly items: Map<string, string>;
}

/** An in-memory keychain for unit tests of the vault logic; the real one is tested separately. */
export function memoryKeychain(): MemoryKeychain {
  const items = new Map<string, string>();
  const key = (service: string, account: string) => `${service}\u0000${account}`;
  const self: MemoryKeychain = {
    unavailable: null,
    items,
    async getPassword(service, account) {
      if (self.unavailable) throw keychainUnavailable(self.unavailable);
      return items.get(key(service, account)) ?? null;
    },
    async setPassword(service, account, password) {
      if (self.unavailable) throw keychainUnavailable(self.unavailable);
      items.set(key(service, account), password);
    },
    async deletePassword(service, account) {
      if (self.unavailable) throw keychainUnavailable(self.unavailable);
      return items.delete(key(service, account));
    },
  };
  return self;
}
