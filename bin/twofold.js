#!/usr/bin/env node
// The `twofold` command: the built CLI lives in dist/ (built on `npm ci` by the prepare script).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

if (!existsSync(new URL('../dist/cli/boot.cjs', import.meta.url)) || !existsSync(new URL('../dist/cli/twofold.cjs', import.meta.url))) {
  console.error('twofold: the command is not built yet. Run `npm run build` in the Twofold folder.');
  process.exit(2);
}
createRequire(import.meta.url)('../dist/cli/boot.cjs');
