import { useCallback, useRef, useState } from 'react';
import type { AccountView, CodeView } from '../../../../common/ipc/views.js';
import { call, describeError } from '../../api/twofold.js';
import { useToasts } from '../../ui/Toasts.js';
import { useCopyToast } from './useCopyToast.js';

/** How long "Removed … — Undo" stays up. */
export const UNDO_MS = 8_000;
const COPIED_FLASH_MS = 1_600;

export interface AccountActionsDeps {
  accounts: AccountView[];
  replaceAccounts: (next: AccountView[], saved: Promise<unknown>) => void;
  reload: () => Promise<void>;
  putCode: (code: CodeView) => void;
  /** After an undo, the restored account is selected and scrolled to. */
  onRestored: (id: string) => void;
}

const nameOf = (a: AccountView) => a.issuer || a.accountName || 'the account';

/** Copy, remove with undo, reorder and HOTP advance: each calls main, then tells the person how it went. */
export function useAccountActions({ accounts, replaceAccounts, reload, putCode, onRestored }: AccountActionsDeps) {
  const toasts = useToasts();
  const announceCopy = useCopyToast();
  const [copiedId, setCopiedId] = useState<string | null>(null);
  const copiedTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const lastUndo = useRef<(() => void) | null>(null);
  const reorders = useRef<Promise<unknown>>(Promise.resolve());
  // Callbacks below stay stable for memoized rows; they read the latest accounts through this ref.
  const latest = useRef(accounts);
  latest.current = accounts;

  const fail = useCallback((error: Parameters<typeof describeError>[0]) => {
    toasts.show({ message: describeError(error), tone: 'error', duration: 8_000 });
  }, [toasts]);

  const copy = useCallback(
    async (id: string) => {
      const result = await call('clipboard:copyCode', { id });
      if (!result.ok) return fail(result.error);
      announceCopy(result.value.clearsInSeconds);
      clearTimeout(copiedTimer.current);
      setCopiedId(id);
      copiedTimer.current = setTimeout(() => setCopiedId(null), COPIED_FLASH_MS);
    },
    [announceCopy, fail],
  );

  const undo = useCallback(
    async (undoToken: string) => {
      lastUndo.current = null;
      const result = await call('accounts:undoRemove', { undoToken });
      if (!result.ok) return fail(result.error);
      await reload();
      onRestored(result.value.account.id);
    },
    [reload, fail, onRestored],
  );

  const remove = useCallback(
    async (id: string) => {
      const before = latest.current;
      const account = before.find((a) => a.id === id);
      if (!account) return;
      const saving = call('accounts:remove', { id });
      replaceAccounts(before.filter((a) => a.id !== id), saving);
      const result = await saving;
      if (!result.ok) {
        await reload();
        return fail(result.error);
      }
      const run = () => void undo(result.value.undoToken);
      lastUndo.current = run;
      toasts.show({ key: 'remove', message: `Removed ${nameOf(account)}`, action: { label: 'Undo', run }, duration: UNDO_MS });
    },
    [replaceAccounts, reload, fail, undo, toasts],
  );

  const reorder = useCallback(
    async (ids: string[]) => {
      const byId = new Map(latest.current.map((a) => [a.id, a]));
      const next = ids.flatMap((id, order) => {
        const a = byId.get(id);
        return a ? [{ ...a, order }] : [];
      });
      // One save at a time, in the order they were made: two moves in quick succession must reach the
      // vault in that order, or the earlier one would be the one kept.
      const saving = reorders.current.then(() => call('accounts:reorder', { ids }));
      reorders.current = saving.catch(() => undefined);
      replaceAccounts(next, saving);
      const result = await saving;
      if (!result.ok) {
        await reload();
        fail(result.error);
      }
    },
    [replaceAccounts, reload, fail],
  );

  const nextHotp = useCallback(
    async (id: string) => {
      const result = await call('accounts:nextHotp', { id });
      if (result.ok) putCode(result.value);
      else fail(result.error);
    },
    [putCode, fail],
  );

  const undoLast = useCallback(() => lastUndo.current?.(), []);

  return { copy, remove, reorder, nextHotp, undoLast, copiedId };
}
