import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hasSecretService } from '../../../test/support/realServices.js';
import { countingKeychain } from './countingKeychain.js';
import { createSystemKeychain } from './systemKeychain.js';

describe.skipIf(!hasSecretService())('createSystemKeychain on the real Secret Service', () => {
  it('stores, reads and deletes an item, and answers null/false for one that is not there', async () => {
    const keychain = countingKeychain(createSystemKeychain());
    const service = `twofold-test-${randomUUID()}`;
    expect(await keychain.getPassword(service, 'vault-slot:default:x')).toBeNull();
    await keychain.setPassword(service, 'vault-slot:default:x', 'c2xvdC1rZXk=');
    expect(await keychain.getPassword(service, 'vault-slot:default:x')).toBe('c2xvdC1rZXk=');
    expect(await keychain.deletePassword(service, 'vault-slot:default:x')).toBe(true);
    expect(await keychain.deletePassword(service, 'vault-slot:default:x')).toBe(false);
    expect(keychain.callCount).toBe(5);
  });

  it('keeps items of different services apart', async () => {
    const keychain = createSystemKeychain();
    const [s1, s2] = [`twofold-test-${randomUUID()}`, `twofold-test-${randomUUID()}`];
    await keychain.setPassword(s1, 'vault-slot:default:x', 'one');
    expect(await keychain.getPassword(s2, 'vault-slot:default:x')).toBeNull();
    await keychain.deletePassword(s1, 'vault-slot:default:x');
  });
});
