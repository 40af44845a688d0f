import type { AccountRecord } from '../main/services/app/vaultPort.js';

/**
 * Accounts whose issuer, account name or "issuer:account" contain the query (case-insensitive).
 * An exact match wins over partial ones, so `twofold code acme` still works beside "Acme Labs".
 */
export function matchAccounts(accounts: AccountRecord[], query: string): AccountRecord[] {
  const q = query.trim().toLowerCase();
  const label = (a: AccountRecord) => [a.issuer, a.accountName, `${a.issuer}:${a.accountName}`].map((s) => s.toLowerCase());
  const exact = accounts.filter((a) => label(a).includes(q));
  if (exact.length > 0) return exact;
  return accounts.filter((a) => label(a).some((s) => s.includes(q)));
}

export function describeAccount(a: AccountRecord): string {
  if (a.issuer && a.accountName) return `${a.issuer} (${a.accountName})`;
  return a.issuer || a.accountName;
}
