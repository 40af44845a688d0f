import type { ListItem } from '../../../../common/codes/displayList.js';

type AccountItem = Extract<ListItem, { kind: 'account' }>;
type HeaderItem = Extract<ListItem, { kind: 'header' }>;

/** One group as rendered: its header (when in the window) and its rows, each with its index in the list. */
export interface ListSection {
  key: string;
  group: string | null;
  header: { item: HeaderItem; index: number } | null;
  rows: { item: AccountItem; index: number }[];
}

/**
 * Splits the rendered slice of the list into one section per group. Each section becomes its own
 * `role="list"`, because a header may not sit inside a list among its items (ARIA: a list owns only
 * listitems). Keys are the group, so a row keeps its parent element while the window scrolls.
 */
export function sectionsOf(items: readonly ListItem[], start: number, end: number): ListSection[] {
  const sections: ListSection[] = [];
  let current: ListSection | null = null;
  for (let index = start; index < end; index++) {
    const item = items[index];
    if (!item) continue;
    const group = item.group;
    if (!current || current.group !== group) {
      current = { key: group === null ? 'ungrouped' : `group:${group}`, group, header: null, rows: [] };
      sections.push(current);
    }
    if (item.kind === 'header') current.header = { item, index };
    else current.rows.push({ item, index });
  }
  return sections;
}

/**
 * The row that takes the list's single Tab stop (roving tabindex). The selected row when it is in the
 * page; when it has been scrolled out of the rendered window, the first row in view instead, so Tab
 * still lands in the list rather than skipping it.
 */
export function tabStopFor(items: readonly ListItem[], offsets: readonly number[], start: number, end: number, selectedId: string | null, viewTop: number): string | null {
  let firstRendered: string | null = null;
  let firstInView: string | null = null;
  for (let index = start; index < end; index++) {
    const item = items[index];
    if (item?.kind !== 'account') continue;
    if (item.account.id === selectedId) return selectedId;
    firstRendered ??= item.account.id;
    if (firstInView === null && (offsets[index] ?? 0) >= viewTop) firstInView = item.account.id;
  }
  return firstInView ?? firstRendered;
}
