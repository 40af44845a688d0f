import { useCallback, useEffect, useLayoutEffect, useMemo, useReducer, useRef, useState } from 'react';
import type { AccountView, Settings } from '../../../../common/ipc/views.js';
import { describeError, subscribe } from '../../api/twofold.js';
import { Menu } from '../../ui/Menu.js';
import { isMac } from '../../ui/platform.js';
import { dismissFirstScreen } from '../../ui/firstScreen.js';
import { StatusBanner } from '../../ui/StatusBanner.js';
import { AddAccountDialog } from '../add-account/AddAccountDialog.js';
import { EditAccountDialog } from '../edit-account/EditAccountDialog.js';
import { SettingsDialog } from '../settings/SettingsDialog.js';
import { useOpenSettings } from '../settings/useOpenSettings.js';
import { AccountList, type RevealRequest } from './AccountList.js';
import type { RowActions } from './AccountRow.js';
import { buildDisplayList } from '../../../../common/codes/displayList.js';
import { EmptyState, NoMatches } from './EmptyState.js';
import { KeyboardHints } from './KeyboardHints.js';
import { moveTo } from './reorder.js';
import { filterAccounts, searchText } from './searchAccounts.js';
import { initialSelection, selectionReducer } from './selection.js';
import { Toolbar } from './Toolbar.js';
import { useAccountActions } from './useAccountActions.js';
import { useCodesKeyboard } from './useCodesKeyboard.js';
import { useVaultData } from './useVaultData.js';
import { useVaultStatus } from './useVaultStatus.js';
import './codes.css';

type OpenDialog = { kind: 'add' } | { kind: 'edit'; account: AccountView } | { kind: 'settings'; saved: Settings } | null;

