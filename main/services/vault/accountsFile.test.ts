import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountsFile, type AccountRecord } from './accountsFile.js';

// accounts.json is written through conf and read directly (see readNow): the two must agree.
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'twofold-accounts-file-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const record = (n: number): AccountRecord => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  issuer: `Portal ${n}`,
  accountName: `staff${n}@clinic.example`,
  params: { kind: 'totp', algorithm: 'SHA1', digits: 6, period: 30, counter: 0 },
  group: null,
  order: n,
  createdAt: 1_700_000_000_000,
  updatedAt: 1_700_000_000_000,
  deletedAt: null,
});

describe('accounts.json', () => {
  it('reads back what conf wrote, and reads a later write (not a stale copy)', () => {
    const file = new AccountsFile(dir);
    expect(file.read()).toEqual({ kind: 'ok', accounts: [], exists: false });
    file.write([record(1), record(2)]);
    expect(JSON.parse(readFileSync(file.path, 'utf8'))).toEqual({ version: 1, accounts: [record(1), record(2)] });
    expect(file.read()).toEqual({ kind: 'ok', accounts: [record(1), record(2)], exists: true });
    // Another process (the CLI) writes: a new file, read again.
    new AccountsFile(dir).write([record(3)]);
    expect(file.read()).toMatchObject({ kind: 'ok', accounts: [record(3)] });
  });

  it('takes an empty file for damage, not for a new vault (conf only ever replaces it whole)', () => {
    writeFileSync(path.join(dir, 'accounts.json'), '');
    expect(new AccountsFile(dir).read()).toEqual({ kind: 'corrupt', reason: 'the file is empty' });
  });

  it('says which problem a bad file has: not JSON, not a store, a record out of shape, a newer version', () => {
    const readWith = (text: string) => {
      writeFileSync(path.join(dir, 'accounts.json'), text);
      return new AccountsFile(dir).read();
    };
    expect(readWith('{"version": 1, "accounts": [')).toEqual({ kind: 'corrupt', reason: 'not valid JSON' });
    expect(readWith('[1, 2]')).toEqual({ kind: 'corrupt', reason: 'not a store object' });
    expect(readWith(JSON.stringify({ version: 1, accounts: [{ ...record(1), id: 'x' }] }))).toMatchObject({ kind: 'corrupt' });
    expect(readWith(JSON.stringify({ version: 2, accounts: [] }))).toEqual({ kind: 'newer', version: 2 });
  });
});
