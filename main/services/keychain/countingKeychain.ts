import type { Keychain } from './keychain.js';

export interface CountingKeychain extends Keychain {
  /** Round trips made so far, failed ones included: each one may be a D-Bus call or a prompt. */
  readonly callCount: number;
  readonly calls: ReadonlyArray<{ op: 'get' | 'set' | 'delete'; service: string; account: string }>;
}

/** Wraps a keychain to count its round trips, so tests and benchmarks can hold the vault to its budget. */
export function countingKeychain(inner: Keychain): CountingKeychain {
  const calls: { op: 'get' | 'set' | 'delete'; service: string; account: string }[] = [];
  return {
    get callCount() {
      return calls.length;
    },
    calls,
    getPassword(service, account) {
      calls.push({ op: 'get', service, account });
      return inner.getPassword(service, account);
    },
    setPassword(service, account, password) {
      calls.push({ op: 'set', service, account });
      return inner.setPassword(service, account, password);
    },
    deletePassword(service, account) {
      calls.push({ op: 'delete', service, account });
      return inner.deletePassword(service, account);
    },
  };
}
