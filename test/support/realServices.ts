import { existsSync } from 'node:fs';

/**
 * Tests that need a real service ask here. Outside CI a missing service skips them with the reason
 * printed; in CI (`CI` set) it is a failure, so a skip can never pass for green.
 */
export function requireService(name: string, available: boolean, howToGet: string): boolean {
  if (available) return true;
  const message = `${name} is not available: ${howToGet}`;
  if (process.env.CI) throw new Error(`${message} (CI must run these tests, not skip them)`);
  console.warn(`SKIPPED — ${message}`);
  return false;
}

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function hasChromium(): boolean {
  return requireService('Chromium', existsSync(CHROMIUM_PATH), `install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH`);
}

/** scripts/test.sh sets this after starting gnome-keyring on a private D-Bus session bus. */
export function hasSecretService(): boolean {
  return requireService(
    'The Secret Service (gnome-keyring)',
    process.env.TWOFOLD_TEST_SECRET_SERVICE === '1',
    'run the tests with `npm test`, which starts gnome-keyring on a private D-Bus session',
  );
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
