import { describe, expect, it } from 'vitest';
import { filterAccounts, matchesQuery, searchText } from './searchAccounts.js';

const acme = { issuer: 'Acme Imaging', accountName: 'alice@clinic.org', group: 'Imaging' };
const medicaid = { issuer: 'Médicaid Portal', accountName: 'bob', group: null };
const ur = { issuer: 'UR Review', accountName: 'jchen', group: 'Payers' };
const all = [acme, medicaid, ur];

describe('account search', () => {
  it('matches the issuer ignoring case', () => {
    expect(filterAccounts(all, 'ACME')).toEqual([acme]);
  });
  it('matches the account name', () => {
    expect(filterAccounts(all, 'jchen')).toEqual([ur]);
  });
  it('matches the group', () => {
    expect(filterAccounts(all, 'payers')).toEqual([ur]);
  });
  it('ignores accents in either the query or the account', () => {
    expect(filterAccounts(all, 'medic')).toEqual([medicaid]);
    expect(filterAccounts([{ ...acme, issuer: 'Acme' }], 'ácme')).toHaveLength(1);
  });
  it('needs every word of the query, in any order', () => {
    expect(filterAccounts(all, 'bob medicaid')).toEqual([medicaid]);
    expect(filterAccounts(all, 'bob acme')).toEqual([]);
  });
  it('returns everything, in order, for an empty or blank query', () => {
    expect(filterAccounts(all, '   ')).toEqual(all);
  });
  it('does not match across the boundary between issuer and account', () => {
    expect(matchesQuery(searchText(medicaid), 'portalbob')).toBe(false);
  });
});
