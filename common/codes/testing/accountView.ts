import type { AccountView } from '../../ipc/views.js';

/** An account as the window sees it, for tests: named after `id`, TOTP SHA-1, 6 digits, 30 s, ungrouped. */
export function accountView(id: string, over: Partial<AccountView> = {}): AccountView {
  return {
    id,
    issuer: `Issuer ${id}`,
    accountName: id,
    kind: 'totp',
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    group: null,
    order: 0,
    createdAt: 0,
    updatedAt: 0,
    ...over,
  };
}
