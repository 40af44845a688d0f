import type { AccountView } from '../../../common/ipc/views.js';
import type { AccountRecord } from './vaultPort.js';

/** The renderer's picture of an account: every field spelled out so nothing else can slip through. */
export function toAccountView(r: AccountRecord): AccountView {
  return {
    id: r.id,
    issuer: r.issuer,
    accountName: r.accountName,
    kind: r.params.kind,
    algorithm: r.params.algorithm,
    digits: r.params.digits,
    period: r.params.period,
    group: r.group,
    order: r.order,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}
