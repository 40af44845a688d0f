import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { draft, tempDataDir } from '../../../test/vault/support/vaultFixtures.js';
import { memoryKeychain } from '../keychain/memoryKeychain.js';
import { openVault } from './openVault.js';
import { withVaultLock } from './vaultLock.js';

const lockDir = () => mkdtempSync(path.join(os.tmpdir(), 'twofold-lock-'));

describe('withVaultLock', () => {
  it('breaks a lock left behind by a process that no longer exists', async () => {
    const dir = lockDir();
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(path.join(dir, 'vault.lock'), JSON.stringify({ pid: dead, host: os.hostname() }));
    expect(await withVaultLock(dir, async () => 'ran', 1_000)).toBe('ran');
    expect(existsSync(path.join(dir, 'vault.lock'))).toBe(false);
  });

  it('waits for a live holder and then gives up with VaultBusy', async () => {
    const dir = lockDir();
    writeFileSync(path.join(dir, 'vault.lock'), JSON.stringify({ pid: process.ppid, host: os.hostname() }));
    await expect(withVaultLock(dir, async () => 'ran', 200)).rejects.toMatchObject({ code: 'VaultBusy' });
  });

  it('runs writers of one process one after another', async () => {
    const dir = lockDir();
    const events: string[] = [];
    const job = (name: string) =>
      withVaultLock(dir, async () => {
        events.push(`${name}:in`);
        await new Promise((r) => setTimeout(r, 20));
        events.push(`${name}:out`);
      });
    await Promise.all([job('a'), job('b'), job('c')]);
    expect(events).toEqual(['a:in', 'a:out', 'b:in', 'b:out', 'c:in', 'c:out']);
  });

  it('keeps every account when two vaults on the same folder add at the same time', async () => {
    const dataDir = tempDataDir();
    const keychain = memoryKeychain();
    const opts = { dataDir, keychain, keychainService: 'Twofold-unit' };
    const [v1, v2] = await Promise.all([openVault(opts), openVault(opts)]);
    await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? v1 : v2).add([draft(i)])));
    expect((await v1.list()).length).toBe(10);
    expect((await v2.secrets()).size).toBe(10);
    expect(keychain.items.size).toBe(1);
  });
});
