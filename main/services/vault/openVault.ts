import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../common/errors.js';
import type { VaultStatus } from '../../../common/ipc/views.js';
import { AccountsFile, type AccountRecord } from './accountsFile.js';
import * as edits from './accountEdits.js';
import { repairVault } from './repairVault.js';
import { seal } from './sealedBox.js';
import { openEntries, readSecretsFile, writeSecretsFile, type SecretsFile, type SecretsFileRead } from './secretsFile.js';
import { addPasswordSlot, unlockWithPassword } from './passwordUnlock.js';
import { messages } from './vaultMessages.js';
import { withVaultLock } from './vaultLock.js';
import { profileDir } from './vaultLocation.js';
import { determineState, notReadyError, type VaultContext, type VaultState } from './vaultState.js';
import type { OpenVaultOptions, Vault } from './vaultTypes.js';

const PROFILE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
/** While the vault is not ready, `status()` asks the keychain again at most this often (a macOS prompt each time). */
const RETRY_EVERY_MS = 1_000;

/**
 * Opens (or, when the profile has no secrets file at all, creates) a profile's vault. Never throws for a
 * keychain, corruption or version problem: `status()` reports it and the metadata stays listable.
 */
export async function openVault(opts: OpenVaultOptions): Promise<Vault> {
  const profileId = opts.profileId ?? 'default';
  if (!PROFILE_ID.test(profileId)) throw new AppError('InvalidInput', 'A profile name may use letters, digits, "-" and "_" only.');
  const dir = profileDir(opts.dataDir, profileId);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const ctx: VaultContext = {
    dir,
    profileId,
    accounts: new AccountsFile(dir),
    keychain: opts.keychain,
    keychainService: opts.keychainService,
    now: opts.now ?? Date.now,
    lockTimeoutMs: opts.lockTimeoutMs ?? 10_000,
  };
  const vault = new FileVault(ctx);
  await vault.settle(await determineState(ctx));
  return vault;
}

type Ready = Extract<VaultState, { kind: 'ready' }>;

class FileVault implements Vault {
  private state: VaultState = { kind: 'error', message: 'not opened' };
  private lastAttempt = 0;
  private missingSecret = new Set<string>();
  private damaged = new Set<string>();
  private decrypted: { stamp: string; secrets: Map<string, Buffer> } | null = null;
  /** Keys decrypted one by one (`secrets(ids)`) while the whole set is not: for zeroing. */
  private loose: { stamp: string; buffers: Buffer[] } | null = null;
  /** The last validated secrets.json (sealed entries only), reused while the file is unchanged. */
  private lastSecrets: SecretsFileRead | null = null;
  private closed = false;

  constructor(private readonly ctx: VaultContext) {}

  /** Adopts a new state; once ready, repairs what a crash may have left (needs no key, but only runs when we could also write). */
  async settle(state: VaultState): Promise<void> {
    this.lastAttempt = performance.now();
    this.state = state;
    this.decrypted = null;
    // Validating 500 sealed entries costs ~10 ms: the read that opened the vault serves the repair check
    // and the first codes too, for as long as the file's stamp says it is unchanged.
    this.lastSecrets = state.kind === 'ready' ? (state.read ?? null) : null;
    if (state.kind === 'ready') this.missingSecret = (await repairVault(this.ctx.dir, this.ctx.accounts, this.ctx.lockTimeoutMs, this.lastSecrets ?? undefined)).missingSecret;
  }

  private async ready(): Promise<Ready> {
    if (this.closed) throw new AppError('Internal', messages.closed);
    if (this.state.kind !== 'ready' && performance.now() - this.lastAttempt >= RETRY_EVERY_MS) await this.settle(await determineState(this.ctx));
    if (this.state.kind !== 'ready') throw notReadyError(this.state);
    return this.state;
  }

