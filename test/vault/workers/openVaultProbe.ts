// Opens a vault on the system keychain in its own process, so a test can give it a broken D-Bus address
// or run it inside a keyring session of its own. With `seed`, first adds that many accounts.
import { randomBytes } from 'node:crypto';
import { createSystemKeychain } from '../../../main/services/keychain/systemKeychain.js';
import { openVault } from '../../../main/services/vault/openVault.js';

const { dataDir, keychainService, seed = 0 } = JSON.parse(process.argv[2] ?? '{}') as { dataDir: string; keychainService: string; seed?: number };
const vault = await openVault({ dataDir, keychain: createSystemKeychain(), keychainService });
if (seed > 0) {
  const params = { kind: 'totp', algorithm: 'SHA1', digits: 6, period: 30, counter: 0 } as const;
  await vault.add(Array.from({ length: seed }, (_, i) => ({ issuer: `Portal ${i}`, accountName: `staff${i}@clinic.example`, params, secret: randomBytes(20) })));
}
const status = await vault.status();
const add = await vault.add([]).then(
  () => 'ok',
  (e: unknown) => (e instanceof Error && 'code' in e ? String(e.code) : 'thrown'),
);
console.log(JSON.stringify({ status, add, listed: (await vault.list()).length }));
