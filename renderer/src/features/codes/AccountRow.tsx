import { memo, useId, useState, type DragEvent } from 'react';
import type { AccountView, CodeView as Code } from '../../../../common/ipc/views.js';
import { Icon } from '../../ui/Icon.js';
import { CodeArea } from './CodeView.js';
import { ROW_HEIGHT } from '../../../../common/codes/displayList.js';
import type { DropPlace } from './reorder.js';

/** What a row can ask for. One stable object for all rows, so memoized rows skip re-rendering. */
export interface RowActions {
  select: (id: string) => void;
  copy: (id: string) => void;
  /** Opens the row's menu (Copy, Edit, Remove) at a point on screen. */
  openMenu: (id: string, at: { x: number; y: number }) => void;
  nextHotp: (id: string) => void;
  dragStart: (id: string) => void;
  dragEnd: () => void;
  drop: (targetId: string, place: DropPlace) => void;
  /** Whether the account being dragged may land next to this one (same group). */
  canDropOn: (targetId: string) => boolean;
}

export interface AccountRowProps {
  account: AccountView;
  code: Code | undefined;
  clockOffset: number;
  selected: boolean;
  /** The one row Tab stops on. */
  tabStop: boolean;
  /** Just copied: the row confirms it briefly. */
  copied: boolean;
  /** Top of the row in px when the list is windowed; undefined for a normal flow layout. */
  top: number | undefined;
  /** Place in its group when the list is windowed, since then only part of the group is in the page. */
  setPosition: { position: number; size: number } | undefined;
  actions: RowActions;
}

const label = (a: AccountView) => a.issuer || a.accountName;

export const AccountRow = memo(function AccountRow({ account, code, clockOffset, selected, tabStop, copied, top, setPosition, actions }: AccountRowProps) {
  const [dropPlace, setDropPlace] = useState<DropPlace | null>(null);
  const nameId = useId();

  const placeFor = (event: DragEvent<HTMLElement>): DropPlace => {
    const box = event.currentTarget.getBoundingClientRect();
    return event.clientY < box.top + box.height / 2 ? 'before' : 'after';
  };

  const className = ['row', selected ? 'row--selected' : '', copied ? 'row--copied' : '', dropPlace ? `row--drop-${dropPlace}` : ''].filter(Boolean).join(' ');

  return (
    <div
      role="listitem"
      className={className}
      data-account-id={account.id}
      aria-current={selected ? 'true' : undefined}
      // Named by issuer and account; without this the tooltip below would be the row's name.
      aria-labelledby={nameId}
      aria-posinset={setPosition?.position}
      aria-setsize={setPosition?.size}
      tabIndex={tabStop ? 0 : -1}
      style={top === undefined ? { height: ROW_HEIGHT } : { height: ROW_HEIGHT, transform: `translateY(${top}px)` }}
      title="Click or press Enter to copy"
      onFocus={() => actions.select(account.id)}
      onClick={() => {
        actions.select(account.id);
        actions.copy(account.id);
      }}
      onContextMenu={(event) => {
        event.preventDefault();
        // The menu, and a dialog opened from it, hand focus back to whatever had it: make that the row.
        event.currentTarget.focus({ preventScroll: true });
        actions.select(account.id);
        actions.openMenu(account.id, { x: event.clientX, y: event.clientY });
      }}
      onDragOver={(event) => {
        if (!actions.canDropOn(account.id)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'move';
        setDropPlace(placeFor(event));
      }}
      onDragLeave={() => setDropPlace(null)}
      onDrop={(event) => {
        event.preventDefault();
        setDropPlace(null);
        actions.drop(account.id, placeFor(event));
      }}
    >
      <span
        className="row__handle"
        draggable
        aria-hidden="true"
        title="Drag to reorder (or Alt+↑ / Alt+↓)"
        onClick={(event) => event.stopPropagation()}
        onDragStart={(event) => {
          event.dataTransfer.effectAllowed = 'move';
          event.dataTransfer.setData('application/x-twofold-account', account.id);
          const row = event.currentTarget.parentElement;
          if (row) event.dataTransfer.setDragImage(row, 24, ROW_HEIGHT / 2);
          actions.dragStart(account.id);
        }}
        onDragEnd={() => actions.dragEnd()}
      >
        <Icon name="grip" size={16} />
      </span>
      <span className="row__meta" id={nameId}>
        <span className="row__issuer">{account.issuer || account.accountName}</span>
        {account.issuer && account.accountName && <span className="row__account">{account.accountName}</span>}
      </span>
      <CodeArea account={account} code={code} clockOffset={clockOffset} onNextHotp={actions.nextHotp} />
      <button
        type="button"
        className="icon-button icon-button--small row__more"
        aria-label={`More actions for ${label(account)}`}
        aria-haspopup="menu"
        title="More actions"
        tabIndex={-1}
        onClick={(event) => {
          event.stopPropagation();
          // Clicking gave this tabindex=-1 button focus; put it on the row, so that closing the menu, or a
          // dialog opened from it, returns focus to the row and not to a button that is hidden again.
          event.currentTarget.closest<HTMLElement>('[role="listitem"]')?.focus({ preventScroll: true });
          const box = event.currentTarget.getBoundingClientRect();
          actions.select(account.id);
          actions.openMenu(account.id, { x: box.right - 180, y: box.bottom + 4 });
        }}
      >
        <Icon name="more" size={18} />
      </button>
      {copied && (
        <span className="row__copied" aria-hidden="true">
          <Icon name="check" size={14} /> Copied
        </span>
      )}
    </div>
  );
});
