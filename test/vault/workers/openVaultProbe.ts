// Opens a vault on the system keychain in its own process, so a test can give it a broken D-Bus address.
import { createSystemKeychain } from '../../../main/services/keychain/systemKeychain.js';
import { openVault } from '../../../main/services/vault/openVault.js';

const { dataDir, keychainService } = JSON.parse(process.argv[2] ?? '{}') as { dataDir: string; keychainService: string };
const vault = await openVault({ dataDir, keychain: createSystemKeychain(), keychainService });
const status = await vault.status();
const add = await vault.add([]).then(
  () => 'ok',
  (e: unknown) => (e instanceof Error && 'code' in e ? String(e.code) : 'thrown'),
);
console.log(JSON.stringify({ status, add, listed: (await vault.list()).length }));
