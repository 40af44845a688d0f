#!/usr/bin/env node
// The `twofold` command: the built CLI lives in dist/ (built on `npm ci` by the prepare script).
import('../dist/cli/twofold.js').catch((e) => {
  if (e && e.code === 'ERR_MODULE_NOT_FOUND') {
    console.error('twofold: the command is not built yet. Run `npm run build` in the Twofold folder.');
    process.exit(2);
  }
  throw e;
});
