import { describe, expect, it } from 'vitest';
import { accountView } from './testing/accountView.js';
import { HEADER_HEIGHT, ROW_HEIGHT, buildDisplayList, visibleRange } from './displayList.js';

const account = (id: string, group: string | null = null) => accountView(id, { group });

describe('buildDisplayList', () => {
  it('is a flat list in the given order when nothing has a group', () => {
    const list = buildDisplayList([account('b'), account('a')]);
    expect(list.items.map((i) => i.kind)).toEqual(['account', 'account']);
    expect(list.ids).toEqual(['b', 'a']);
    expect(list.offsets).toEqual([0, ROW_HEIGHT, 2 * ROW_HEIGHT]);
  });

  it('puts ungrouped accounts first, then each group under a header in alphabetical order', () => {
    const list = buildDisplayList([account('1', 'Payers'), account('2'), account('3', 'imaging'), account('4', 'Payers')]);
    expect(list.items.map((i) => (i.kind === 'header' ? `# ${i.group} (${i.count})` : i.account.id))).toEqual([
      '2',
      '# imaging (1)',
      '3',
      '# Payers (2)',
      '1',
      '4',
    ]);
    expect(list.ids).toEqual(['2', '3', '1', '4']);
    expect(list.offsets[2]).toBe(ROW_HEIGHT + HEADER_HEIGHT);
  });
});

describe('visibleRange', () => {
  const offsets = Array.from({ length: 1001 }, (_, i) => i * 100);

  it('renders a short list whole', () => {
    expect(visibleRange(offsets.slice(0, 11), 500, 300)).toEqual({ start: 0, end: 10 });
  });

  it('renders only what is in view plus the overscan for a long list', () => {
    expect(visibleRange(offsets, 10_000, 700, { overscan: 200 })).toEqual({ start: 98, end: 110 });
  });

  it('clamps at the top and bottom of the list', () => {
    expect(visibleRange(offsets, 0, 700, { overscan: 200 }).start).toBe(0);
    expect(visibleRange(offsets, 99_500, 700, { overscan: 200 }).end).toBe(1000);
  });
});