  async status(): Promise<VaultStatus> {
    await this.ready().catch(() => {});
    const live = this.ctx.accounts.read();
    const accountCount = live.kind === 'ok' ? edits.liveSorted(live.accounts).length : 0;
    const problems = this.missingSecret.size + this.damaged.size;
    const base = { accountCount, profileId: this.ctx.profileId };
    if (this.state.kind === 'ready') return { ...base, state: 'ready', message: problems > 0 ? messages.missingSecrets(problems) : null };
    return { ...base, state: this.state.kind, message: this.state.message };
  }

  private readAccounts(): AccountRecord[] {
    const r = this.ctx.accounts.read();
    if (r.kind === 'ok') return r.accounts;
    // Re-reading found it broken after a good open: stop writing (the next retry keeps a copy aside) and say why.
    const message = messages.corrupt(this.ctx.accounts.path, r.kind === 'corrupt' ? r.reason : 'newer version', null);
    if (this.state.kind === 'ready') this.state = { kind: 'corrupt', message };
    throw new AppError('VaultCorrupt', message);
  }

  private async readSecrets(ready: Ready): Promise<SecretsFileRead> {
    const r = await readSecretsFile(this.ctx.dir, this.lastSecrets ?? undefined);
    if (r.kind === 'ok' && r.file.vaultId === ready.vaultId) return (this.lastSecrets = r);
    // Replaced behind our back (a restore): forget the key and open it afresh next time rather than mix two vaults.
    await this.settle(await determineState(this.ctx));
    throw new AppError('VaultCorrupt', this.state.kind === 'ready' ? 'The vault was replaced while open; try again.' : this.state.message);
  }

  /** Read-modify-write under the inter-process lock, always from what is on disk now. */
  private async mutate<T>(fn: (ready: Ready, accounts: AccountRecord[], secrets: SecretsFile) => Promise<T>): Promise<T> {
    const ready = await this.ready();
    return withVaultLock(this.ctx.dir, async () => fn(ready, this.readAccounts(), (await this.readSecrets(ready)).file), this.ctx.lockTimeoutMs);
  }

  async list(): Promise<AccountRecord[]> {
    if (this.closed) throw new AppError('Internal', messages.closed);
    return edits.liveSorted(this.readAccounts());
  }

  async add(drafts: Parameters<Vault['add']>[0], opts?: { group?: string | null }): Promise<AccountRecord[]> {
    const valid = edits.parseDrafts(drafts);
    return this.mutate(async (ready, accounts, secrets) => {
      const records = edits.newRecords(accounts, valid, opts?.group ?? null, this.ctx.now());
      const entries = { ...secrets.entries };
      records.forEach((r, i) => (entries[r.id] = seal(ready.masterKey, valid[i]!.secret, r.id)));
      // Secret first: a crash in between leaves an orphan entry that repair removes, never an account without its key.
      await writeSecretsFile(this.ctx.dir, { ...secrets, entries });
      this.ctx.accounts.write([...accounts, ...records]);
      return records;
    });
  }

  private replaceOne(id: string, change: (r: AccountRecord, now: number) => AccountRecord, live = true): Promise<AccountRecord> {
    return this.mutate(async (_ready, accounts) => {
      const current = live ? edits.findLive(accounts, id) : accounts.find((a) => a.id === id);
      if (!current) throw new AppError('NotFound', 'That account can no longer be brought back.');
      const next = change(current, this.ctx.now());
      this.ctx.accounts.write(accounts.map((a) => (a.id === id ? next : a)));
      return next;
    });
  }

  update(id: string, patch: Parameters<Vault['update']>[1]): Promise<AccountRecord> {
    return this.replaceOne(id, (r, now) => edits.patched(r, patch, now));
  }

  setCounter(id: string, counter: number): Promise<AccountRecord> {
    return this.replaceOne(id, (r, now) => edits.withCounter(r, counter, now));
  }

  async remove(id: string): Promise<{ undoToken: string }> {
    const removed = await this.replaceOne(id, (r, now) => ({ ...r, deletedAt: now, updatedAt: now }));
    return { undoToken: edits.undoTokenFor(removed) };
  }

