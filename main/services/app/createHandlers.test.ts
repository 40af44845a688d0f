import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppEvent, Channel } from '../../../common/ipc/contract.js';
import { ClipboardGuard } from '../clipboard/clipboardGuard.js';
import { dispatch, type Handlers } from '../ipc/dispatch.js';
import { memoryKeychain } from '../keychain/memoryKeychain.js';
import { silentLogger, type Logger } from '../log/logger.js';
import { generateCode } from '../otp/otpEngine.js';
import { decodeBase32Secret } from '../../../common/otp/base32.js';
import { memorySettingsStore } from '../settings/settingsStore.js';
import { openVault } from '../vault/openVault.js';
import type { Vault } from '../vault/vaultTypes.js';
import { createHandlers } from './createHandlers.js';

const KEY = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const NOW = 1_800_000_000_000;

describe('the handlers behind every channel (real vault files, in-memory keychain)', () => {
  let dir: string;
  let vault: Vault;
  let handlers: Handlers;
  let events: AppEvent[];
  let clipboard: string;
  const call = <C extends Channel>(channel: C, payload: unknown) => dispatch(handlers, channel, payload, silentLogger);
  const value = async <C extends Channel>(channel: C, payload: unknown) => {
    const r = await call(channel, payload);
    if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
    return r.value as never;
  };

  beforeEach(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'twofold-handlers-'));
    vault = await openVault({ dataDir: dir, keychain: memoryKeychain(), keychainService: 'test' });
    events = [];
    clipboard = '';
    const guard = new ClipboardGuard({
      writeConcealed: async (t) => void (clipboard = t),
      clearIfHolds: async (t) => (clipboard === t ? ((clipboard = ''), true) : false),
    });
    handlers = createHandlers({ vault, settings: memorySettingsStore(), clipboard: guard, now: () => NOW, emit: (e) => events.push(e) });
  });
  afterEach(async () => {
    await vault.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('adds from a link, tells the renderer, and serves codes that match the engine', async () => {
    const { added } = await value('accounts:addFromLink', { link: `otpauth://totp/Acme:alice?secret=${KEY}` });
    expect(events).toContain('vault:changed');
    const { codes } = await value('codes:snapshot', {});
    const expected = generateCode({ kind: 'totp', algorithm: 'SHA1', digits: 6, period: 30, counter: 0 }, decodeBase32Secret(KEY), NOW);
    expect(codes).toEqual([{ id: (added as { id: string }[])[0]!.id, current: expected, next: expect.any(String), periodStart: 1_800_000_000_000, periodEnd: 1_800_000_030_000 }]);
  });

  it('answers app:bootstrap with what the four start-up channels would', async () => {
    await value('accounts:addFromLink', { link: `otpauth://totp/Acme:alice?secret=${KEY}` });
    const boot = (await value('app:bootstrap', {})) as { status: unknown; accounts: unknown; snapshot: unknown; settings: unknown };
    expect(boot.status).toEqual(await value('vault:status', {}));
    expect(boot.accounts).toEqual(((await value('accounts:list', {})) as { accounts: unknown }).accounts);
    expect(boot.snapshot).toEqual(await value('codes:snapshot', {}));
    expect(boot.settings).toEqual(await value('settings:get', {}));
  });

  it('never puts a secret in any response', async () => {
    await value('accounts:addFromLink', { link: `otpauth://totp/Acme:alice?secret=${KEY}` });
    const everything = JSON.stringify([await call('accounts:list', {}), await call('codes:snapshot', {}), await call('vault:status', {})]);
    expect(everything).not.toContain(KEY);
    expect(everything).not.toMatch(/secret/i);
  });

  it('answers a typed key with the field that is wrong', async () => {
    const bad = await call('accounts:addManual', { issuer: 'Acme', accountName: 'a', secret: 'JBSWY3DPEHPK3PX0', kind: 'totp', algorithm: 'SHA1', digits: 6, period: 30 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'InvalidSecret', field: 'secret' } });
    const digits = await call('accounts:addManual', { issuer: 'Acme', accountName: 'a', secret: KEY, kind: 'totp', algorithm: 'SHA1', digits: 9, period: 30 });
    expect(digits).toMatchObject({ ok: false, error: { code: 'InvalidInput', field: 'digits' } });
    const nameless = await call('accounts:addManual', { issuer: ' ', accountName: '', secret: KEY, kind: 'totp', algorithm: 'SHA1', digits: 6, period: 30 });
    expect(nameless).toMatchObject({ ok: false, error: { field: 'issuer' } });
  });

  it('edits, removes with undo and reorders', async () => {
    const a = (await value('accounts:addManual', { issuer: 'A', accountName: 'x', secret: KEY, kind: 'totp', algorithm: 'SHA1', digits: 6, period: 30 }) as { added: { id: string } }).added;
    const b = (await value('accounts:addManual', { issuer: 'B', accountName: 'y', secret: KEY, kind: 'totp', algorithm: 'SHA256', digits: 8, period: 60 }) as { added: { id: string } }).added;
    await value('accounts:update', { id: a.id, issuer: '  Acme  ', group: 'Imaging' });
    const { undoToken } = await value('accounts:remove', { id: b.id }) as { undoToken: string };
    expect(((await value('accounts:list', {})) as { accounts: unknown[] }).accounts).toHaveLength(1);
    await value('accounts:undoRemove', { undoToken });
    await value('accounts:reorder', { ids: [b.id, a.id] });
    const { accounts } = (await value('accounts:list', {})) as { accounts: { id: string; issuer: string; group: string | null }[] };
    expect(accounts.map((x) => [x.id, x.issuer, x.group])).toEqual([
      [b.id, 'B', null],
      [a.id, 'Acme', 'Imaging'],
    ]);
  });

  it('moves an HOTP account to its next counter', async () => {
    const { added } = (await value('accounts:addFromLink', { link: `otpauth://hotp/Lab:bob?secret=${KEY}&counter=0` })) as { added: { id: string }[] };
    const id = added[0]!.id;
    expect(((await value('codes:snapshot', {})) as { codes: { current: string }[] }).codes[0]!.current).toBe('755224');
    expect(await value('accounts:nextHotp', { id })).toMatchObject({ current: '287082', next: null });
    expect(((await value('codes:snapshot', {})) as { codes: { current: string }[] }).codes[0]!.current).toBe('287082');
  });

  it('copies the current code through the clipboard guard with the configured delay', async () => {
    const { added } = (await value('accounts:addFromLink', { link: `otpauth://totp/Acme:alice?secret=${KEY}` })) as { added: { id: string }[] };
    expect(await value('clipboard:copyCode', { id: added[0]!.id })).toEqual({ clearsInSeconds: 30 });
    expect(clipboard).toBe(generateCode({ kind: 'totp', algorithm: 'SHA1', digits: 6, period: 30, counter: 0 }, decodeBase32Secret(KEY), NOW));
  });

  it('says plainly when an account is gone', async () => {
    expect(await call('clipboard:copyCode', { id: 'nope' })).toMatchObject({ ok: false, error: { code: 'NotFound' } });
  });
});

