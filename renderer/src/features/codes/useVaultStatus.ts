import { useEffect, useState } from 'react';
import type { VaultStatus } from '../../../../common/ipc/views.js';
import { call, subscribe, type AppErrorView } from '../../api/twofold.js';

export type VaultStatusState = { status: VaultStatus | null; error: AppErrorView | null };

/** `vault:status`, re-read when the vault changes, so a fixed keychain makes the banner go away. */
export function useVaultStatus(): VaultStatusState {
  const [state, setState] = useState<VaultStatusState>({ status: null, error: null });
  useEffect(() => {
    let live = true;
    const load = async () => {
      const result = await call('vault:status', {});
      if (!live) return;
      setState(result.ok ? { status: result.value, error: null } : { status: null, error: result.error });
    };
    void load();
    const off = subscribe('vault:changed', () => void load());
    return () => {
      live = false;
      off();
    };
  }, []);
  return state;
}
