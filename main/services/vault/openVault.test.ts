import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { draft, profileDir, snapshotFiles, tempDataDir } from '../../../test/vault/support/vaultFixtures.js';
import type { VaultPort } from '../app/vaultPort.js';
import { countingKeychain } from '../keychain/countingKeychain.js';
import { memoryKeychain } from '../keychain/memoryKeychain.js';
import { openVault } from './openVault.js';
import type { OpenVaultOptions } from './vaultTypes.js';

const SERVICE = 'Twofold-unit';

function setup() {
  const dataDir = tempDataDir();
  const keychain = memoryKeychain();
  let clock = 1_700_000_000_000;
  const opts = (extra: Partial<OpenVaultOptions> = {}): OpenVaultOptions => ({ dataDir, keychain, keychainService: SERVICE, now: () => clock, ...extra });
  return { dataDir, dir: profileDir(dataDir), keychain, opts, tick: (ms = 1000) => (clock += ms) };
}

describe('openVault with an in-memory keychain', () => {
  it('satisfies the app’s VaultPort', async () => {
    const { opts } = setup();
    const port: VaultPort = await openVault(opts());
    expect((await port.status()).state).toBe('ready');
  });

  it('creates a new vault with one keychain write and no read', async () => {
    const { opts, keychain } = setup();
    const counted = countingKeychain(keychain);
    await openVault(opts({ keychain: counted }));
    expect(counted.calls.map((c) => c.op)).toEqual(['set']);
  });

  it.each([10, 500])('reopens a vault of %i accounts with exactly one keychain read', async (n) => {
    const { opts, keychain } = setup();
    const first = await openVault(opts());
    await first.add(Array.from({ length: n }, (_, i) => draft(i)));
    await first.close();
    const counted = countingKeychain(keychain);
    const vault = await openVault(opts({ keychain: counted }));
    expect((await vault.secrets()).size).toBe(n);
    await vault.list();
    await vault.add([draft(n)]);
    expect(counted.callCount).toBe(1);
  });

  it('keeps adds, edits, removals, undo, reorder and counters across a reopen', async () => {
    const { opts, tick } = setup();
    const v = await openVault(opts());
    const [a, b, c] = await v.add([draft(1), draft(2), draft(3, { params: { kind: 'hotp', algorithm: 'SHA1', digits: 6, period: 30, counter: 0 } })], { group: 'Imaging' });
    tick();
    await v.update(a!.id, { issuer: 'Acme Imaging', group: null });
    await v.setCounter(c!.id, 7);
    const { undoToken } = await v.remove(b!.id);
    await v.reorder([c!.id, a!.id]);
    await v.close();

    const again = await openVault(opts());
    expect((await again.list()).map((r) => [r.issuer, r.group, r.params.counter])).toEqual([
      ['Portal 3', 'Imaging', 7],
      ['Acme Imaging', null, 0],
    ]);
    const restored = await again.undoRemove(undoToken);
    expect(restored.deletedAt).toBeNull();
    expect((await again.secretOf(b!.id)).length).toBe(20);
  });

  it('does not let an old undo token bring back a later removal', async () => {
    const { opts, tick } = setup();
    const v = await openVault(opts());
    const [a] = await v.add([draft(1)]);
    const first = await v.remove(a!.id);
    await v.undoRemove(first.undoToken);
    tick();
    await v.remove(a!.id);
    await expect(v.undoRemove(first.undoToken)).rejects.toMatchObject({ code: 'NotFound' });
  });

  it('purges only removals older than the undo window, metadata and secret both', async () => {
    const { opts, tick, dir } = setup();
    const v = await openVault(opts());
    const [a, b] = await v.add([draft(1), draft(2)]);
    await v.remove(a!.id);
    tick(60_000);
    await v.remove(b!.id);
    expect(await v.purgeRemoved(30_000)).toBe(1);
    const secrets = JSON.parse(readFileSync(path.join(dir, 'secrets.json'), 'utf8')) as { entries: Record<string, unknown> };
    expect(Object.keys(secrets.entries)).toEqual([b!.id]);
    expect(readFileSync(path.join(dir, 'accounts.json'), 'utf8')).not.toContain(a!.id);
  });

  it('never writes a secret, plain or encrypted, into accounts.json', async () => {
    const { opts, dir } = setup();
    const v = await openVault(opts());
    const d = draft(1);
    await v.add([d]);
    const text = readFileSync(path.join(dir, 'accounts.json'), 'utf8');
    const sealed = (JSON.parse(readFileSync(path.join(dir, 'secrets.json'), 'utf8')) as { entries: Record<string, { ct: string }> }).entries;
    for (const needle of [Buffer.from(d.secret).toString('hex'), Buffer.from(d.secret).toString('base64'), ...Object.values(sealed).map((e) => e.ct)]) {
      expect(text).not.toContain(needle);
    }
    expect(text).not.toMatch(/secret|"ct"|"iv"/i);
  });

  it('reports a missing keychain item and leaves every file as it was, never making a new key', async () => {
    const { opts, keychain, dir } = setup();
    await (await openVault(opts())).add([draft(1)]);
    keychain.items.clear();
    const before = snapshotFiles(dir);
    const v = await openVault(opts());
    expect(await v.status()).toMatchObject({ state: 'keychain-unavailable', accountCount: 1 });
    expect((await v.list()).length).toBe(1);
    await expect(v.add([draft(2)])).rejects.toMatchObject({ code: 'KeychainUnavailable' });
    await expect(v.secrets()).rejects.toMatchObject({ code: 'KeychainUnavailable' });
    expect(snapshotFiles(dir)).toEqual(before);
    expect(keychain.items.size).toBe(0);
  });

  it('reports an unreachable keychain in plain words, then works once it is back', async () => {
    const { opts, keychain, dir } = setup();
    const [a] = await (await openVault(opts())).add([draft(1)]);
    keychain.unavailable = 'org.freedesktop.secrets was not provided';
    const before = snapshotFiles(dir);
    const v = await openVault(opts());
    const status = await v.status();
    expect(status.state).toBe('keychain-unavailable');
    expect(status.message).toContain("Twofold can't reach the system keychain (org.freedesktop.secrets was not provided). Your accounts are safe on disk");
    expect(snapshotFiles(dir)).toEqual(before);
    keychain.unavailable = null;
    await new Promise((r) => setTimeout(r, 1_050));
    expect((await v.status()).state).toBe('ready');
    expect((await v.secretOf(a!.id)).length).toBe(20);
  });

  it.each(['accounts.json', 'secrets.json'])('refuses a corrupt %s: status says so, the file is kept and a copy set aside', async (name) => {
    const { opts, dir } = setup();
    await (await openVault(opts())).add([draft(1)]);
    writeFileSync(path.join(dir, name), '{"version": 1, "accounts": [{"id": 3}');
    const v = await openVault(opts());
    expect(await v.status()).toMatchObject({ state: 'corrupt' });
    await expect(v.add([draft(2)])).rejects.toMatchObject({ code: 'VaultCorrupt' });
    expect(readFileSync(path.join(dir, name), 'utf8')).toBe('{"version": 1, "accounts": [{"id": 3}');
    expect(readdirSync(dir).filter((f) => f.startsWith(`${name}.corrupt-`))).toHaveLength(1);
  });

  it('does not create a new key when accounts exist but secrets.json is gone', async () => {
    const { opts, dir, keychain } = setup();
    await (await openVault(opts())).add([draft(1)]);
    rmSync(path.join(dir, 'secrets.json'));
    const items = keychain.items.size;
    const v = await openVault(opts());
    expect((await v.status()).state).toBe('corrupt');
    expect(readdirSync(dir)).not.toContain('secrets.json');
    expect(keychain.items.size).toBe(items);
  });

  it('repairs on open: drops secret entries without an account and reports accounts without a secret', async () => {
    const { opts, dir } = setup();
    const v = await openVault(opts());
    const [a, b] = await v.add([draft(1), draft(2)]);
    const file = path.join(dir, 'secrets.json');
    const secrets = JSON.parse(readFileSync(file, 'utf8')) as { entries: Record<string, unknown> };
    const orphanId = '00000000-0000-4000-8000-000000000000';
    secrets.entries[orphanId] = secrets.entries[a!.id];
    delete secrets.entries[b!.id];
    writeFileSync(file, JSON.stringify(secrets));
    writeFileSync(path.join(dir, 'secrets.json.4242-abcd.tmp'), 'half');
    const again = await openVault(opts());
    const status = await again.status();
    expect(status.state).toBe('ready');
    expect(status.message).toContain('One account has lost its key');
    const after = JSON.parse(readFileSync(file, 'utf8')) as { entries: Record<string, unknown> };
    expect(Object.keys(after.entries)).toEqual([a!.id]);
    expect(readdirSync(dir).some((f) => f.endsWith('.tmp'))).toBe(false);
    expect([...(await again.secrets()).keys()]).toEqual([a!.id]);
  });

  it('will not decrypt a secret moved to another account’s entry (the account id is the AAD)', async () => {
    const { opts, dir } = setup();
    const v = await openVault(opts());
    const [a, b] = await v.add([draft(1), draft(2)]);
    const file = path.join(dir, 'secrets.json');
    const secrets = JSON.parse(readFileSync(file, 'utf8')) as { entries: Record<string, unknown> };
    secrets.entries[b!.id] = secrets.entries[a!.id];
    writeFileSync(file, JSON.stringify(secrets));
    expect([...(await v.secrets()).keys()]).toEqual([a!.id]);
    expect((await v.status()).message).toContain('lost its key');
  });

  it('opens with the app-lock password when the keychain item is lost, and puts a new one back', async () => {
    const { opts, keychain } = setup();
    const v = await openVault(opts());
    const [a] = await v.add([draft(1)]);
    const secret = await v.secretOf(a!.id);
    await v.addPasswordSlot('correct horse battery');
    keychain.items.clear();

    const locked = await openVault(opts());
    await expect(locked.unlockWithPassword('wrong password')).rejects.toMatchObject({ code: 'InvalidInput', field: 'password' });
    expect((await locked.unlockWithPassword('correct horse battery')).state).toBe('ready');
    expect(await locked.secretOf(a!.id)).toEqual(secret);

    const counted = countingKeychain(keychain);
    const next = await openVault(opts({ keychain: counted }));
    expect((await next.status()).state).toBe('ready');
    expect(counted.callCount).toBe(1);
  });

  it('rejects invalid drafts and patches with InvalidInput', async () => {
    const { opts } = setup();
    const v = await openVault(opts());
    await expect(v.add([draft(1, { secret: new Uint8Array() })])).rejects.toMatchObject({ code: 'InvalidInput' });
    const [a] = await v.add([draft(1)]);
    await expect(v.setCounter(a!.id, 3)).rejects.toMatchObject({ code: 'InvalidInput' });
    await expect(v.update(a!.id, { issuer: 'x'.repeat(501) })).rejects.toMatchObject({ code: 'InvalidInput' });
    await expect(v.update('00000000-0000-4000-8000-000000000000', { issuer: 'x' })).rejects.toMatchObject({ code: 'NotFound' });
    await expect(openVault(opts({ profileId: '../escape' }))).rejects.toMatchObject({ code: 'InvalidInput' });
  });
});
