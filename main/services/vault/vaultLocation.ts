import path from 'node:path';

export const DEFAULT_KEYCHAIN_SERVICE = 'Twofold';
const APP_NAME = 'Twofold';

export interface VaultLocation {
  dataDir: string;
  keychainService: string;
}

/**
 * Where the vault lives when nobody says otherwise: the folder Electron's `app.getPath('userData')` gives
 * an app named "Twofold", so the CLI and the app open the same files. `TWOFOLD_DATA_DIR` and
 * `TWOFOLD_KEYCHAIN_SERVICE` override it (tests, portable installs, a second vault).
 */
export function resolveVaultLocation(
  env: Readonly<Record<string, string | undefined>>,
  platform: NodeJS.Platform,
  homedir: string,
): VaultLocation {
  const keychainService = env.TWOFOLD_KEYCHAIN_SERVICE?.trim() || DEFAULT_KEYCHAIN_SERVICE;
  const explicit = env.TWOFOLD_DATA_DIR?.trim();
  if (explicit) return { dataDir: path.resolve(explicit), keychainService };
  // Build with the target platform's own separators, so a Windows path is right even when computed in a test on Linux.
  const p = platform === 'win32' ? path.win32 : path.posix;
  let appData: string;
  if (platform === 'darwin') appData = p.join(homedir, 'Library', 'Application Support');
  else if (platform === 'win32') appData = env.APPDATA?.trim() || p.join(homedir, 'AppData', 'Roaming');
  // Electron (and the XDG spec) ignore a relative XDG_CONFIG_HOME.
  else appData = env.XDG_CONFIG_HOME?.trim() && p.isAbsolute(env.XDG_CONFIG_HOME.trim()) ? env.XDG_CONFIG_HOME.trim() : p.join(homedir, '.config');
  return { dataDir: p.join(appData, APP_NAME), keychainService };
}

/** The folder of one profile's vault inside the data folder (a shared kiosk holds several). */
export function profileDir(dataDir: string, profileId: string): string {
  return path.join(path.resolve(dataDir), 'profiles', profileId);
}
