import { describe, expect, it } from 'vitest';
import { accountView } from '../../../../common/codes/testing/accountView.js';
import { buildDisplayList } from '../../../../common/codes/displayList.js';
import { sectionsOf, tabStopFor } from './listSections.js';

const account = (id: string, group: string | null = null) => accountView(id, { group });

// Rendered order: u1 u2 | # Imaging: i1 | # Payers: p1 p2 p3
const list = buildDisplayList([account('u1'), account('p1', 'Payers'), account('i1', 'Imaging'), account('u2'), account('p2', 'Payers'), account('p3', 'Payers')]);
const describeSections = (start: number, end: number) =>
  sectionsOf(list.items, start, end).map((s) => `${s.header ? '#' : ''}${s.group ?? '-'}: ${s.rows.map((r) => r.item.account.id).join(' ')}`);

describe('sectionsOf', () => {
  it('gives the ungrouped accounts a section of their own and each group one with its header', () => {
    expect(describeSections(0, list.items.length)).toEqual(['-: u1 u2', '#Imaging: i1', '#Payers: p1 p2 p3']);
  });
  it('keeps a group whose header is scrolled out of the window, without the header', () => {
    expect(describeSections(6, list.items.length)).toEqual(['Payers: p2 p3']);
  });
  it('remembers each item’s index in the whole list, for its offset', () => {
    const payers = sectionsOf(list.items, 0, list.items.length)[2];
    expect(payers?.header?.index).toBe(4);
    expect(payers?.rows.map((r) => r.index)).toEqual([5, 6, 7]);
  });
  it('numbers rows within their own group', () => {
    const payers = sectionsOf(list.items, 0, list.items.length)[2];
    expect(payers?.rows.map((r) => `${r.item.position}/${r.item.setSize}`)).toEqual(['1/3', '2/3', '3/3']);
  });
});

describe('tabStopFor', () => {
  const all = list.items.length;
  it('is the selected row when it is rendered', () => {
    expect(tabStopFor(list.items, list.offsets, 0, all, 'p2', 0)).toBe('p2');
  });
  it('is the first row in view when nothing is selected', () => {
    expect(tabStopFor(list.items, list.offsets, 0, all, null, 0)).toBe('u1');
    expect(tabStopFor(list.items, list.offsets, 0, all, null, (list.offsets[3] ?? 0) - 1)).toBe('i1');
  });
  it('moves to a rendered row in view when the selected one is scrolled out of the window', () => {
    expect(tabStopFor(list.items, list.offsets, 5, all, 'u1', list.offsets[6] ?? 0)).toBe('p2');
  });
  it('falls back to the first rendered row when none starts inside the view', () => {
    expect(tabStopFor(list.items, list.offsets, 5, all, 'u1', 1e9)).toBe('p1');
  });
});
