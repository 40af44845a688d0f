import type { AccountView } from '../../../../common/ipc/views.js';

/** Lower case without accents, so "medic" finds "Médicaid" and "ACME" finds "Acme". */
export function normalizeForSearch(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

export type Searchable = Pick<AccountView, 'issuer' | 'accountName' | 'group'>;

/** The text a query is matched against: issuer, account name and group. */
export function searchText(account: Searchable): string {
  return normalizeForSearch([account.issuer, account.accountName, account.group ?? ''].join('\n'));
}

/**
 * Every word of the query must appear somewhere (issuer, account or group), in any order:
 * "medicaid bob" finds Medicaid Portal / bob. An empty query matches everything.
 */
export function matchesQuery(haystack: string, query: string): boolean {
  const words = normalizeForSearch(query).split(/\s+/).filter(Boolean);
  return words.every((word) => haystack.includes(word));
}

/** The accounts that match, in their original order. */
export function filterAccounts<T extends Searchable>(accounts: readonly T[], query: string, index: (a: T) => string = searchText): T[] {
  if (!query.trim()) return [...accounts];
  return accounts.filter((a) => matchesQuery(index(a), query));
}
