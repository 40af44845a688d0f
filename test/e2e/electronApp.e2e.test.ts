import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { _electron as electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');

/** Where the electron package keeps its downloaded binary (path.txt names the file inside dist/). */
function electronBinary(): string | null {
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const pkg = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const file = readFileSync(pathFile, 'utf8').trim();
  const full = override ? path.join(override, file) : path.join(pkg, 'dist', file);
  return existsSync(full) ? full : null;
}

const binary = electronBinary();
if (!binary) {
  console.warn(
    'SKIPPED — Electron end-to-end tests: no Electron binary is installed (node_modules/electron/dist is empty; ' +
      'the binary downloads from Electron’s release host, which this machine cannot reach). ' +
      'The same UI and services are tested through the browser host in test/e2e/*.e2e.test.ts.',
  );
}

describe.skipIf(!binary)('the Electron app (Playwright’s Electron support)', () => {
  it('opens one sandboxed window with the codes list and the preload API only', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'twofold-electron-'));
    const app = await electron.launch({
      executablePath: binary!,
      args: [root],
      env: { ...process.env, TWOFOLD_DATA_DIR: dataDir, TWOFOLD_KEYCHAIN_SERVICE: `twofold-test-${randomUUID()}` },
    });
    try {
      const win = await app.firstWindow();
      await win.getByRole('button', { name: 'Add account' }).first().waitFor();
      const exposed = await win.evaluate(() => ({
        host: window.twofold?.host,
        node: typeof (globalThis as { require?: unknown }).require,
        process: typeof (globalThis as { process?: unknown }).process,
      }));
      expect(exposed).toEqual({ host: 'electron', node: 'undefined', process: 'undefined' });
      expect(app.windows()).toHaveLength(1);
    } finally {
      await app.close();
    }
  });
});
