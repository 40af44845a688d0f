import { describe, expect, it } from 'vitest';
import { resolveVaultLocation } from './vaultLocation.js';

describe('resolveVaultLocation', () => {
  it('uses ~/.config/Twofold and the service "Twofold" on Linux by default', () => {
    expect(resolveVaultLocation({}, 'linux', '/home/ana')).toEqual({ dataDir: '/home/ana/.config/Twofold', keychainService: 'Twofold' });
  });

  it('follows an absolute XDG_CONFIG_HOME on Linux and ignores a relative one, as Electron does', () => {
    expect(resolveVaultLocation({ XDG_CONFIG_HOME: '/xdg' }, 'linux', '/home/ana').dataDir).toBe('/xdg/Twofold');
    expect(resolveVaultLocation({ XDG_CONFIG_HOME: 'rel' }, 'linux', '/home/ana').dataDir).toBe('/home/ana/.config/Twofold');
  });

  it('uses Application Support on macOS and %APPDATA% on Windows', () => {
    expect(resolveVaultLocation({}, 'darwin', '/Users/ana').dataDir).toBe('/Users/ana/Library/Application Support/Twofold');
    expect(resolveVaultLocation({ APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' }, 'win32', 'C:\\Users\\ana').dataDir).toBe(
      'C:\\Users\\ana\\AppData\\Roaming\\Twofold',
    );
  });

  it('lets TWOFOLD_DATA_DIR and TWOFOLD_KEYCHAIN_SERVICE override both', () => {
    expect(resolveVaultLocation({ TWOFOLD_DATA_DIR: '/tmp/v', TWOFOLD_KEYCHAIN_SERVICE: 'Twofold-test' }, 'linux', '/home/ana')).toEqual({
      dataDir: '/tmp/v',
      keychainService: 'Twofold-test',
    });
  });
});
