import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveCodeCacheDir } from './codeCacheLocation.js';

describe('where compiled code is kept', () => {
  it('is the machine’s cache folder, never the data folder, even when the data folder is pointed elsewhere', () => {
    const env = { TWOFOLD_DATA_DIR: '/media/usb/Twofold' };
    expect(resolveCodeCacheDir(env, 'linux', '/home/ann')).toBe('/home/ann/.cache/twofold/code');
    expect(resolveCodeCacheDir({ ...env, XDG_CACHE_HOME: '/var/cache/ann' }, 'linux', '/home/ann')).toBe('/var/cache/ann/twofold/code');
    expect(resolveCodeCacheDir({ XDG_CACHE_HOME: 'relative/cache' }, 'linux', '/home/ann')).toBe('/home/ann/.cache/twofold/code');
    expect(resolveCodeCacheDir(env, 'darwin', '/Users/ann')).toBe('/Users/ann/Library/Caches/Twofold/code');
  });

  it('has no place on Windows, where the owner checks do not exist', () => {
    expect(resolveCodeCacheDir({}, 'win32', 'C:\\Users\\ann')).toBeNull();
  });

  it('goes where TWOFOLD_CACHE_DIR says (tests, benchmarks)', () => {
    expect(resolveCodeCacheDir({ TWOFOLD_CACHE_DIR: 'tmp/cc' }, 'linux', '/home/ann')).toBe(path.resolve('tmp/cc'));
  });
});
