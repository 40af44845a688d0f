import { describe, expect, it } from 'vitest';
import { MAX_TOASTS, addToast, type Toast } from './toastStore.js';

const toast = (id: number, key?: string): Toast & { key?: string } => ({ id, message: `t${id}`, tone: 'info', duration: 1000, ...(key ? { key } : {}) });

describe('addToast', () => {
  it('adds a toast below the earlier ones', () => {
    expect(addToast([toast(1)], toast(2)).map((t) => t.id)).toEqual([1, 2]);
  });
  it('replaces an earlier toast with the same key instead of stacking', () => {
    expect(addToast([toast(1, 'copy'), toast(2)], toast(3, 'copy')).map((t) => t.id)).toEqual([2, 3]);
  });
  it('keeps only the newest few', () => {
    let list: (Toast & { key?: string })[] = [];
    for (let i = 1; i <= MAX_TOASTS + 2; i++) list = addToast(list, toast(i));
    expect(list.map((t) => t.id)).toEqual([3, 4, 5]);
  });
});
