// esbuild plugin: conf imports ajv (+ ajv-formats) for its `schema` option and semver for its
// `migrations` option at the top of its module, so every bundle that uses conf evaluates ~170 kB of
// code at start whether or not those options are used. Twofold passes neither (records are validated
// with zod, and the files carry their own version), so in the bundles these three imports, from conf
// only, become stubs that fail loudly if a future change starts using those options.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// conf's exports map hides package.json; its folder is the one above its entry's dist/source/.
const confRoot = path.resolve(path.dirname(fileURLToPath(import.meta.resolve('conf'))), '..', '..');
const STUBBED = /^(ajv\/dist\/2020\.js|ajv-formats|semver)$/;

export const confWithoutValidators = {
  name: 'conf-without-validators',
  setup(build) {
    build.onResolve({ filter: STUBBED }, (args) => {
      if (!args.importer.startsWith(confRoot + path.sep)) return undefined;
      return { path: args.path, namespace: 'conf-without-validators' };
    });
    build.onLoad({ filter: /.*/, namespace: 'conf-without-validators' }, (args) => {
      const fail = `() => { throw new Error(${JSON.stringify(`Twofold's bundle leaves out ${args.path} (conf's schema and migrations options are not used); see scripts/confWithoutValidators.mjs.`)}); }`;
      // conf reads `Ajv2020` from ajv's 2020 build, `.default` from ajv-formats and calls semver's functions.
      const contents =
        args.path === 'ajv/dist/2020.js'
          ? `export const Ajv2020 = class { constructor() { (${fail})(); } };`
          : args.path === 'ajv-formats'
            ? `export default { default: ${fail} };`
            : `const fail = ${fail}; export default new Proxy({}, { get: () => fail });`;
      return { contents, loader: 'js' };
    });
  },
};
