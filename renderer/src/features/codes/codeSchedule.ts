import type { CodeView } from '../../../../common/ipc/views.js';

export type CodeMap = ReadonlyMap<string, CodeView>;

/** The earliest moment any shown code expires: when the next snapshot is due. Null when none expires (HOTP only). */
export function nextBoundary(codes: CodeMap): number | null {
  let earliest: number | null = null;
  for (const code of codes.values()) {
    if (code.periodEnd !== null && (earliest === null || code.periodEnd < earliest)) earliest = code.periodEnd;
  }
  return earliest;
}

/**
 * At a period boundary, shows the code main already sent as `next` straight away, so nobody sees an
 * expired code while the fresh snapshot is on its way. Codes without a `next` stay until it arrives.
 */
export function rollOver(codes: CodeMap, now: number): Map<string, CodeView> {
  const out = new Map<string, CodeView>();
  for (const [id, code] of codes) {
    if (code.periodEnd !== null && code.periodStart !== null && code.periodEnd <= now && code.next !== null) {
      const length = code.periodEnd - code.periodStart;
      out.set(id, { ...code, current: code.next, next: null, periodStart: code.periodEnd, periodEnd: code.periodEnd + length });
    } else out.set(id, code);
  }
  return out;
}

const same = (a: CodeView, b: CodeView) =>
  a.current === b.current && a.next === b.next && a.periodStart === b.periodStart && a.periodEnd === b.periodEnd;

/**
 * Replaces the codes with a snapshot, keeping the previous object for any code that did not change so
 * memoized rows skip re-rendering.
 */
export function mergeSnapshot(previous: CodeMap, snapshot: readonly CodeView[]): Map<string, CodeView> {
  const out = new Map<string, CodeView>();
  for (const code of snapshot) {
    const old = previous.get(code.id);
    out.set(code.id, old && same(old, code) ? old : code);
  }
  return out;
}
