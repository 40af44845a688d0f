import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { CodeMap } from './codeSchedule.js';
import { AccountRow, type RowActions } from './AccountRow.js';
import { HEADER_HEIGHT, ROW_HEIGHT, visibleRange, type DisplayList } from '../../../../common/codes/displayList.js';
import { sectionsOf, tabStopFor } from './listSections.js';

/** Ask the list to bring an account into view, and optionally to move keyboard focus onto it. */
export interface RevealRequest {
  id: string;
  focus: boolean;
  /** A new number for every request, so the same account can be revealed twice. */
  seq: number;
}

export interface AccountListProps {
  list: DisplayList;
  codes: CodeMap;
  clockOffset: number;
  selectedId: string | null;
  copiedId: string | null;
  reveal: RevealRequest | null;
  actions: RowActions;
  /** Rows that fit on screen, for Page Up / Page Down. */
  onPageSize: (rows: number) => void;
}

/**
 * The accounts, grouped. Long lists are windowed: only rows near the viewport are in the page, laid out
 * at their computed offsets inside a spacer of the full height, so scrolling 1,000 accounts stays cheap.
 */
export function AccountList({ list, codes, clockOffset, selectedId, copiedId, reveal, actions, onPageSize }: AccountListProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ top: 0, height: 800 });
  const pendingFocus = useRef<string | null>(null);
  const frame = useRef(0);

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => {
      setView({ top: el.scrollTop, height: el.clientHeight });
      onPageSize(Math.max(1, Math.floor(el.clientHeight / ROW_HEIGHT) - 1));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [onPageSize]);

  const onScroll = () => {
    cancelAnimationFrame(frame.current);
    frame.current = requestAnimationFrame(() => {
      const el = scroller.current;
      if (el) setView({ top: el.scrollTop, height: el.clientHeight });
    });
  };

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!reveal || !el) return;
    const index = list.items.findIndex((item) => item.kind === 'account' && item.account.id === reveal.id);
    if (index < 0) return;
    let top = list.offsets[index] ?? 0;
    const bottom = list.offsets[index + 1] ?? top;
    // Keep a group's header in view together with its first account.
    if (list.items[index - 1]?.kind === 'header') top -= HEADER_HEIGHT;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (bottom > el.scrollTop + el.clientHeight) el.scrollTop = bottom - el.clientHeight;
    setView({ top: el.scrollTop, height: el.clientHeight });
    pendingFocus.current = reveal.focus ? reveal.id : null;
  }, [reveal, list]);

  // After the render that put the row in the page, move focus onto it.
  useEffect(() => {
    const id = pendingFocus.current;
    if (!id || !scroller.current) return;
    const row = scroller.current.querySelector<HTMLElement>(`[data-account-id="${CSS.escape(id)}"]`);
    if (row) {
      pendingFocus.current = null;
      row.focus({ preventScroll: true });
    }
  });

  const { start, end } = visibleRange(list.offsets, view.top, view.height);
  const windowed = end - start < list.items.length;
  const total = list.offsets[list.offsets.length - 1] ?? 0;
  const tabStop = tabStopFor(list.items, list.offsets, start, end, selectedId, view.top);
  const at = (index: number) => (windowed ? list.offsets[index] : undefined);

  return (
    <div className="list-scroller" ref={scroller} onScroll={onScroll}>
      <div className={`list${windowed ? ' list--windowed' : ''}`} style={windowed ? { height: total } : undefined}>
        {sectionsOf(list.items, start, end).map((section) => (
          <div key={section.key} className="list-section">
            {section.header && <GroupHeader group={section.header.item.group} count={section.header.item.count} top={at(section.header.index)} />}
            {/* Named "… accounts" so every group's list, like the ungrouped one, answers to "Accounts". */}
            <div role="list" aria-label={section.group === null ? 'Accounts' : `${section.group} accounts`}>
              {section.rows.map(({ item, index }) => (
                <AccountRow
                  key={item.key}
                  account={item.account}
                  code={codes.get(item.account.id)}
                  clockOffset={clockOffset}
                  selected={item.account.id === selectedId}
                  tabStop={item.account.id === tabStop}
                  copied={item.account.id === copiedId}
                  top={at(index)}
                  setPosition={windowed ? { position: item.position, size: item.setSize } : undefined}
                  actions={actions}
                />
              ))}
            </div>
          </div>
        ))}
      </div>
    </div>
  );
}

function GroupHeader({ group, count, top }: { group: string; count: number; top: number | undefined }) {
  return (
    <div className="group-header" style={top === undefined ? { height: HEADER_HEIGHT } : { height: HEADER_HEIGHT, transform: `translateY(${top}px)` }}>
      <h2 className="group-header__title">{group}</h2>
      {/* The list below already says how many items it has. */}
      <span className="group-header__count" aria-hidden="true">
        {count}
      </span>
    </div>
  );
}
