import { describe, expect, it } from 'vitest';
import { moveByKeyboard, moveTo } from './reorder.js';

describe('moveTo', () => {
  it('puts an account before or after the one it is dropped on', () => {
    expect(moveTo(['a', 'b', 'c', 'd'], 'd', 'b', 'before')).toEqual(['a', 'd', 'b', 'c']);
    expect(moveTo(['a', 'b', 'c', 'd'], 'a', 'c', 'after')).toEqual(['b', 'c', 'a', 'd']);
  });
  it('changes nothing when an account is dropped on itself or an id is unknown', () => {
    expect(moveTo(['a', 'b'], 'a', 'a', 'after')).toEqual(['a', 'b']);
    expect(moveTo(['a', 'b'], 'x', 'a', 'after')).toEqual(['a', 'b']);
  });
});

describe('moveByKeyboard', () => {
  const noGroups = () => null;

  it('swaps with the account above or below', () => {
    expect(moveByKeyboard(['a', 'b', 'c'], ['a', 'b', 'c'], 'b', -1, noGroups)).toEqual(['b', 'a', 'c']);
    expect(moveByKeyboard(['a', 'b', 'c'], ['a', 'b', 'c'], 'b', 1, noGroups)).toEqual(['a', 'c', 'b']);
  });
  it('does nothing at the top or the bottom', () => {
    expect(moveByKeyboard(['a', 'b'], ['a', 'b'], 'a', -1, noGroups)).toBeNull();
    expect(moveByKeyboard(['a', 'b'], ['a', 'b'], 'b', 1, noGroups)).toBeNull();
  });
  it('moves past accounts a search hides, next to the visible neighbour', () => {
    expect(moveByKeyboard(['a', 'x', 'b'], ['a', 'b'], 'b', -1, noGroups)).toEqual(['b', 'a', 'x']);
  });
  it('does not move an account into another group', () => {
    const groupOf = (id: string) => (id === 'a' ? 'Payers' : 'Imaging');
    expect(moveByKeyboard(['a', 'b'], ['a', 'b'], 'b', -1, groupOf)).toBeNull();
  });
});
