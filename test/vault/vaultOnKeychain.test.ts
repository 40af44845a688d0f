import { randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countingKeychain } from '../../main/services/keychain/countingKeychain.js';
import { createSystemKeychain } from '../../main/services/keychain/systemKeychain.js';
import { openVault } from '../../main/services/vault/openVault.js';
import { hasSecretService } from '../support/realServices.js';
import { buildWorker, runWorkerToEnd } from './support/buildWorker.js';
import { draft, profileDir, snapshotFiles, tempDataDir } from './support/vaultFixtures.js';

const keychain = createSystemKeychain();
const fresh = () => ({ dataDir: tempDataDir(), keychainService: `twofold-test-${randomUUID()}` });

describe.skipIf(!hasSecretService())('the vault on the real Secret Service', () => {
  it('keeps adds, edits, removals, undo and order across a reopen', async () => {
    const where = fresh();
    const v = await openVault({ ...where, keychain });
    const [a, b, c] = await v.add([draft(1), draft(2), draft(3)]);
    const secretA = await v.secretOf(a!.id);
    await v.update(b!.id, { accountName: 'front.desk@clinic.example', group: 'Labs' });
    const { undoToken } = await v.remove(c!.id);
    await v.reorder([b!.id, a!.id]);
    await v.close();

    const again = await openVault({ ...where, keychain });
    expect((await again.list()).map((r) => r.id)).toEqual([b!.id, a!.id]);
    expect((await again.list())[0]).toMatchObject({ accountName: 'front.desk@clinic.example', group: 'Labs' });
    expect(await again.secretOf(a!.id)).toEqual(secretA);
    await again.undoRemove(undoToken);
    await again.close();
    expect((await (await openVault({ ...where, keychain })).list()).map((r) => r.id)).toEqual([b!.id, a!.id, c!.id]);
  });

  it.each([10, 500])('reads the keychain exactly once to open a vault of %i accounts', async (n) => {
    const where = fresh();
    const seed = await openVault({ ...where, keychain });
    await seed.add(Array.from({ length: n }, (_, i) => draft(i)));
    await seed.close();
    const counted = countingKeychain(keychain);
    const v = await openVault({ ...where, keychain: counted });
    expect((await v.status()).state).toBe('ready');
    expect((await v.secrets()).size).toBe(n);
    expect(counted.calls).toEqual([{ op: 'get', service: where.keychainService, account: expect.stringMatching(/^vault-slot:default:/) }]);
  });

  it('keeps the profiles of two people in one data folder apart (a shared kiosk), each with its own keychain item', async () => {
    const where = fresh();
    const ana = await openVault({ ...where, keychain, profileId: 'ana' });
    const ben = await openVault({ ...where, keychain, profileId: 'ben' });
    const [a1, a2] = await ana.add([draft(1), draft(2)]);
    const [b1] = await ben.add([draft(3)]);
    await ben.remove(b1!.id).then(() => ben.add([draft(4)]));
    const anaKey = await ana.secretOf(a1!.id);
    await Promise.all([ana.close(), ben.close()]);

    const slotAccount = (profile: string) =>
      (JSON.parse(readFileSync(path.join(profileDir(where.dataDir, profile), 'secrets.json'), 'utf8')) as { slots: { account: string }[] }).slots[0]!.account;
    expect(slotAccount('ana')).toMatch(/^vault-slot:ana:/);
    expect(slotAccount('ben')).toMatch(/^vault-slot:ben:/);
    expect(await keychain.getPassword(where.keychainService, slotAccount('ana'))).not.toEqual(await keychain.getPassword(where.keychainService, slotAccount('ben')));

    const anaAgain = await openVault({ ...where, keychain, profileId: 'ana' });
    const benAgain = await openVault({ ...where, keychain, profileId: 'ben' });
    expect((await anaAgain.list()).map((r) => r.id)).toEqual([a1!.id, a2!.id]);
    expect((await benAgain.list()).map((r) => r.issuer)).toEqual(['Portal 4']);
    expect(await anaAgain.secretOf(a1!.id)).toEqual(anaKey);
    // One person's account is not reachable through the other's profile.
    await expect(benAgain.secretOf(a1!.id)).rejects.toMatchObject({ code: 'NotFound' });
    await Promise.all([anaAgain.close(), benAgain.close()]);
  });

  it('never puts a secret into accounts.json', async () => {
    const where = fresh();
    const v = await openVault({ ...where, keychain });
    const drafts = [draft(1), draft(2)];
    await v.add(drafts);
    const text = readFileSync(path.join(profileDir(where.dataDir), 'accounts.json'), 'utf8');
    for (const d of drafts) {
      expect(text).not.toContain(Buffer.from(d.secret).toString('hex'));
      expect(text).not.toContain(Buffer.from(d.secret).toString('base64'));
    }
  });

  describe('when the keychain cannot be used', () => {
    let probe: string;
    beforeAll(async () => {
      probe = await buildWorker('openVaultProbe');
    });
    afterAll(() => rmSync(probe, { force: true }));

    it('reports KeychainUnavailable for a D-Bus that does not answer, and leaves the files untouched', async () => {
      const where = fresh();
      await (await openVault({ ...where, keychain })).add([draft(1), draft(2)]);
      const before = snapshotFiles(profileDir(where.dataDir));
      const out = await runWorkerToEnd(probe, where, { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/twofold-bus' });
      const result = JSON.parse(out) as { status: { state: string; message: string }; add: string; listed: number };
      expect(result.status.state).toBe('keychain-unavailable');
      expect(result.status.message).toMatch(/^Twofold can't reach the system keychain \(.+\)\. Your accounts are safe on disk/);
      expect(result.add).toBe('KeychainUnavailable');
      expect(result.listed).toBe(2);
      expect(snapshotFiles(profileDir(where.dataDir))).toEqual(before);
    });

    it('reports a locked keyring plainly, refuses to add, and leaves the files untouched', async () => {
      // A keyring of its own on a private bus: locking the one every other test file uses would fail them.
      const where = fresh();
      const home = mkdtempSync(path.join(os.tmpdir(), 'twofold-locked-home-'));
      const profile = profileDir(where.dataDir);
      const script = [
        'set -e',
        'export HOME="$1" XDG_DATA_HOME="$1/.local/share" XDG_RUNTIME_DIR="$1/run"',
        'mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"',
        'echo "" | gnome-keyring-daemon --unlock --components=secrets >/dev/null',
        'node "$2" "$3" >/dev/null',
        'cp -a "$5" "$5.before"',
        'gdbus call --session --dest org.freedesktop.secrets --object-path /org/freedesktop/secrets --method org.freedesktop.Secret.Service.Lock "[\'/org/freedesktop/secrets/collection/login\']" >/dev/null',
        'node "$2" "$4"',
      ].join('\n');
      const out = execFileSync('dbus-run-session', ['--', 'bash', '-c', script, 'bash', home, probe, JSON.stringify({ ...where, seed: 2 }), JSON.stringify(where), profile], { encoding: 'utf8', timeout: 30_000 });
      rmSync(home, { recursive: true, force: true });
      const result = JSON.parse(out) as { status: { state: string; message: string }; add: string; listed: number };
      expect(result.status.state).toBe('keychain-unavailable');
      expect(result.status.message).toMatch(/^Twofold can't reach the system keychain \(.+\)\. Your accounts are safe on disk/);
      expect(result.add).toBe('KeychainUnavailable');
      expect(result.listed).toBe(2);
      expect(snapshotFiles(profile)).toEqual(snapshotFiles(`${profile}.before`));
    });

    it('reports a deleted keychain item without making a new key over the existing file', async () => {
      const where = fresh();
      await (await openVault({ ...where, keychain })).add([draft(1)]);
      const secrets = JSON.parse(readFileSync(path.join(profileDir(where.dataDir), 'secrets.json'), 'utf8')) as { slots: { account: string }[] };
      expect(await keychain.deletePassword(where.keychainService, secrets.slots[0]!.account)).toBe(true);
      const before = snapshotFiles(profileDir(where.dataDir));
      const result = JSON.parse(await runWorkerToEnd(probe, where)) as { status: { state: string; message: string }; add: string };
      expect(result.status.state).toBe('keychain-unavailable');
      expect(result.status.message).toContain('missing from the system keychain');
      expect(result.add).toBe('KeychainUnavailable');
      expect(snapshotFiles(profileDir(where.dataDir))).toEqual(before);
      expect(await keychain.getPassword(where.keychainService, secrets.slots[0]!.account)).toBeNull();
    });
  });
});
