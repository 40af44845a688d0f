import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, type AppEvent, type Channel } from '../../../common/ipc/contract.js';
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

  it('never puts a key in any answer, on any channel, in any encoding, and answers exactly what the contract declares', async () => {
    // Every kind of account, so every path that reads a key runs; one typed by hand, so its key was in a request.
    const keys = [KEY, 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', 'MFRGGZDFMZTWQ2LKMFRGGZDFMZTWQ2LK', 'ONSWG4TFORSWG4TFONSWG4TFORSWG4TF', 'KRSXG5BAKRSXG5BAKRSXG5BAKRSXG5BA'];
    for (const link of [
      `otpauth://totp/Acme:alice?secret=${keys[0]}`,
      `otpauth://hotp/Lab:bob?secret=${keys[1]}&counter=3`,
      `otpauth://steam/Steam:carol?secret=${keys[2]}`,
      `otpauth://totp/Big:dan?secret=${keys[3]}&algorithm=SHA512&digits=8&period=60`,
    ])
      await value('accounts:addFromLink', { link });
    const typed = { issuer: 'Typed', accountName: 'erin', secret: keys[4]!.toLowerCase(), kind: 'totp', algorithm: 'SHA256', digits: 7, period: 45 };

    // What each handler itself returned, to compare with what left through the contract.
    const raw = new Map<Channel, unknown>();
    const inner = handlers;
    handlers = Object.fromEntries(
      CHANNEL_NAMES.map((c) => [c, async (request: never) => { const v = await (inner[c] as (r: never) => Promise<unknown>)(request); raw.set(c, v); return v; }]),
    ) as unknown as Handlers;

    const ids = async () => ((await value('accounts:list', {})) as { accounts: { id: string }[] }).accounts.map((a) => a.id);
    const hotpId = async () => ((await value('accounts:list', {})) as { accounts: { id: string; kind: string }[] }).accounts.find((a) => a.kind === 'hotp')!.id;
    let undoToken = '';
    // A payload for every channel: a channel added to the contract without one here fails to compile.
    const calls: { [C in Channel]: () => Promise<unknown> } = {
      'app:bootstrap': async () => ({}),
      'vault:status': async () => ({}),
      'accounts:list': async () => ({}),
      'codes:snapshot': async () => ({ ids: await ids() }),
      'accounts:addFromLink': async () => ({ link: `otpauth://totp/More:frank?secret=${keys[0]}` }),
      'accounts:addManual': async () => typed,
      'accounts:update': async () => ({ id: (await ids())[0], issuer: 'Renamed', group: 'Imaging' }),
      'accounts:remove': async () => ({ id: (await ids())[1] }),
      'accounts:undoRemove': async () => ({ undoToken }),
      'accounts:reorder': async () => ({ ids: (await ids()).reverse() }),
      'accounts:nextHotp': async () => ({ id: await hotpId() }),
      'clipboard:copyCode': async () => ({ id: (await ids())[0] }),
      'settings:get': async () => ({}),
      'settings:update': async () => ({ clipboardClearSeconds: 45 }),
    };
    const forms = keys.flatMap((k) => {
      const bytes = Buffer.from(decodeBase32Secret(k));
      return [k, k.toLowerCase(), bytes.toString('hex'), bytes.toString('base64').replace(/=+$/, ''), bytes.toString('base64url'), bytes.toString('latin1')];
    });
    for (const channel of CHANNEL_NAMES) {
      const answer = await call(channel, await calls[channel]());
      expect(answer.ok, `${channel}: ${JSON.stringify(answer)}`).toBe(true);
      if (!answer.ok) continue;
      if (channel === 'accounts:remove') undoToken = (answer.value as { undoToken: string }).undoToken;
      const text = JSON.stringify(answer.value);
      for (const form of forms) expect(text, `${channel} carries a key`).not.toContain(form);
      expect(text, channel).not.toMatch(/secret/i);
      expect(containsBytes(answer.value), `${channel} carries raw bytes`).toBe(false);
      // Nothing was dropped on the way out: the handlers answer the contract, no more.
      expect(answer.value, channel).toEqual(raw.get(channel));
    }
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

  it('sends an answer as its schema reads it: an undeclared field stays behind, a wrong shape is an internal error', async () => {
    const status = { state: 'ready', message: null, accountCount: 1, profileId: 'default' };
    const leaky = {
      'vault:status': async () => ({ ...status, secret: 'JBSWY3DPEHPK3PXP' }),
      'settings:get': async () => ({ theme: 'dark' }),
    } as unknown as Handlers;
    expect(await dispatch(leaky, 'vault:status', {}, silentLogger)).toEqual({ ok: true, value: status });
    const lines: string[] = [];
    const r = await dispatch(leaky, 'settings:get', {}, { ...silentLogger, error: (m) => void lines.push(m) });
    expect(r).toMatchObject({ ok: false, error: { code: 'Internal', ref: expect.any(String) } });
    expect(lines).toEqual(['unexpected failure on settings:get']);
  });
});

/** True when a value holds binary data anywhere (a key would travel as a Buffer or typed array). */
function containsBytes(value: unknown): boolean {
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return true;
  if (Array.isArray(value)) return value.some(containsBytes);
  if (value && typeof value === 'object') return Object.values(value).some(containsBytes);
  return false;
}
