import { useCallback, useEffect, useRef, useState } from 'react';
import type { AccountView, CodeView } from '../../../../common/ipc/views.js';
import { bootstrapped } from '../../api/bootstrap.js';
import { call, subscribe, type AppErrorView } from '../../api/twofold.js';
import { byListOrder } from '../../../../common/codes/displayList.js';
import { mergeSnapshot, nextBoundary, rollOver, type CodeMap } from './codeSchedule.js';

export interface VaultData {
  /** Null until the first answer. */
  accounts: AccountView[] | null;
  codes: CodeMap;
  /** Main's clock minus ours, so rings count down on the clock that computed the codes. */
  clockOffset: number;
  error: AppErrorView | null;
  /** Re-reads accounts and codes together, so a new account never shows without its code. */
  reload: () => Promise<void>;
  /**
   * Optimistic change (reorder, remove) shown at once. Until `saved` settles, and every other change
   * shown meanwhile has settled too, list answers are not applied (one could predate the save and put
   * the old order back on screen); then the list is read again, which confirms or corrects it.
   */
  replaceAccounts: (next: AccountView[], saved: Promise<unknown>) => void;
  /** Puts one code in place, e.g. the answer of `accounts:nextHotp`. */
  putCode: (code: CodeView) => void;
}

/** How late after a boundary to ask for the new snapshot, so main is surely in the new period. */
const AFTER_BOUNDARY_MS = 40;
/** If a boundary is already past (the clocks disagree), do not ask more often than this. */
const RETRY_MS = 1_000;

/**
 * Accounts and codes. Codes come from `codes:snapshot`: with the accounts on load and on `vault:changed`,
 * alone at the earliest period end (one timer, never a per-second poll) and when the window is shown again.
 */
export function useVaultData(): VaultData {
  const [accounts, setAccounts] = useState<AccountView[] | null>(null);
  const [codes, setCodes] = useState<CodeMap>(() => new Map());
  const [clockOffset, setClockOffset] = useState(0);
  const [error, setError] = useState<AppErrorView | null>(null);
  const listRequest = useRef(0);
  const codesRequest = useRef(0);
  /** Optimistic changes shown and not yet saved. */
  const unsaved = useRef(0);

  const fetchCodes = useCallback(async () => {
    const sentAt = Date.now();
    const result = await call('codes:snapshot', {});
    // Main read its clock somewhere during the round trip: take the middle.
    return { result, offset: result.ok ? Math.round(result.value.now - (sentAt + Date.now()) / 2) : 0 };
  }, []);

  const applyCodes = useCallback((snapshot: readonly CodeView[], offset: number) => {
    setClockOffset(offset);
    setCodes((previous) => mergeSnapshot(previous, snapshot));
  }, []);

  const reload = useCallback(async () => {
    const mine = ++listRequest.current;
    const codesMine = ++codesRequest.current;
    const [list, snapshot] = await Promise.all([call('accounts:list', {}), fetchCodes()]);
    // A newer answer is on its way, or a change on screen is still being saved (its save reads again).
    if (mine !== listRequest.current || unsaved.current > 0) return;
    if (list.ok) {
      setAccounts([...list.value.accounts].sort(byListOrder));
      setError(null);
    } else {
      setAccounts((current) => current ?? []);
      setError(list.error);
    }
    if (snapshot.result.ok && codesMine === codesRequest.current) applyCodes(snapshot.result.value.codes, snapshot.offset);
  }, [fetchCodes, applyCodes]);

  const refreshCodes = useCallback(async () => {
    const mine = ++codesRequest.current;
    const { result, offset } = await fetchCodes();
    if (mine === codesRequest.current && result.ok) applyCodes(result.value.codes, offset);
  }, [fetchCodes, applyCodes]);

  // The first load comes from the bootstrap answer when there is one (one round trip instead of two).
  const firstLoad = useCallback(async () => {
    const mine = ++listRequest.current;
    const codesMine = ++codesRequest.current;
    const boot = await bootstrapped();
    if (!boot) return reload();
    if (mine !== listRequest.current) return;
    setAccounts([...boot.value.accounts].sort(byListOrder));
    setError(null);
    const { snapshot } = boot.value;
    if (codesMine === codesRequest.current) applyCodes(snapshot.codes, Math.round(snapshot.now - (boot.sentAt + boot.receivedAt) / 2));
  }, [reload, applyCodes]);

  useEffect(() => {
    void firstLoad();
    const off = subscribe('vault:changed', () => void reload());
    const onVisible = () => {
      if (document.visibilityState === 'visible') void refreshCodes();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      off();
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [firstLoad, reload, refreshCodes]);

  useEffect(() => {
    const boundary = nextBoundary(codes);
    if (boundary === null) return;
    const wait = boundary - (Date.now() + clockOffset);
    const timer = setTimeout(
      () => {
        setCodes((current) => rollOver(current, Date.now() + clockOffset));
        void refreshCodes();
      },
      wait > 0 ? wait + AFTER_BOUNDARY_MS : RETRY_MS,
    );
    return () => clearTimeout(timer);
  }, [codes, clockOffset, refreshCodes]);

  const replaceAccounts = useCallback(
    (next: AccountView[], saved: Promise<unknown>) => {
      listRequest.current++; // an answer already in flight predates this change
      unsaved.current++;
      setAccounts(next);
      void saved.finally(() => {
        if (--unsaved.current === 0) void reload();
      });
    },
    [reload],
  );

  const putCode = useCallback((code: CodeView) => {
    setCodes((current) => new Map(current).set(code.id, code));
  }, []);

  return { accounts, codes, clockOffset, error, reload, replaceAccounts, putCode };
}
