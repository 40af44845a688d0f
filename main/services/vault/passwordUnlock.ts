import { AppError, isAppError } from '../../../common/errors.js';
import { createKeychainSlot, createPasswordSlot, unlockPasswordSlot } from './keySlots.js';
import { readSecretsFile, writeSecretsFile, type PasswordSlot } from './secretsFile.js';
import { messages } from './vaultMessages.js';
import { withVaultLock } from './vaultLock.js';
import { determineState, unlockWithKeychain, type VaultContext, type VaultState } from './vaultState.js';

/**
 * The app-lock password as a second way in (like an Aegis password slot), so losing the keychain item
 * — a new computer, a reset login keyring — never means losing the accounts.
 */
export async function addPasswordSlot(ctx: VaultContext, ready: { masterKey: Buffer; vaultId: string }, password: string): Promise<void> {
  if (password.length < 8) throw new AppError('InvalidInput', messages.passwordTooShort, 'password');
  // scrypt outside the lock: it takes ~150 ms and other writers need not wait for it.
  const slot = await createPasswordSlot(password, ready.masterKey);
  await withVaultLock(
    ctx.dir,
    async () => {
      const r = await readSecretsFile(ctx.dir);
      if (r.kind !== 'ok' || r.file.vaultId !== ready.vaultId) throw new AppError('VaultCorrupt', 'The vault changed while the password was being set; try again.');
      // One app-lock password per vault: setting it again replaces the previous one.
      await writeSecretsFile(ctx.dir, { ...r.file, slots: [...r.file.slots.filter((s) => s.type !== 'password'), slot] });
    },
    ctx.lockTimeoutMs,
  );
}

/** Throws `InvalidInput` (field `password`) for a wrong password; otherwise the vault is ready. */
export async function unlockWithPassword(ctx: VaultContext, password: string): Promise<VaultState> {
  const r = await readSecretsFile(ctx.dir);
  if (r.kind !== 'ok') return determineState(ctx);
  const slots = r.file.slots.filter((s): s is PasswordSlot => s.type === 'password');
  if (slots.length === 0) throw new AppError('InvalidInput', messages.noPasswordSlot, 'password');
  for (const slot of slots) {
    const masterKey = await unlockPasswordSlot(password, slot);
    if (!masterKey) continue;
    await rebindKeychain(ctx, r.file.vaultId, masterKey);
    return { kind: 'ready', masterKey, vaultId: r.file.vaultId };
  }
  throw new AppError('InvalidInput', messages.wrongPassword, 'password');
}

/**
 * After a password unlock, puts a fresh slot key in this keychain when it answers but holds no working
 * one, so the next start needs no password. Old keychain slots stay (another computer's keychain may still
 * hold theirs); the new one goes first so it is the one read. Best effort: the vault is open either way.
 */
async function rebindKeychain(ctx: VaultContext, vaultId: string, masterKey: Buffer): Promise<void> {
  try {
    const before = await readSecretsFile(ctx.dir);
    if (before.kind !== 'ok') return;
    const viaKeychain = await unlockWithKeychain(ctx, before.file);
    if (viaKeychain.kind !== 'keychain-unavailable' || viaKeychain.cause === 'unreachable') return;
    const slot = await createKeychainSlot(ctx.keychain, ctx.keychainService, ctx.profileId, masterKey);
    await withVaultLock(
      ctx.dir,
      async () => {
        const r = await readSecretsFile(ctx.dir);
        if (r.kind !== 'ok' || r.file.vaultId !== vaultId) return;
        await writeSecretsFile(ctx.dir, { ...r.file, slots: [slot, ...r.file.slots] });
      },
      ctx.lockTimeoutMs,
    );
  } catch (e) {
    if (!isAppError(e)) throw e;
  }
}
