export type DropPlace = 'before' | 'after';

/** `order` with `id` moved next to `targetId`. Unknown ids, or dropping an account on itself, change nothing. */
export function moveTo(order: readonly string[], id: string, targetId: string, place: DropPlace): string[] {
  if (id === targetId || !order.includes(id) || !order.includes(targetId)) return [...order];
  const without = order.filter((x) => x !== id);
  const at = without.indexOf(targetId) + (place === 'after' ? 1 : 0);
  return [...without.slice(0, at), id, ...without.slice(at)];
}

/**
 * Alt+↑/↓: swaps an account with the neighbour the person sees (which may skip accounts hidden by a
 * search). Returns null when there is nothing to swap with, or the neighbour is in another group.
 */
export function moveByKeyboard(
  order: readonly string[],
  visible: readonly string[],
  id: string,
  direction: -1 | 1,
  groupOf: (id: string) => string | null,
): string[] | null {
  const index = visible.indexOf(id);
  const neighbour = index < 0 ? undefined : visible[index + direction];
  if (neighbour === undefined || groupOf(neighbour) !== groupOf(id)) return null;
  return moveTo(order, id, neighbour, direction < 0 ? 'before' : 'after');
}
