import { describe, expect, it } from 'vitest';
import { prefixUpperBound } from './prefixRange.js';
import { decodeUserCursor, encodeUserCursor } from './userCursor.js';

describe('prefixUpperBound', () => {
  it('raises the last character, so [prefix, bound) is exactly the strings that start with the prefix', () => {
    expect(prefixUpperBound('mar')).toBe('mas');
    expect(prefixUpperBound('ana.lopez@')).toBe('ana.lopezA');
    expect(prefixUpperBound('peñ')).toBe('peò');
    const inside = ['mar', 'maria', 'mar zzz', 'mar\u{FFFF}'];
    const outside = ['ma', 'mas', 'maq', 'mb', 'lar'];
    const bound = prefixUpperBound('mar')!;
    // JavaScript compares UTF-16 code units; these samples stay in the BMP, where that is code-point order.
    for (const s of inside) expect(s >= 'mar' && s < bound, s).toBe(true);
    for (const s of outside) expect(s >= 'mar' && s < bound, s).toBe(false);
  });

  it('steps over the surrogate range and past the last code point', () => {
    expect(prefixUpperBound('a\u{D7FF}')).toBe('a\u{E000}');
    expect(prefixUpperBound('ab\u{10FFFF}')).toBe('ac');
    expect(prefixUpperBound('\u{10FFFF}')).toBeNull();
    expect(() => prefixUpperBound('')).toThrow(RangeError);
  });
});

describe('user cursors', () => {
  it('round-trip for their own sort order only', () => {
    const cursor = encodeUserCursor('lastLogin', 'desc', { value: '2026-01-05T09:00:00.000Z', id: 'u-1' });
    expect(decodeUserCursor(cursor, 'lastLogin', 'desc')).toEqual({ value: '2026-01-05T09:00:00.000Z', id: 'u-1' });
    expect(() => decodeUserCursor(cursor, 'lastLogin', 'asc')).toThrow('This cursor belongs to another sort order. Start again from the first page.');
    expect(() => decodeUserCursor('e30', 'name', 'asc')).toThrow('The cursor is not one this service gave out. Start again from the first page.');
  });
});
