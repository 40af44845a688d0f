import { describe, expect, it } from 'vitest';
import { initialSelection, selectionReducer, type SelectionState } from './selection.js';

const withIds = (ids: string[], selectedId: string | null = null): SelectionState =>
  selectionReducer(selectionReducer(initialSelection, { type: 'sync', ids }), { type: 'select', id: selectedId });

describe('selectionReducer', () => {
  it('starts at the top on ↓ and at the bottom on ↑ when nothing is selected', () => {
    expect(selectionReducer(withIds(['a', 'b', 'c']), { type: 'move', by: 1 }).selectedId).toBe('a');
    expect(selectionReducer(withIds(['a', 'b', 'c']), { type: 'move', by: -1 }).selectedId).toBe('c');
  });

  it('moves one step and stops at either end', () => {
    const s = withIds(['a', 'b', 'c'], 'b');
    expect(selectionReducer(s, { type: 'move', by: 1 }).selectedId).toBe('c');
    expect(selectionReducer(selectionReducer(s, { type: 'move', by: 1 }), { type: 'move', by: 1 }).selectedId).toBe('c');
    expect(selectionReducer(s, { type: 'move', by: -5 }).selectedId).toBe('a');
  });

  it('jumps to the first and last account', () => {
    const s = withIds(['a', 'b', 'c'], 'b');
    expect(selectionReducer(s, { type: 'first' }).selectedId).toBe('a');
    expect(selectionReducer(s, { type: 'last' }).selectedId).toBe('c');
  });

  it('keeps the selected account when the list is reordered or filtered around it', () => {
    const s = selectionReducer(withIds(['a', 'b', 'c'], 'b'), { type: 'sync', ids: ['c', 'b'] });
    expect(s).toMatchObject({ selectedId: 'b', index: 1 });
  });

  it('selects the neighbour that takes its place when the selected account is removed', () => {
    expect(selectionReducer(withIds(['a', 'b', 'c'], 'b'), { type: 'sync', ids: ['a', 'c'] }).selectedId).toBe('c');
    expect(selectionReducer(withIds(['a', 'b', 'c'], 'c'), { type: 'sync', ids: ['a', 'b'] }).selectedId).toBe('b');
  });

  it('selects nothing when the list becomes empty', () => {
    expect(selectionReducer(withIds(['a'], 'a'), { type: 'sync', ids: [] })).toMatchObject({ selectedId: null, index: -1 });
  });

  it('ignores a request to select an account that is not shown', () => {
    expect(selectionReducer(withIds(['a', 'b'], 'a'), { type: 'select', id: 'zzz' }).selectedId).toBeNull();
  });
});