/** The main window: search, the list of codes, and the add / edit dialogs. */
export function CodesScreen() {
  const vault = useVaultData();
  const { status } = useVaultStatus();
  const accounts = useMemo(() => vault.accounts ?? [], [vault.accounts]);
  const [query, setQuery] = useState('');
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const [selection, dispatch] = useReducer(selectionReducer, initialSelection);
  const [reveal, setReveal] = useState<RevealRequest | null>(null);
  const [pageSize, setPageSize] = useState(6);
  const searchRef = useRef<HTMLInputElement>(null);
  const seq = useRef(0);

  const revealAccount = useCallback((id: string, focus: boolean) => setReveal({ id, focus, seq: ++seq.current }), []);

  const index = useMemo(() => new Map(accounts.map((a) => [a.id, searchText(a)])), [accounts]);
  const full = useMemo(() => buildDisplayList(accounts), [accounts]);
  const shown = useMemo(
    () => (query.trim() ? buildDisplayList(filterAccounts(accounts, query, (a) => index.get(a.id) ?? '')) : full),
    [accounts, query, index, full],
  );

  // An account just added or restored is selected once it is in the list.
  const [pending, setPending] = useState<{ id: string; focus: boolean } | null>(null);
  useEffect(() => {
    dispatch({ type: 'sync', ids: shown.ids });
    if (pending && shown.ids.includes(pending.id)) {
      dispatch({ type: 'select', id: pending.id });
      revealAccount(pending.id, pending.focus);
      setPending(null);
    }
  }, [shown.ids, pending, revealAccount]);

  const onRestored = useCallback((id: string) => {
    setQuery('');
    setPending({ id, focus: true });
  }, []);
  const actions = useAccountActions({ accounts, replaceAccounts: vault.replaceAccounts, reload: vault.reload, putCode: vault.putCode, onRestored });

  const groupOf = useCallback((id: string) => accounts.find((a) => a.id === id)?.group ?? null, [accounts]);
  const dragged = useRef<string | null>(null);
  // Rows get one stable object; it reads the latest state through refs.
  const latest = useRef({ accounts, full, groupOf, actions });
  latest.current = { accounts, full, groupOf, actions };

  const editAccount = useCallback((id: string) => {
    const account = latest.current.accounts.find((a) => a.id === id);
    if (account) setDialog({ kind: 'edit', account });
  }, []);
  const [menu, setMenu] = useState<{ id: string; at: { x: number; y: number } } | null>(null);
  const menuAccount = menu ? accounts.find((a) => a.id === menu.id) : undefined;
  // Shift+F10 / the Menu key: under the row's "More actions" button, with focus on the row so that
  // closing the menu (or a dialog opened from it) returns there.
  const openMenuFromKeyboard = useCallback((id: string) => {
    const row = document.querySelector<HTMLElement>(`[data-account-id="${CSS.escape(id)}"]`);
    if (!row) return;
    row.focus({ preventScroll: true });
    const box = (row.querySelector('.row__more') ?? row).getBoundingClientRect();
    setMenu({ id, at: { x: box.right - 180, y: box.bottom + 4 } });
  }, []);

  const rowActions = useMemo<RowActions>(
    () => ({
      select: (id) => dispatch({ type: 'select', id }),
      copy: (id) => void latest.current.actions.copy(id),
      openMenu: (id, at) => setMenu({ id, at }),
      nextHotp: (id) => void latest.current.actions.nextHotp(id),
      dragStart: (id) => (dragged.current = id),
      dragEnd: () => (dragged.current = null),
      canDropOn: (targetId) => dragged.current !== null && latest.current.groupOf(dragged.current) === latest.current.groupOf(targetId),
      drop: (targetId, place) => {
        const id = dragged.current;
        dragged.current = null;
        if (!id || id === targetId) return;
        void latest.current.actions.reorder(moveTo(latest.current.full.ids, id, targetId, place));
        dispatch({ type: 'select', id });
      },
    }),
    [],
  );

  useEffect(() => subscribe('app:focusSearch', () => searchRef.current?.focus()), []);
  // The settings arrive a moment after the click; a dialog opened meanwhile (Ctrl+N) keeps its place.
  const openSettings = useOpenSettings(useCallback((saved: Settings) => setDialog((open) => open ?? { kind: 'settings', saved }), []));

  useCodesKeyboard({
    enabled: dialog === null && menu === null,
    searchRef,
    selection,
    visibleIds: shown.ids,
    fullIds: full.ids,
    pageSize,
    query,
    setQuery,
    dispatch,
    revealAccount,
    groupOf,
    openAdd: () => setDialog({ kind: 'add' }),
    openSettings,
    edit: editAccount,
    openMenu: openMenuFromKeyboard,
    actions,
  });

  const reload = vault.reload;
  const onAdded = useCallback(
    async (added: AccountView[]) => {
      await reload();
      const first = added[0];
      if (!first) return;
      setQuery('');
      setPending({ id: first.id, focus: false });
    },
    [reload],
  );

  const groups = useMemo(() => [...new Set(accounts.flatMap((a) => (a.group ? [a.group] : [])))].sort(), [accounts]);
  const loading = vault.accounts === null;
  const notReady = status && status.state !== 'ready';
  // Before paint, so the host's picture of this screen and the screen itself are never seen together.
  useLayoutEffect(() => {
    if (!loading) dismissFirstScreen();
  }, [loading]);

  return (
    <div className="app">
      <Toolbar
        searchRef={searchRef}
        query={query}
        onQuery={setQuery}
        resultCount={query ? shown.ids.length : null}
        onAdd={() => setDialog({ kind: 'add' })}
        onSettings={openSettings}
      />

      {notReady && <StatusBanner title="Your codes can’t be shown right now">{status.message ?? 'The vault is not available.'}</StatusBanner>}
      {!notReady && vault.error && <StatusBanner title="Couldn’t read your accounts">{describeError(vault.error)}</StatusBanner>}

      <main className="content">
        {loading ? (
          <div className="loading" aria-busy="true">
            Loading your accounts…
          </div>
        ) : accounts.length === 0 ? (
          notReady || vault.error ? null : <EmptyState onAdd={() => setDialog({ kind: 'add' })} />
        ) : shown.ids.length === 0 ? (
          <NoMatches query={query} onClear={() => setQuery('')} />
        ) : (
          <AccountList
            list={shown}
            codes={vault.codes}
            clockOffset={vault.clockOffset}
            selectedId={selection.selectedId}
            copiedId={actions.copiedId}
            reveal={reveal}
            actions={rowActions}
            onPageSize={setPageSize}
          />
        )}
      </main>

      {accounts.length > 0 && <KeyboardHints />}

      {menu && menuAccount && (
        <Menu
          at={menu.at}
          label={`Actions for ${menuAccount.issuer || menuAccount.accountName}`}
          onClose={() => setMenu(null)}
          items={[
            { label: 'Copy code', hint: 'Enter', onSelect: () => void actions.copy(menuAccount.id) },
            { label: 'Edit…', hint: 'F2', onSelect: () => editAccount(menuAccount.id) },
            { label: 'Remove', hint: isMac ? '⌫' : 'Del', danger: true, onSelect: () => void actions.remove(menuAccount.id) },
          ]}
        />
      )}
      {dialog?.kind === 'settings' && <SettingsDialog saved={dialog.saved} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'add' && <AddAccountDialog groups={groups} onClose={() => setDialog(null)} onAdded={onAdded} />}
      {dialog?.kind === 'edit' && (
        <EditAccountDialog
          account={dialog.account}
          groups={groups}
          onClose={() => setDialog(null)}
          onSaved={() => void vault.reload()}
          onRemove={(id) => {
            setDialog(null);
            void actions.remove(id);
          }}
        />
      )}
    </div>
  );
}
