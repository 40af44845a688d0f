import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, type Stats } from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

export interface CodeCacheRun {
  /** True when V8 took the compiled code saved by an earlier run. */
  usedCache: boolean;
  /** Saves V8's compiled code for the next start, once, if this run had none (call once start-up is done). */
  save(): void;
}

/**
 * Runs a CommonJS bundle the way `require` would, with the compiled code V8 kept from an earlier run of
 * the very same bundle. At start-up V8 otherwise parses and compiles the whole file again; with Chromium
 * loading the page on the same two cores that work is stretched (docs/benchmarks.md).
 *
 * The cache is compiled code, and V8 checks little of it (the source's length, its own version and
 * flags; not the source's content), so it is only read from a folder and a file this user owns and
 * nobody else can write; elsewhere (or where there are no user ids) the bundle is compiled as usual.
 * It lives in this machine's cache folder, never the data folder, which travels (codeCacheLocation.ts;
 * created 0700, files 0600), named by the bundle's content, Node's version and the architecture, so
 * another build never even finds it (decision 007).
 */
export function runWithCodeCache(file: string, cacheDir: string | null): CodeCacheRun {
  if (cacheDir === null) return runWithoutCache(file);
  const source = readFileSync(file, 'utf8');
  const key = createHash('sha256').update(`${process.version} ${process.arch}\n`).update(source).digest('hex').slice(0, 32);
  const prefix = `${path.basename(file)}-`;
  const cacheFile = path.join(cacheDir, `${prefix}${key}.v8`);
  const cachedData = ownedByThisUserOnly(cacheDir, 'directory') ? readOwnFile(cacheFile) : undefined;
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  const usedCache = cachedData !== undefined && !script.cachedDataRejected;
  const module = { exports: {} };
  const wrapper = script.runInThisContext() as (exports: object, require: NodeJS.Require, module: object, filename: string, dirname: string) => void;
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  let saved = usedCache;
  return {
    usedCache,
    save() {
      if (saved) return;
      saved = true;
      try {
        mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
        // A folder someone else could write into is not where compiled code is kept.
        if (!ownedByThisUserOnly(cacheDir, 'directory')) return;
        const temp = `${cacheFile}.${process.pid}.tmp`;
        writeFileSync(temp, script.createCachedData(), { mode: 0o600 });
        renameSync(temp, cacheFile);
        // Caches of earlier builds of this bundle are of no use any more.
        for (const name of readdirSync(cacheDir)) {
          if (name.startsWith(prefix) && name.endsWith('.v8') && name !== path.basename(cacheFile)) rmSync(path.join(cacheDir, name), { force: true });
        }
      } catch {
        // A cache is an optimisation: a folder that cannot be written only means compiling next time too.
      }
    },
  };
}

/** Where there is no place for a cache (resolveCodeCacheDir): the bundle runs as a plain require would. */
function runWithoutCache(file: string): CodeCacheRun {
  createRequire(file)(file);
  return { usedCache: false, save() {} };
}

/** True for an existing directory or regular file (not a link) of this user that group and others cannot write. */
function ownedByThisUserOnly(target: string, kind: 'directory' | 'file'): boolean {
  try {
    return isOwnAndPrivate(lstatSync(target), kind);
  } catch {
    return false;
  }
}

function isOwnAndPrivate(st: Stats, kind: 'directory' | 'file'): boolean {
  if (typeof process.getuid !== 'function') return false;
  const rightKind = kind === 'directory' ? st.isDirectory() : st.isFile();
  return rightKind && st.uid === process.getuid() && (st.mode & 0o022) === 0;
}

/**
 * The cache file's bytes, if it is a regular file of this user that nobody else can write. Opened
 * without following a link and checked on the open file itself, so what is checked is what is read.
 */
function readOwnFile(file: string): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  } catch {
    return undefined; // first start of this bundle, cleared, or a link
  }
  try {
    return isOwnAndPrivate(fstatSync(fd), 'file') ? readFileSync(fd) : undefined;
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}
