import { AppError } from '../../../common/errors.js';
import type { AppEvent } from '../../../common/ipc/contract.js';
import type { ClipboardGuard } from '../clipboard/clipboardGuard.js';
import type { Handlers } from '../ipc/dispatch.js';
import { codeWindow } from '../otp/codeWindow.js';
import { parseAccountLink } from '../otpauth/parseAnyLink.js';
import type { SettingsStore } from '../settings/settingsStore.js';
import { toAccountView } from './accountView.js';
import { codeViews } from './codeViews.js';
import { manualDraft } from './manualDraft.js';
import type { VaultPort } from './vaultPort.js';

export interface AppDeps {
  vault: VaultPort;
  settings: SettingsStore;
  clipboard: ClipboardGuard;
  now: () => number;
  emit: (event: AppEvent) => void;
}

/** The main process's answer to every channel of the contract, free of Electron and of HTTP. */
export function createHandlers({ vault, settings, clipboard, now, emit }: AppDeps): Handlers {
  const changed = <T>(value: T): T => {
    emit('vault:changed');
    return value;
  };

  const findLive = async (id: string) => {
    const account = (await vault.list()).find((a) => a.id === id);
    if (!account) throw new AppError('NotFound', 'That account is no longer in Twofold. It may have been removed.');
    return account;
  };

  const secretOf = async (id: string) => {
    const secret = (await vault.secrets()).get(id);
    if (!secret) throw new AppError('NotFound', 'The key for this account is missing. Remove the account and add it again.');
    return secret;
  };

  const handlers: Handlers = {
    'app:bootstrap': async () => {
      const [status, list, snapshot] = await Promise.all([handlers['vault:status']({}), handlers['accounts:list']({}), handlers['codes:snapshot']({})]);
      return { status, accounts: list.accounts, snapshot, settings: settings.get() };
    },

    'vault:status': () => vault.status(),

    'accounts:list': async () => ({ accounts: (await vault.list()).map(toAccountView) }),

    'codes:snapshot': async ({ ids }) => {
      const at = now();
      const wanted = ids ? new Set(ids) : null;
      const [accounts, secrets] = await Promise.all([vault.list(), vault.secrets()]);
      return { now: at, codes: codeViews(wanted ? accounts.filter((a) => wanted.has(a.id)) : accounts, secrets, at) };
    },

    'accounts:addFromLink': async ({ link, group }) => {
      const { accounts, batch } = await parseAccountLink(link);
      const added = await vault.add(accounts, { group: group ?? null });
      return changed({
        added: added.map(toAccountView),
        batch: batch && batch.size > 1 ? { part: batch.index + 1, of: batch.size } : null,
      });
    },

    'accounts:addManual': async (form) => {
      const [added] = await vault.add([manualDraft(form)], { group: form.group ?? null });
      if (!added) throw new AppError('Internal', 'The account could not be saved.');
      return changed({ added: toAccountView(added) });
    },

    'accounts:update': async ({ id, ...patch }) => {
      if (patch.issuer !== undefined && patch.accountName !== undefined && !patch.issuer.trim() && !patch.accountName.trim()) {
        throw new AppError('InvalidInput', 'An account needs a portal name or a user name.', 'issuer');
      }
      const trimmed = {
        ...(patch.issuer !== undefined ? { issuer: patch.issuer.trim() } : {}),
        ...(patch.accountName !== undefined ? { accountName: patch.accountName.trim() } : {}),
        ...(patch.group !== undefined ? { group: patch.group?.trim() || null } : {}),
      };
      return changed({ account: toAccountView(await vault.update(id, trimmed)) });
    },

    'accounts:remove': async ({ id }) => changed(await vault.remove(id)),

    'accounts:undoRemove': async ({ undoToken }) => changed({ account: toAccountView(await vault.undoRemove(undoToken)) }),

    'accounts:reorder': async ({ ids }) => {
      await vault.reorder(ids);
      return changed({});
    },

    'accounts:nextHotp': async ({ id }) => {
      const account = await findLive(id);
      if (account.params.kind !== 'hotp') throw new AppError('InvalidInput', 'Only counter-based (HOTP) accounts have a “next code”.');
      const updated = await vault.setCounter(id, account.params.counter + 1);
      const secret = await secretOf(id);
      return changed({ id, ...codeWindow(updated.params, secret, now()) });
    },

    'clipboard:copyCode': async ({ id }) => {
      const account = await findLive(id);
      const { current } = codeWindow(account.params, await secretOf(id), now());
      return clipboard.copy(current, settings.get().clipboardClearSeconds);
    },

    'settings:get': async () => settings.get(),
    'settings:update': async (patch) => settings.update(patch),
  };
  return handlers;
}