describe('dispatch', () => {
  const handlers = { 'vault:status': async () => { throw new TypeError('boom with key JBSWY3DPEHPK3PXP'); } } as unknown as Handlers;

  it('refuses unknown channels and malformed payloads with typed errors', async () => {
    expect(await dispatch(handlers, 'nope', {}, silentLogger)).toMatchObject({ ok: false, error: { code: 'InvalidInput' } });
    expect(await dispatch(handlers, 'accounts:remove', { id: 5 }, silentLogger)).toMatchObject({ ok: false, error: { code: 'InvalidInput', field: 'id' } });
    expect(await dispatch(handlers, 'accounts:list', { extra: 1 }, silentLogger)).toMatchObject({ ok: false, error: { message: expect.stringContaining('“extra”') } });
  });

  it('turns an unexpected failure into a reference id and logs no message or payload', async () => {
    const lines: string[] = [];
    const log: Logger = { ...silentLogger, error: (m, f) => void lines.push(`${m} ${JSON.stringify(f)}`) };
    const r = await dispatch(handlers, 'vault:status', {}, log);
    expect(r).toMatchObject({ ok: false, error: { code: 'Internal', ref: expect.any(String) } });
    expect(lines.join('\n')).toContain(r.ok ? '' : r.error.ref!);
    expect(lines.join('\n')).not.toContain('JBSWY3DPEHPK3PXP');
    expect(JSON.stringify(r)).not.toContain('JBSWY3DPEHPK3PXP');
  });
});
