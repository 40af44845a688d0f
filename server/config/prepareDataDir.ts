import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Creates the data folder on first start. When it is created here, a `.gitignore` of `*` goes in with it:
 * the default folder sits in the working directory, often a checkout, and a database of password hashes
 * must never be committed by accident.
 */
export function prepareDataDir(dataDir: string): void {
  if (existsSync(dataDir)) return;
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  writeFileSync(path.join(dataDir, '.gitignore'), '# Created by the Twofold portal service: its database stays out of git.\n*\n');
}
