import { randomUUID } from 'node:crypto';
import { AppError, isAppError } from '../../../common/errors.js';
import type { Keychain } from '../keychain/keychain.js';
import type { AccountsFile } from './accountsFile.js';
import { createKeychainSlot, unlockKeychainSlot } from './keySlots.js';
import { keepCopyAside } from './quarantine.js';
import { randomKey } from './sealedBox.js';
import { readSecretsFile, secretsPath, writeSecretsFile, type KeychainSlot, type SecretsFile, type SecretsFileRead } from './secretsFile.js';
import { messages } from './vaultMessages.js';
import { withVaultLock } from './vaultLock.js';

export type VaultState =
  /** `read`: the secrets file as it was read to open the vault, so the first uses need not read it again. */
  | { kind: 'ready'; masterKey: Buffer; vaultId: string; read?: SecretsFileRead }
  | { kind: 'keychain-unavailable'; message: string; cause: 'unreachable' | 'missing' | 'mismatch' | 'password-only' }
  | { kind: 'corrupt'; message: string }
  | { kind: 'error'; message: string };

export interface VaultContext {
  dir: string;
  profileId: string;
  accounts: AccountsFile;
  keychain: Keychain;
  keychainService: string;
  now: () => number;
  lockTimeoutMs: number;
}

/**
 * Decides what the vault can do right now, touching nothing it did not create: the only write is a brand
 * new secrets.json (and its keychain item) when there is no secrets file at all. One keychain read for an
 * existing vault, whatever the number of accounts.
 */
export async function determineState(ctx: VaultContext): Promise<VaultState> {
  try {
    const accounts = ctx.accounts.read();
    if (accounts.kind === 'corrupt') return corrupt(ctx.accounts.path, accounts.reason, ctx.now());
    if (accounts.kind === 'newer') return { kind: 'error', message: messages.newer(ctx.accounts.path) };
    const secrets = await readSecretsFile(ctx.dir);
    switch (secrets.kind) {
      case 'corrupt':
        return corrupt(secretsPath(ctx.dir), secrets.reason, ctx.now());
      case 'newer':
        return { kind: 'error', message: messages.newer(secretsPath(ctx.dir)) };
      case 'ok': {
        const state = await unlockWithKeychain(ctx, secrets.file);
        return state.kind === 'ready' ? { ...state, read: { file: secrets.file, stamp: secrets.stamp } } : state;
      }
      case 'missing': {
        // Accounts without their keys file: a restore or sync went wrong. A new key would orphan them for good.
        if (accounts.accounts.length > 0) return { kind: 'corrupt', message: messages.secretsFileMissing(secretsPath(ctx.dir)) };
        const created = await createFresh(ctx);
        return created === 'raced' ? await determineState(ctx) : created;
      }
    }
  } catch (e) {
    if (isAppError(e)) return { kind: 'error', message: e.message };
    const code = (e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.name : 'unknown');
    return { kind: 'error', message: `Twofold can't open its data folder (${code}): ${ctx.dir}. Nothing was changed.` };
  }
}

export async function unlockWithKeychain(ctx: VaultContext, file: SecretsFile): Promise<VaultState> {
  const slots = file.slots.filter((s): s is KeychainSlot => s.type === 'keychain');
  if (slots.length === 0) return { kind: 'keychain-unavailable', cause: 'password-only', message: messages.passwordOnly };
  let cause: 'missing' | 'mismatch' = 'missing';
  for (const slot of slots) {
    try {
      const r = await unlockKeychainSlot(ctx.keychain, ctx.keychainService, slot);
      if (r.kind === 'ok') return { kind: 'ready', masterKey: r.masterKey, vaultId: file.vaultId };
      if (r.kind === 'mismatch') cause = 'mismatch';
    } catch (e) {
      return keychainFailure(e);
    }
  }
  const message = cause === 'missing' ? messages.slotKeyMissing(ctx.keychainService) : messages.slotKeyMismatch(ctx.keychainService);
  return { kind: 'keychain-unavailable', cause, message };
}

/** The only place a master key is born: no secrets file exists, so nothing can be overwritten. */
async function createFresh(ctx: VaultContext): Promise<VaultState | 'raced'> {
  return withVaultLock(
    ctx.dir,
    async () => {
      // Another process may have created the vault while we waited for the lock.
      if ((await readSecretsFile(ctx.dir)).kind !== 'missing') return 'raced' as const;
      const masterKey = randomKey();
      let slot: KeychainSlot;
      try {
        // Keychain first: a crash before the file is written leaves an unused item, never a file nobody can open.
        slot = await createKeychainSlot(ctx.keychain, ctx.keychainService, ctx.profileId, masterKey);
      } catch (e) {
        return keychainFailure(e);
      }
      const vaultId = randomUUID();
      await writeSecretsFile(ctx.dir, { format: 'twofold-secrets', version: 1, vaultId, slots: [slot], entries: {} });
      return { kind: 'ready', masterKey, vaultId };
    },
    ctx.lockTimeoutMs,
  );
}

function keychainFailure(e: unknown): VaultState {
  if (isAppError(e) && e.code === 'KeychainUnavailable') return { kind: 'keychain-unavailable', cause: 'unreachable', message: e.message };
  throw e;
}

async function corrupt(file: string, reason: string, now: number): Promise<VaultState> {
  const copy = await keepCopyAside(file, now);
  return { kind: 'corrupt', message: messages.corrupt(file, reason, copy) };
}

/** The error an operation that needs the key throws while the vault is not ready. */
export function notReadyError(state: Exclude<VaultState, { kind: 'ready' }>): AppError {
  switch (state.kind) {
    case 'keychain-unavailable':
      return new AppError('KeychainUnavailable', state.message);
    case 'corrupt':
      return new AppError('VaultCorrupt', state.message);
    case 'error':
      return new AppError('Internal', state.message);
  }
}
