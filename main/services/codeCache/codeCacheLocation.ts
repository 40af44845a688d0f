import path from 'node:path';

/**
 * Where V8's compiled code for Twofold's bundles is kept: this machine's cache folder, never the data
 * folder. The data folder is made to be copied and carried (a portable copy, a restore, a synced
 * folder, a USB stick), and a cache file is code: one planted in a copied folder would run inside
 * Twofold with its keychain access. Caches are not copied by convention, and a lost one only costs the
 * gain. `TWOFOLD_CACHE_DIR` points it elsewhere (tests, benchmarks). Null on Windows, where the owner
 * checks the cache relies on (codeCache.ts) do not exist: no cache there.
 */
export function resolveCodeCacheDir(env: Readonly<Record<string, string | undefined>>, platform: NodeJS.Platform, homedir: string): string | null {
  const explicit = env.TWOFOLD_CACHE_DIR?.trim();
  if (explicit) return path.resolve(explicit);
  if (platform === 'win32') return null;
  if (platform === 'darwin') return path.join(homedir, 'Library', 'Caches', 'Twofold', 'code');
  // XDG: a relative XDG_CACHE_HOME is to be ignored.
  const xdg = env.XDG_CACHE_HOME?.trim();
  return path.join(xdg && path.isAbsolute(xdg) ? xdg : path.join(homedir, '.cache'), 'twofold', 'code');
}