  undoRemove(undoToken: string): Promise<AccountRecord> {
    const { id, deletedAt } = edits.parseUndoToken(undoToken);
    return this.replaceOne(
      id,
      (r, now) => {
        if (r.deletedAt !== deletedAt) throw new AppError('NotFound', 'That account can no longer be brought back.');
        return { ...r, deletedAt: null, updatedAt: now };
      },
      false,
    );
  }

  purgeRemoved(olderThanMs: number): Promise<number> {
    return this.mutate(async (_ready, accounts, secrets) => {
      const gone = edits.purgeable(accounts, olderThanMs, this.ctx.now());
      if (gone.size === 0) return 0;
      // Metadata first: a crash in between leaves orphan secrets (removed by repair), never a listed account without its key.
      this.ctx.accounts.write(accounts.filter((a) => !gone.has(a.id)));
      const entries = Object.fromEntries(Object.entries(secrets.entries).filter(([id]) => !gone.has(id)));
      await writeSecretsFile(this.ctx.dir, { ...secrets, entries });
      return gone.size;
    });
  }

  reorder(ids: string[]): Promise<void> {
    return this.mutate(async (_ready, accounts) => {
      this.ctx.accounts.write(edits.reordered(accounts, ids, this.ctx.now()));
    });
  }

  async secrets(ids?: readonly string[]): Promise<Map<string, Uint8Array>> {
    const ready = await this.ready();
    const { file, stamp } = await this.readSecrets(ready);
    const wanted = ids ? new Set(ids) : null;
    let decrypted: Map<string, Buffer>;
    if (this.decrypted?.stamp === stamp) {
      decrypted = this.decrypted.secrets;
    } else if (ids) {
      // A few (the browser host's first screen): only those, the next full read decrypts all. Kept to be
      // zeroed on close like the others, or once the file has changed.
      if (this.loose?.stamp !== stamp) this.dropLoose();
      const picked = Object.fromEntries(ids.flatMap((id) => (Object.hasOwn(file.entries, id) ? [[id, file.entries[id]!]] : [])));
      decrypted = openEntries(ready.masterKey, picked).secrets;
      (this.loose ??= { stamp, buffers: [] }).buffers.push(...decrypted.values());
    } else {
      // Decrypted once per version of the file: a code refresh every second costs a stat, not 500 decryptions.
      const { secrets, damaged } = openEntries(ready.masterKey, file.entries);
      this.damaged = damaged;
      this.decrypted = { stamp, secrets };
      decrypted = secrets;
    }
    const out = new Map<string, Uint8Array>();
    for (const a of edits.liveSorted(this.readAccounts())) {
      if (wanted && !wanted.has(a.id)) continue;
      const s = decrypted.get(a.id);
      // The decrypted bytes themselves, not copies: callers are main-process code that only reads them,
      // and a stable object per key lets the code engine remember codes without re-hashing every tick.
      if (s) out.set(a.id, s);
    }
    return out;
  }

  async secretOf(id: string): Promise<Uint8Array> {
    edits.findLive(this.readAccounts(), id);
    const secret = (await this.secrets()).get(id);
    if (!secret) throw new AppError('NotFound', 'The key for this account is missing. Remove the account and add it again.');
    // A copy: a single key handed out may outlive the vault, whose own buffers are zeroed on close.
    return Uint8Array.from(secret);
  }

  async addPasswordSlot(password: string): Promise<void> {
    const ready = await this.ready();
    await addPasswordSlot(this.ctx, ready, password);
  }

  async unlockWithPassword(password: string): Promise<VaultStatus> {
    if (this.state.kind === 'ready') return this.status();
    await this.settle(await unlockWithPassword(this.ctx, password));
    return this.status();
  }

  async close(): Promise<void> {
    if (this.state.kind === 'ready') this.state.masterKey.fill(0);
    this.decrypted?.secrets.forEach((s) => s.fill(0));
    this.decrypted = null;
    this.dropLoose();
    this.closed = true;
  }

  private dropLoose(): void {
    this.loose?.buffers.forEach((b) => b.fill(0));
    this.loose = null;
  }
}
