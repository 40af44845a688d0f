import { describe, expect, it } from 'vitest';
import { commandForKey, type KeyContext, type KeyPress } from './keyboard.js';

const press = (key: string, mods: Partial<KeyPress> = {}): KeyPress => ({ key, altKey: false, ctrlKey: false, metaKey: false, shiftKey: false, ...mods });
const onList: KeyContext = { inTextField: false, inSearch: false, isMac: false, pageSize: 8 };
const inSearch: KeyContext = { ...onList, inSearch: true };

describe('commandForKey', () => {
  it('moves the selection with the arrow keys and by a page with Page Up / Page Down', () => {
    expect(commandForKey(press('ArrowDown'), onList)).toEqual({ type: 'move', by: 1 });
    expect(commandForKey(press('ArrowUp'), onList)).toEqual({ type: 'move', by: -1 });
    expect(commandForKey(press('PageDown'), onList)).toEqual({ type: 'move', by: 8 });
  });
  it('reorders with Alt and an arrow', () => {
    expect(commandForKey(press('ArrowUp', { altKey: true }), onList)).toEqual({ type: 'reorder', direction: -1 });
  });
  it('copies with Enter, edits with F2 or E, removes with Delete', () => {
    expect(commandForKey(press('Enter'), onList)).toEqual({ type: 'copy' });
    expect(commandForKey(press('F2'), onList)).toEqual({ type: 'edit' });
    expect(commandForKey(press('E', { shiftKey: true }), onList)).toEqual({ type: 'edit' });
    expect(commandForKey(press('Delete'), onList)).toEqual({ type: 'remove' });
  });
  it('opens the row menu with Shift+F10 or the Menu key, but leaves the search box its own menu', () => {
    expect(commandForKey(press('F10', { shiftKey: true }), onList)).toEqual({ type: 'menu' });
    expect(commandForKey(press('ContextMenu'), onList)).toEqual({ type: 'menu' });
    expect(commandForKey(press('F10'), onList)).toBeNull();
    expect(commandForKey(press('F10', { shiftKey: true }), inSearch)).toBeNull();
  });
  it('focuses the search with / and with Ctrl+F, or Cmd+F on a Mac', () => {
    expect(commandForKey(press('/'), onList)).toEqual({ type: 'focusSearch' });
    expect(commandForKey(press('f', { ctrlKey: true }), onList)).toEqual({ type: 'focusSearch' });
    expect(commandForKey(press('f', { metaKey: true }), { ...onList, isMac: true })).toEqual({ type: 'focusSearch' });
    expect(commandForKey(press('f', { metaKey: true }), onList)).toBeNull();
  });
  it('opens Settings with Ctrl+, or Cmd+, on a Mac, even while typing in a field', () => {
    expect(commandForKey(press(',', { ctrlKey: true }), onList)).toEqual({ type: 'settings' });
    expect(commandForKey(press(',', { ctrlKey: true }), { ...onList, inTextField: true })).toEqual({ type: 'settings' });
    expect(commandForKey(press(',', { metaKey: true }), { ...onList, isMac: true })).toEqual({ type: 'settings' });
    expect(commandForKey(press(','), onList)).toBeNull();
  });
  it('opens Add with Ctrl+N even while typing in a field', () => {
    expect(commandForKey(press('n', { ctrlKey: true }), { ...onList, inTextField: true })).toEqual({ type: 'add' });
  });
  it('lets the search box keep its typing keys but still walks and copies from it', () => {
    expect(commandForKey(press('e'), inSearch)).toBeNull();
    expect(commandForKey(press('/'), inSearch)).toBeNull();
    expect(commandForKey(press('Delete'), inSearch)).toBeNull();
    expect(commandForKey(press('Home'), inSearch)).toBeNull();
    expect(commandForKey(press('ArrowDown'), inSearch)).toEqual({ type: 'move', by: 1 });
    expect(commandForKey(press('Enter'), inSearch)).toEqual({ type: 'copy' });
    expect(commandForKey(press('Escape'), inSearch)).toEqual({ type: 'clearSearch' });
  });
  it('ignores everything but Ctrl+F and Ctrl+N in other text fields', () => {
    expect(commandForKey(press('Delete'), { ...onList, inTextField: true })).toBeNull();
    expect(commandForKey(press('Enter'), { ...onList, inTextField: true })).toBeNull();
  });
  it('undoes the last removal with Ctrl+Z outside text fields', () => {
    expect(commandForKey(press('z', { ctrlKey: true }), onList)).toEqual({ type: 'undo' });
    expect(commandForKey(press('z', { ctrlKey: true }), inSearch)).toBeNull();
  });
  it('removes with Backspace only on a Mac, where there is no Delete key', () => {
    expect(commandForKey(press('Backspace'), { ...onList, isMac: true })).toEqual({ type: 'remove' });
    expect(commandForKey(press('Backspace'), onList)).toBeNull();
  });
});
