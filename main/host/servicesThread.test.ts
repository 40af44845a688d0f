import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../services/log/logger.js';
import { startServicesThread, type MainThreadSide } from './servicesThread.js';
import type { AppEvent } from '../../common/ipc/api.js';

// The real services thread is exercised end to end by test/e2e (every request of the browser host goes
// through it); these stand-in workers check the main thread's side of the conversation.
const dir = mkdtempSync(path.join(os.tmpdir(), 'twofold-services-thread-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function workerScript(name: string, source: string): URL {
  const file = path.join(dir, `${name}.mjs`);
  writeFileSync(file, `import { parentPort } from 'node:worker_threads';\n${source}`);
  return pathToFileURL(file);
}

const data = { location: { dataDir: dir, keychainService: 'unused' }, profileId: 'default' };

function fakeServer(): MainThreadSide & { events: AppEvent[]; written: string[] } {
  const events: AppEvent[] = [];
  const written: string[] = [];
  return {
    events,
    written,
    emit: (event: AppEvent) => events.push(event),
    clipboard: {
      writeConcealed: async (text: string) => {
        written.push(text);
      },
      clearIfHolds: async (text: string) => written.includes(text),
      acknowledge: () => {},
    },
  };
}

describe('the browser host services thread', () => {
  it('passes requests and answers by id, events and clipboard requests both ways', async () => {
    const url = workerScript(
      'echo',
      `parentPort.on('message', (m) => {
        if (m.kind === 'call') {
          parentPort.postMessage({ kind: 'event', event: 'vault:changed' });
          parentPort.postMessage({ kind: 'clipboard', id: 7, op: 'write', text: '123456' });
          parentPort.once('message', (done) => parentPort.postMessage({ kind: 'result', id: m.id, result: { ok: true, value: { channel: m.channel, body: m.body, clipboard: done } } }));
        }
        if (m.kind === 'shutdown') parentPort.postMessage({ kind: 'stopped' });
      });`,
    );
    const server = fakeServer();
    const thread = startServicesThread(url, data, server, silentLogger);
    const result = await thread.backend.call('vault:status', { x: 1 });
    expect(result).toEqual({ ok: true, value: { channel: 'vault:status', body: { x: 1 }, clipboard: { kind: 'clipboardDone', id: 7, ok: true } } });
    expect(server.events).toEqual(['vault:changed']);
    expect(server.written).toEqual(['123456']);
    await thread.stop(2000);
  });

  it('starts a thread that died again: the request it held gets a plain error, the page reloads, the next request works', async () => {
    const marker = path.join(dir, 'died-once');
    const profile = path.join(dir, 'profiles', 'default');
    const url = workerScript(
      'dies-once',
      `import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
      import { hostname } from 'node:os';
      parentPort.on('message', (m) => {
        if (m.kind === 'shutdown') return parentPort.postMessage({ kind: 'stopped' });
        if (!existsSync(${JSON.stringify(marker)})) {
          writeFileSync(${JSON.stringify(marker)}, '');
          // Dies in the middle of a write: the vault lock names this (still living) process.
          mkdirSync(${JSON.stringify(profile)}, { recursive: true });
          writeFileSync(${JSON.stringify(profile)} + '/vault.lock', JSON.stringify({ pid: process.pid, host: hostname() }));
          writeFileSync(${JSON.stringify(profile)} + '/vault.lock.' + process.pid + '-abcd1234', '');
          process.exit(3);
        }
        parentPort.postMessage({ kind: 'result', id: m.id, result: { ok: true, value: 'fresh thread' } });
      });`,
    );
    const server = fakeServer();
    const thread = startServicesThread(url, data, server, silentLogger);
    expect(await thread.backend.call('vault:status', {})).toMatchObject({ ok: false, error: { code: 'Internal', message: expect.stringMatching(/Nothing saved was lost/) } });
    expect(server.events).toEqual(['vault:changed']);
    // Nobody else would break a lock naming a living process: the host released it before restarting.
    expect(readdirSync(profile).filter((f) => f.startsWith('vault.lock'))).toEqual([]);
    expect(await thread.backend.call('vault:status', {})).toEqual({ ok: true, value: 'fresh thread' });
    await thread.stop(2000);
    expect(await thread.backend.call('vault:status', {})).toMatchObject({ ok: false, error: { message: expect.stringMatching(/start Twofold again/) } });
  });

  it('stops starting a thread that keeps dying, and then says to start Twofold again', async () => {
    const url = workerScript('always-dies', `parentPort.on('message', () => process.exit(3));`);
    const server = fakeServer();
    let gaveUp = 0;
    const thread = startServicesThread(url, data, server, silentLogger, { max: 2, withinMs: 60_000, onGiveUp: () => gaveUp++ });
    for (let i = 0; i < 2; i++) expect(await thread.backend.call('vault:status', {})).toMatchObject({ ok: false, error: { message: expect.stringMatching(/Nothing saved was lost/) } });
    // The third death is one too many: that request already gets the final answer, and the host is told.
    expect(await thread.backend.call('vault:status', {})).toMatchObject({ ok: false, error: { message: expect.stringMatching(/start Twofold again/) } });
    expect(server.events).toEqual(['vault:changed', 'vault:changed']);
    expect(gaveUp).toBe(1);
    expect(await thread.backend.call('vault:status', {})).toMatchObject({ ok: false, error: { code: 'Internal', message: expect.stringMatching(/start Twofold again/) } });
    await thread.stop(1000);
  });

  it('lets every caller of stop wait for the same orderly stop', async () => {
    const url = workerScript('slow-stop', `parentPort.on('message', (m) => { if (m.kind === 'shutdown') setTimeout(() => parentPort.postMessage({ kind: 'stopped' }), 200); });`);
    const thread = startServicesThread(url, data, fakeServer(), silentLogger);
    const t0 = performance.now();
    const first = thread.stop(5000);
    const second = thread.stop(5000);
    expect(second).toBe(first);
    await second;
    expect(performance.now() - t0).toBeGreaterThanOrEqual(150);
  });

  it('validates the page’s clipboard answers before passing them on', async () => {
    const url = workerScript('idle', `parentPort.on('message', (m) => { if (m.kind === 'shutdown') parentPort.postMessage({ kind: 'stopped' }); });`);
    const thread = startServicesThread(url, data, fakeServer(), silentLogger);
    expect(await thread.backend.clipboardAck({ id: '5b6f0b0e-8a43-4d59-9a55-3f0d0c1a2b3c', ok: true })).toBe(true);
    expect(await thread.backend.clipboardAck({ id: 'not-a-uuid', ok: true })).toBe(false);
    expect(await thread.backend.clipboardAck({ id: '5b6f0b0e-8a43-4d59-9a55-3f0d0c1a2b3c', ok: true, extra: 1 })).toBe(false);
    await thread.stop(2000);
  });
});
