import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { link, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../../common/errors.js';

export const LOCK_FILE = 'vault.lock';

interface LockOwner {
  pid: number;
  host: string;
}

/** Locks this process holds, so two vaults on one folder in one process wait for each other instead of for a pid that is alive. */
const heldInProcess = new Map<string, Promise<void>>();

/**
 * Runs `fn` while holding the profile's inter-process lock (the CLI and the app may write the same vault).
 * The lock file appears atomically with its owner in it (written aside, then hard-linked into place), so a
 * process killed at any instant leaves either no lock or a lock naming a dead pid, which the next writer breaks.
 */
export async function withVaultLock<T>(dir: string, fn: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const lockPath = path.join(dir, LOCK_FILE);
  const previous = heldInProcess.get(lockPath) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((r) => (release = r));
  const chain = previous.then(() => mine);
  heldInProcess.set(lockPath, chain);
  try {
    await previous;
    await acquire(lockPath, timeoutMs);
    try {
      return await fn();
    } finally {
      await rm(lockPath, { force: true });
    }
  } finally {
    release();
    if (heldInProcess.get(lockPath) === chain) heldInProcess.delete(lockPath);
  }
}

async function acquire(lockPath: string, timeoutMs: number): Promise<void> {
  const me: LockOwner = { pid: process.pid, host: os.hostname() };
  const draft = `${lockPath}.${process.pid}-${randomBytes(4).toString('hex')}`;
  await writeFile(draft, JSON.stringify(me), { mode: 0o600 });
  const deadline = Date.now() + timeoutMs;
  try {
    for (let wait = 5; ; wait = Math.min(wait * 2, 100)) {
      try {
        await link(draft, lockPath);
        return;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      if (await breakIfStale(lockPath)) continue;
      if (Date.now() > deadline) {
        throw new AppError('VaultBusy', 'Another Twofold window or command is saving changes to your accounts. Try again in a moment.');
      }
      await new Promise((r) => setTimeout(r, wait));
    }
  } finally {
    await rm(draft, { force: true });
  }
}

/** Removes a lock whose owner on this machine is gone. A lock from another host is never broken. */
async function breakIfStale(lockPath: string): Promise<boolean> {
  const owner = await readOwner(lockPath);
  if (owner === 'gone') return true;
  if (owner && (owner.host !== os.hostname() || isAlive(owner.pid))) return false;
  // Unreadable (should not happen: the file appears whole) or dead owner. Move it aside under a unique
  // name first, so two processes breaking the same stale lock cannot delete a fresh one taken meanwhile.
  const aside = `${lockPath}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await rename(lockPath, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw e;
  }
  const moved = await readOwner(aside);
  if (moved !== 'gone' && moved && isAlive(moved.pid) && (!owner || moved.pid !== owner.pid)) {
    // We took a live lock that replaced the stale one between our read and our rename: give it back.
    await link(aside, lockPath).catch(() => {});
  }
  await rm(aside, { force: true });
  return true;
}

/**
 * Removes the lock and the drafts this process left in `dir`. For the browser host after its services
 * thread died mid-write: the process (and so the pid in the lock) lives on, so no other process would
 * ever break that lock, and the CLI would answer "busy" until the host stopped. Only call it when no
 * thread of this process is using the vault.
 */
export function releaseLocksOfThisProcess(dir: string): void {
  const lockPath = path.join(dir, LOCK_FILE);
  try {
    const o = JSON.parse(readFileSync(lockPath, 'utf8')) as Partial<LockOwner>;
    if (o.pid === process.pid && o.host === os.hostname()) rmSync(lockPath, { force: true });
  } catch {
    // No lock, or not ours to judge: leave it.
  }
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (leftoverLockPid(name) !== process.pid) continue;
    try {
      rmSync(path.join(dir, name), { force: true });
    } catch {
      // A leftover that cannot be removed is only clutter; the next writer's own draft has another name.
    }
  }
}

/** A waiter's draft (`vault.lock.<pid>-<hex>`) or a broken lock moved aside, left behind by a killed process. */
export function leftoverLockPid(name: string): number | null {
  const m = /^vault\.lock\.(?:stale-)?(\d+)-[0-9a-f]+$/.exec(name);
  return m ? Number(m[1]) : null;
}

async function readOwner(file: string): Promise<LockOwner | null | 'gone'> {
  try {
    const raw: unknown = JSON.parse(await readFile(file, 'utf8'));
    const o = raw as Partial<LockOwner>;
    return typeof o.pid === 'number' && typeof o.host === 'string' ? { pid: o.pid, host: o.host } : null;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'gone' : null;
  }
}

export function isAlive(pid: number): boolean {
  // Our own pid here is a lock a previous holder in this process lost track of; in-process waiting is above.
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
