import { useEffect, useRef, type Dispatch, type RefObject } from 'react';
import { isMac, isTextField } from '../../ui/platform.js';
import { commandForKey, type Command } from './keyboard.js';
import { moveByKeyboard } from './reorder.js';
import { selectionReducer, type SelectionAction, type SelectionState } from './selection.js';

export interface CodesKeyboardDeps {
  /** Off while a dialog is open: dialogs handle their own keys. */
  enabled: boolean;
  searchRef: RefObject<HTMLInputElement | null>;
  selection: SelectionState;
  visibleIds: readonly string[];
  fullIds: readonly string[];
  pageSize: number;
  query: string;
  setQuery: (query: string) => void;
  dispatch: Dispatch<SelectionAction>;
  revealAccount: (id: string, focus: boolean) => void;
  groupOf: (id: string) => string | null;
  openAdd: () => void;
  openSettings: () => void;
  edit: (id: string) => void;
  /** Opens the row's menu (Copy, Edit, Remove) under its "More actions" button. */
  openMenu: (id: string) => void;
  actions: {
    copy: (id: string) => Promise<void>;
    remove: (id: string) => Promise<void>;
    reorder: (ids: string[]) => Promise<void>;
    undoLast: () => void;
  };
}

const isControl = (target: EventTarget | null) => target instanceof HTMLButtonElement || target instanceof HTMLAnchorElement;

/** The window-wide keyboard map (see keyboard.ts), wired to the codes screen. */
export function useCodesKeyboard(deps: CodesKeyboardDeps): void {
  const latest = useRef(deps);
  latest.current = deps;

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const d = latest.current;
      if (!d.enabled || event.defaultPrevented || event.isComposing) return;
      const inSearch = event.target === d.searchRef.current;
      // Enter and Space on a focused button press that button, nothing else.
      if (isControl(event.target) && (event.key === 'Enter' || event.key === ' ')) return;
      const command = commandForKey(event, { inSearch, inTextField: !inSearch && isTextField(event.target), isMac, pageSize: d.pageSize });
      if (!command) return;
      if (run(command, d, inSearch)) event.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}

/** Carries out a command; false when it did not apply, so the key keeps its default meaning. */
function run(command: Command, d: CodesKeyboardDeps, inSearch: boolean): boolean {
  // From the search box the selection moves but typing focus stays put.
  const focusRow = !inSearch;
  const selectedId = d.selection.selectedId;
  const target = selectedId ?? (inSearch ? (d.visibleIds[0] ?? null) : null);
  switch (command.type) {
    case 'focusSearch':
      d.searchRef.current?.focus();
      d.searchRef.current?.select();
      return true;
    case 'clearSearch':
      if (d.query) d.setQuery('');
      else if (inSearch) d.searchRef.current?.blur();
      else return false;
      return true;
    case 'add':
      d.openAdd();
      return true;
    case 'settings':
      d.openSettings();
      return true;
    case 'move':
    case 'first':
    case 'last': {
      if (d.visibleIds.length === 0) return false;
      const action: SelectionAction = command.type === 'move' ? { type: 'move', by: command.by } : { type: command.type };
      const id = selectionReducer(d.selection, action).selectedId;
      if (!id) return false;
      d.dispatch({ type: 'select', id });
      d.revealAccount(id, focusRow);
      return true;
    }
    case 'reorder': {
      if (!selectedId) return false;
      const next = moveByKeyboard(d.fullIds, d.visibleIds, selectedId, command.direction, d.groupOf);
      if (next) {
        void d.actions.reorder(next);
        d.revealAccount(selectedId, focusRow);
      }
      return true;
    }
    case 'copy':
      if (!target) return false;
      if (!selectedId) d.dispatch({ type: 'select', id: target });
      void d.actions.copy(target);
      return true;
    case 'edit':
      if (!selectedId) return false;
      d.edit(selectedId);
      return true;
    case 'remove':
      if (!selectedId) return false;
      void d.actions.remove(selectedId);
      return true;
    case 'undo':
      d.actions.undoLast();
      return true;
    case 'menu':
      if (!selectedId) return false;
      d.openMenu(selectedId);
      return true;
  }
}
