import type { AccountView } from '../ipc/views.js';

/** Heights the list lays out with: `renderer/src/features/codes/codes.css` gives rows and headers exactly these. */
export const ROW_HEIGHT = 76;
export const HEADER_HEIGHT = 40;

export type ListItem =
  | { kind: 'header'; key: string; group: string; count: number }
  | {
      kind: 'account';
      key: string;
      account: AccountView;
      /** The group it is listed under (null: the ungrouped accounts at the top). */
      group: string | null;
      /** 1-based place within its group and the group's size, for aria-posinset / aria-setsize when windowed. */
      position: number;
      setSize: number;
    };

export interface DisplayList {
  items: ListItem[];
  /** Account ids top to bottom, as the person sees them: what keyboard navigation walks through. */
  ids: string[];
  /** Top of each item in px, plus the total height as the last entry. */
  offsets: number[];
}

/** The person's order (drag to reorder), ties by age: how the window, and the host's first screen, sort accounts. */
export const byListOrder = (a: AccountView, b: AccountView) => a.order - b.order || a.createdAt - b.createdAt;

const itemHeight = (item: ListItem) => (item.kind === 'header' ? HEADER_HEIGHT : ROW_HEIGHT);

/**
 * Lays accounts (already filtered, in the person's order) out for display. Without groups it is a flat
 * list. With groups, accounts without one come first with no header, then each group under its header,
 * groups in alphabetical order, accounts inside a group in the person's order.
 */
export function buildDisplayList(accounts: readonly AccountView[]): DisplayList {
  const ungrouped: AccountView[] = [];
  const groups = new Map<string, AccountView[]>();
  for (const account of accounts) {
    if (!account.group) {
      ungrouped.push(account);
      continue;
    }
    const members = groups.get(account.group);
    if (members) members.push(account);
    else groups.set(account.group, [account]);
  }
  const rowsOf = (members: AccountView[], group: string | null): ListItem[] =>
    members.map((account, i) => ({ kind: 'account', key: account.id, account, group, position: i + 1, setSize: members.length }));
  const items: ListItem[] = rowsOf(ungrouped, null);
  const names = [...groups.keys()].sort((a, b) => a.localeCompare(b, undefined, { sensitivity: 'base' }));
  for (const group of names) {
    const members = groups.get(group) ?? [];
    items.push({ kind: 'header', key: `group:${group}`, group, count: members.length });
    items.push(...rowsOf(members, group));
  }
  const offsets: number[] = [];
  let top = 0;
  for (const item of items) {
    offsets.push(top);
    top += itemHeight(item);
  }
  offsets.push(top);
  const ids = items.flatMap((item) => (item.kind === 'account' ? [item.account.id] : []));
  return { items, ids, offsets };
}

/** Index of the last item whose top is at or above `y` (binary search over `offsets`). */
function itemAt(offsets: readonly number[], y: number): number {
  let lo = 0;
  let hi = offsets.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((offsets[mid] ?? 0) <= y) lo = mid;
    else hi = mid - 1;
  }
  return Math.max(0, lo);
}

/**
 * The items to render for a scroll position: those in view plus `overscan` px above and below.
 * Short lists are rendered whole (`renderAllBelow` items), which keeps them simple for find-in-page and tests.
 */
export function visibleRange(
  offsets: readonly number[],
  scrollTop: number,
  viewportHeight: number,
  { overscan = 600, renderAllBelow = 120 } = {},
): { start: number; end: number } {
  const count = offsets.length - 1;
  if (count <= renderAllBelow) return { start: 0, end: count };
  const start = itemAt(offsets, Math.max(0, scrollTop - overscan));
  const end = Math.min(count, itemAt(offsets, scrollTop + viewportHeight + overscan) + 1);
  return { start, end };
}
