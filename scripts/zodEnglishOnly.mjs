// esbuild plugin: `import { z } from 'zod'` keeps every export of zod alive, including `z.locales`, the
// error messages in 50 languages (about 260 kB of the host's and CLI's bundles, parsed at every start).
// Twofold writes its own messages and uses only zod's English defaults, so the locales module is
// replaced by one that offers English alone.
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const zodRoot = path.dirname(require.resolve('zod/package.json'));

export const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) => {
      if (!args.importer.startsWith(path.join(zodRoot, 'v4'))) return undefined;
      return { path: 'zod-locales-en', namespace: 'zod-english-only' };
    });
    build.onLoad({ filter: /.*/, namespace: 'zod-english-only' }, () => ({
      contents: `export { default as en } from ${JSON.stringify(path.join(zodRoot, 'v4', 'locales', 'en.js'))};`,
      loader: 'js',
      resolveDir: zodRoot,
    }));
  },
};
