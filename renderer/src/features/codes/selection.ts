/** Which account is selected, kept valid as the list changes under it (search, add, remove). */
export interface SelectionState {
  ids: readonly string[];
  selectedId: string | null;
  /** Where the selection last was, so removing the selected account selects its neighbour. */
  index: number;
}

export type SelectionAction =
  | { type: 'move'; by: number }
  | { type: 'first' }
  | { type: 'last' }
  | { type: 'select'; id: string | null }
  | { type: 'sync'; ids: readonly string[] };

export const initialSelection: SelectionState = { ids: [], selectedId: null, index: -1 };

const at = (ids: readonly string[], index: number) => {
  if (ids.length === 0) return { selectedId: null, index: -1 };
  const clamped = Math.min(ids.length - 1, Math.max(0, index));
  return { selectedId: ids[clamped] ?? null, index: clamped };
};

export function selectionReducer(state: SelectionState, action: SelectionAction): SelectionState {
  switch (action.type) {
    case 'move': {
      // With nothing selected, ↓ starts at the top and ↑ at the bottom.
      if (state.selectedId === null) return { ...state, ...at(state.ids, action.by > 0 ? 0 : state.ids.length - 1) };
      return { ...state, ...at(state.ids, state.index + action.by) };
    }
    case 'first':
      return { ...state, ...at(state.ids, 0) };
    case 'last':
      return { ...state, ...at(state.ids, state.ids.length - 1) };
    case 'select': {
      const index = action.id === null ? -1 : state.ids.indexOf(action.id);
      return index < 0 ? { ...state, selectedId: null, index: -1 } : { ...state, selectedId: action.id, index };
    }
    case 'sync': {
      if (state.selectedId === null) return { ids: action.ids, selectedId: null, index: -1 };
      const index = action.ids.indexOf(state.selectedId);
      if (index >= 0) return { ids: action.ids, selectedId: state.selectedId, index };
      // The selected account went away (removed, or filtered out): take whatever now sits where it was.
      return { ids: action.ids, ...at(action.ids, state.index) };
    }
  }
}
