import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memoryKeychain } from '../keychain/memoryKeychain.js';
import { codeWindow } from '../otp/codeWindow.js';
import { memorySettingsStore } from '../settings/settingsStore.js';
import { openVault } from '../vault/openVault.js';
import type { Vault } from '../vault/vaultTypes.js';
import { firstScreenData } from './firstScreenData.js';

const NOW = 1_800_000_000_000;
const totp = { kind: 'totp' as const, algorithm: 'SHA1' as const, digits: 6, period: 30, counter: 0 };

describe('the browser host’s first-screen data (real vault files, in-memory keychain)', () => {
  let dir: string;
  let vault: Vault;
  let keychain: ReturnType<typeof memoryKeychain>;

  beforeEach(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'twofold-first-'));
    keychain = memoryKeychain();
    vault = await openVault({ dataDir: dir, keychain, keychainService: 'test' });
  });
  afterEach(async () => {
    await vault.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('has every account but the codes of the first rows only, in the order the window lists them', async () => {
    // Grouped accounts list after the ungrouped ones: the first rows are the ungrouped, whatever their age.
    const drafts = Array.from({ length: 12 }, (_, i) => ({ issuer: `Portal ${i}`, accountName: `u${i}`, secret: randomBytes(20), params: totp }));
    const grouped = await vault.add(drafts.slice(0, 6), { group: 'Billing' });
    const ungrouped = await vault.add(drafts.slice(6));
    const data = await firstScreenData(vault, memorySettingsStore(), () => NOW, 4);

    expect(data.accounts).toHaveLength(12);
    expect(data.status.state).toBe('ready');
    expect(data.snapshot.codes.map((c) => c.id)).toEqual(ungrouped.slice(0, 4).map((a) => a.id));
    const secrets = await vault.secrets();
    for (const code of data.snapshot.codes) {
      const account = ungrouped.find((a) => a.id === code.id)!;
      expect(code).toEqual({ id: code.id, ...codeWindow(account.params, secrets.get(code.id)!, NOW) });
    }
    expect(grouped.some((a) => data.snapshot.codes.some((c) => c.id === a.id))).toBe(false);
  });

  it('decrypts only the keys asked for, and the whole set on the next full read', async () => {
    const added = await vault.add(Array.from({ length: 5 }, (_, i) => ({ issuer: `P${i}`, accountName: '', secret: randomBytes(20), params: totp })));
    const some = await vault.secrets([added[1]!.id, added[3]!.id, 'no-such-id']);
    expect([...some.keys()]).toEqual([added[1]!.id, added[3]!.id]);
    expect((await vault.secrets()).size).toBe(5);
    expect([...(await vault.secrets([added[0]!.id])).keys()]).toEqual([added[0]!.id]); // from the decrypted set
    // A removed account's key is not given out, also on the path that decrypts one by one (a vault just
    // opened has decrypted nothing yet; the removal leaves the key in secrets.json until the purge).
    const removed = added[3]!.id;
    await vault.remove(removed);
    await vault.close();
    vault = await openVault({ dataDir: dir, keychain, keychainService: 'test' });
    expect([...(await vault.secrets([removed, added[1]!.id])).keys()]).toEqual([added[1]!.id]);
  });
});
