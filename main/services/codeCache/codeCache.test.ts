import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildSync } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Every "start" is a process of its own, as in the host: within one process V8 keeps what it compiled
// and would not even look at a cache file, so an in-process test would prove nothing.
let dir: string;
let runner: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'twofold-code-cache-'));
  const lib = path.join(dir, 'codeCache.cjs');
  buildSync({ entryPoints: [path.join(import.meta.dirname, 'codeCache.ts')], outfile: lib, bundle: true, platform: 'node', format: 'cjs', logLevel: 'warning' });
  runner = path.join(dir, 'runner.cjs');
  writeFileSync(
    runner,
    `const { runWithCodeCache } = require(${JSON.stringify(lib)});
const [file, cacheDir] = process.argv.slice(2);
const run = runWithCodeCache(file, cacheDir);
run.save();
process.stdout.write(JSON.stringify({ usedCache: run.usedCache, seen: globalThis.__codeCacheTest }));`,
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
function setup() {
  const here = path.join(dir, `case-${n++}`);
  const cacheDir = path.join(here, 'cache');
  const bundle = path.join(here, 'bundle.cjs');
  const write = (text: string) =>
    writeFileSync(
      bundle,
      `globalThis.__codeCacheTest = { text: ${JSON.stringify(text)}, hasRequire: typeof require('node:path').join === 'function', exportsIsModuleExports: exports === module.exports, file: __filename };\n` +
        'function filler(n) { return n > 0 ? filler(n - 1) + 1 : 0; }\nfiller(50);\n'.repeat(40),
    );
  const start = (cache = cacheDir) => JSON.parse(execFileSync(process.execPath, [runner, bundle, cache], { encoding: 'utf8' })) as { usedCache: boolean; seen: Record<string, unknown> };
  const files = () => readdirSync(cacheDir);
  mkdirSync(here, { recursive: true });
  return { here, cacheDir, bundle, write, start, files };
}

describe('runWithCodeCache', () => {
  it('runs the bundle as a CommonJS module, saves V8’s code, and uses it on the next start', () => {
    const c = setup();
    c.write('first');
    const first = c.start();
    expect(first).toEqual({ usedCache: false, seen: { text: 'first', hasRequire: true, exportsIsModuleExports: true, file: c.bundle } });
    expect(c.files()).toHaveLength(1);
    expect(statSync(c.cacheDir).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(c.cacheDir, c.files()[0]!)).mode & 0o777).toBe(0o600);
    expect(c.start()).toMatchObject({ usedCache: true, seen: { text: 'first' } });
  });

  it('ignores the cache of another build, and replaces it with this build’s', () => {
    const c = setup();
    c.write('old build');
    c.start();
    const [old] = c.files();
    c.write('new build');
    expect(c.start()).toMatchObject({ usedCache: false, seen: { text: 'new build' } });
    expect(c.files()).toHaveLength(1);
    expect(c.files()[0]).not.toBe(old);
    expect(c.start()).toMatchObject({ usedCache: true });
  });

  it('compiles as usual when the cache file is damaged, and saves a good one', () => {
    const c = setup();
    c.write('damaged cache');
    c.start();
    writeFileSync(path.join(c.cacheDir, c.files()[0]!), Buffer.from('not V8 code at all'));
    expect(c.start()).toMatchObject({ usedCache: false, seen: { text: 'damaged cache' } });
    expect(c.start()).toMatchObject({ usedCache: true });
  });

  it('does not read compiled code that group or others could have written, or a link', () => {
    const c = setup();
    c.write('guarded');
    c.start();
    const cacheFile = path.join(c.cacheDir, c.files()[0]!);
    chmodSync(cacheFile, 0o620);
    expect(c.start()).toMatchObject({ usedCache: false });
    chmodSync(cacheFile, 0o600);
    expect(c.start()).toMatchObject({ usedCache: true });
    chmodSync(c.cacheDir, 0o777);
    expect(c.start()).toMatchObject({ usedCache: false, seen: { text: 'guarded' } });
    chmodSync(c.cacheDir, 0o700);
    const real = `${cacheFile}.real`;
    renameSync(cacheFile, real);
    symlinkSync(real, cacheFile);
    expect(c.start()).toMatchObject({ usedCache: false });
  });

  it('runs without a cache where the folder cannot be written', () => {
    const c = setup();
    c.write('unwritable');
    writeFileSync(path.join(c.here, 'not-a-folder'), '');
    const blocked = path.join(c.here, 'not-a-folder', 'cache');
    expect(c.start(blocked)).toMatchObject({ usedCache: false, seen: { text: 'unwritable' } });
    expect(c.start(blocked)).toMatchObject({ usedCache: false });
  });
});
