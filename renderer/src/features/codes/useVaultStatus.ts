import { useEffect, useState } from 'react';
import type { VaultStatus } from '../../../../common/ipc/views.js';
import { bootstrapped } from '../../api/bootstrap.js';
import { call, subscribe, type AppErrorView } from '../../api/twofold.js';

export type VaultStatusState = { status: VaultStatus | null; error: AppErrorView | null };

/** `vault:status`, re-read when the vault changes, so a fixed keychain makes the banner go away. */
export function useVaultStatus(): VaultStatusState {
  const [state, setState] = useState<VaultStatusState>({ status: null, error: null });
  useEffect(() => {
    let live = true;
    // Only the newest read may land: a change can overtake the first one.
    let latest = 0;
    const load = async () => {
      const mine = ++latest;
      const result = await call('vault:status', {});
      if (!live || mine !== latest) return;
      setState(result.ok ? { status: result.value, error: null } : { status: null, error: result.error });
    };
    // First from the bootstrap answer; from its own channel when that failed, and after every change.
    const first = ++latest;
    void bootstrapped().then((boot) => {
      if (!live || first !== latest) return;
      if (boot) setState({ status: boot.value.status, error: null });
      else void load();
    });
    const off = subscribe('vault:changed', () => void load());
    return () => {
      live = false;
      off();
    };
  }, []);
  return state;
}
