import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/**
 * Replaces `file` so that a reader (or a process killed at any instant) sees either the old bytes or the
 * new ones, never a mix: write a temporary file beside it, fsync it, rename it over, fsync the folder so
 * the rename itself survives a power cut. Temporaries a killed writer left behind match `isLeftoverTemp`.
 */
export async function writeFileAtomic(file: string, data: string, mode = 0o600): Promise<void> {
  const tmp = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  const handle = await open(tmp, 'wx', mode);
  try {
    await handle.writeFile(data, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  await syncDir(path.dirname(file));
}

async function syncDir(dir: string): Promise<void> {
  // Windows cannot open a folder for fsync (EISDIR/EPERM); NTFS journals the rename itself.
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Ours (`secrets.json.<pid>-<hex>.tmp`) and conf's, via `atomically` (`accounts.json.tmp-<digits><hex>`). */
export function isLeftoverTemp(name: string, base: string): boolean {
  return name.startsWith(`${base}.`) && (/\.\d+-[0-9a-f]+\.tmp$/.test(name) || /\.tmp-\d{10}[0-9a-f]{6}$/.test(name));
}
