import { buildDisplayList, byListOrder } from '../../../common/codes/displayList.js';
import type { ResponseOf } from '../../../common/ipc/contract.js';
import type { SettingsStore } from '../settings/settingsStore.js';
import { toAccountView } from './accountView.js';
import { codeViews } from './codeViews.js';
import type { VaultPort } from './vaultPort.js';

type Bootstrap = ResponseOf<'app:bootstrap'>;

/**
 * What the browser host draws before the renderer has loaded (main/host/firstScreen.ts): the answer of
 * `app:bootstrap`, with every account (the list's order and group sizes need them all) but the codes of
 * the first `rows` accounts in the order the window lists them only. For 500 accounts that is ~40
 * decryptions and HMACs instead of 500 of each, on the way to the first codes; the full answer follows.
 */
export async function firstScreenData(vault: VaultPort, settings: SettingsStore, now: () => number, rows: number): Promise<Bootstrap> {
  const [status, records] = await Promise.all([vault.status(), vault.list()]);
  const accounts = records.map(toAccountView);
  const byId = new Map(records.map((r) => [r.id, r]));
  const first = buildDisplayList([...accounts].sort(byListOrder)).ids.slice(0, rows);
  const at = now();
  const secrets = status.state === 'ready' ? await vault.secrets(first) : new Map<string, Uint8Array>();
  const shown = first.flatMap((id) => byId.get(id) ?? []);
  return { status, accounts, snapshot: { now: at, codes: codeViews(shown, secrets, at) }, settings: settings.get() };
}
