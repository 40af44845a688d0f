import { constants } from 'node:fs';
import { copyFile, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Keeps a copy of a file we cannot read beside it (`<name>.corrupt-<time>`), so whatever repair someone
 * attempts later, the bytes as we found them survive. The original itself is left in place, untouched.
 * A copy with the same bytes already there is reused, so retrying does not pile up copies.
 */
export async function keepCopyAside(file: string, now: number): Promise<string | null> {
  try {
    const bytes = await readFile(file);
    const dir = path.dirname(file);
    const prefix = `${path.basename(file)}.corrupt-`;
    for (const name of await readdir(dir)) {
      if (!name.startsWith(prefix)) continue;
      const existing = await readFile(path.join(dir, name)).catch(() => null);
      if (existing?.equals(bytes)) return path.join(dir, name);
    }
    const copy = `${file}.corrupt-${new Date(now).toISOString().replace(/[:.]/g, '-')}`;
    await copyFile(file, copy, constants.COPYFILE_EXCL);
    return copy;
  } catch {
    return null;
  }
}
