import type { Ref } from 'react';
import { Icon } from '../../ui/Icon.js';
import { modKeyLabel } from '../../ui/platform.js';
import { SearchBox } from './SearchBox.js';

export interface ToolbarProps {
  searchRef: Ref<HTMLInputElement>;
  query: string;
  onQuery: (query: string) => void;
  resultCount: number | null;
  onAdd: () => void;
  onSettings: () => void;
}

/** The header: search, Add account, and the gear for Settings. */
export function Toolbar({ searchRef, query, onQuery, resultCount, onAdd, onSettings }: ToolbarProps) {
  return (
    <header className="toolbar">
      <SearchBox ref={searchRef} value={query} onChange={onQuery} resultCount={resultCount} />
      <button type="button" className="button button--primary" onClick={onAdd} title={`Add account (${modKeyLabel}N)`}>
        <Icon name="plus" /> <span>Add account</span>
      </button>
      {/* The shortcut lives in the tooltip only, so the name a screen reader reads stays "Settings". */}
      <button type="button" className="icon-button toolbar__settings" aria-label="Settings" title={`Settings (${modKeyLabel},)`} onClick={onSettings}>
        <Icon name="settings" size={20} />
      </button>
    </header>
  );
}
