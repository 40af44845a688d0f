import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { AccountsFile } from './accountsFile.js';
import { isLeftoverTemp } from './atomicWrite.js';
import { ACCOUNTS_FILE } from './accountsFile.js';
import { readSecretsFile, SECRETS_FILE, writeSecretsFile, type SecretsFileRead } from './secretsFile.js';
import { isAlive, leftoverLockPid, withVaultLock } from './vaultLock.js';

export interface RepairReport {
  /** Secret entries with no account: an add killed before its metadata was written, or a purge killed halfway. */
  removedOrphans: number;
  /** Accounts with no secret entry. The write order makes this impossible; if it happens we say so, never guess. */
  missingSecret: Set<string>;
}

interface Findings {
  orphans: string[];
  missing: string[];
  leftovers: string[];
}

async function inspect(dir: string, accountsFile: AccountsFile, known?: SecretsFileRead): Promise<Findings | null> {
  const accounts = accountsFile.read();
  const secrets = await readSecretsFile(dir, known);
  if (accounts.kind !== 'ok' || secrets.kind !== 'ok') return null;
  const ids = new Set(accounts.accounts.map((a) => a.id));
  const entries = secrets.file.entries;
  const leftovers = (await readdir(dir)).filter((name) => {
    if (isLeftoverTemp(name, SECRETS_FILE) || isLeftoverTemp(name, ACCOUNTS_FILE)) return true;
    const pid = leftoverLockPid(name);
    return pid !== null && !isAlive(pid);
  });
  return {
    orphans: Object.keys(entries).filter((id) => !ids.has(id)),
    missing: [...ids].filter((id) => !Object.hasOwn(entries, id)),
    leftovers,
  };
}

/**
 * Brings the two files back in step after a crash. Looks first without the lock (the usual answer is
 * "nothing to do", and opening stays free of writes); only then takes the lock and looks again, since
 * another process's add in flight also shows a secret without metadata until it finishes.
 */
export async function repairVault(dir: string, accountsFile: AccountsFile, lockTimeoutMs: number, known?: SecretsFileRead): Promise<RepairReport> {
  const first = await inspect(dir, accountsFile, known);
  if (!first || (first.orphans.length === 0 && first.missing.length === 0 && first.leftovers.length === 0)) {
    return { removedOrphans: 0, missingSecret: new Set() };
  }
  return withVaultLock(
    dir,
    async () => {
      const found = await inspect(dir, accountsFile, known);
      if (!found) return { removedOrphans: 0, missingSecret: new Set<string>() };
      if (found.orphans.length > 0) {
        const secrets = await readSecretsFile(dir);
        if (secrets.kind === 'ok') {
          const entries = { ...secrets.file.entries };
          for (const id of found.orphans) delete entries[id];
          await writeSecretsFile(dir, { ...secrets.file, entries });
        }
      }
      // Temporaries are only written under this lock, so none of them belongs to a live writer.
      await Promise.all(found.leftovers.map((name) => rm(path.join(dir, name), { force: true })));
      return { removedOrphans: found.orphans.length, missingSecret: new Set(found.missing) };
    },
    lockTimeoutMs,
  );
}
