import { describe, expect, it } from 'vitest';
import { ClipboardGuard, type ClipboardPort, type Timers } from './clipboardGuard.js';

function fakeClipboard() {
  const state = { text: '' };
  const port: ClipboardPort = {
    writeConcealed: async (t) => void (state.text = t),
    clearIfHolds: async (t) => (state.text === t ? ((state.text = ''), true) : false),
  };
  return { state, port };
}

function manualTimers() {
  const queue: { fn: () => void; ms: number; cancelled: boolean }[] = [];
  const timers: Timers = {
    setTimeout: (fn, ms) => {
      const entry = { fn, ms, cancelled: false };
      queue.push(entry);
      return entry;
    },
    clearTimeout: (h) => void ((h as { cancelled: boolean }).cancelled = true),
  };
  const runAll = async () => {
    for (const e of queue.splice(0)) if (!e.cancelled) e.fn();
    await new Promise((r) => setImmediate(r));
  };
  return { timers, queue, runAll };
}

describe('ClipboardGuard', () => {
  it('clears the clipboard after the delay when it still holds our code', async () => {
    const { state, port } = fakeClipboard();
    const t = manualTimers();
    let cleared = 0;
    const guard = new ClipboardGuard(port, () => cleared++, t.timers);
    expect(await guard.copy('123456', 30)).toEqual({ clearsInSeconds: 30 });
    expect(state.text).toBe('123456');
    expect(t.queue[0]?.ms).toBe(30_000);
    await t.runAll();
    expect(state.text).toBe('');
    expect(cleared).toBe(1);
  });

  it('leaves the clipboard alone when the user copied something else meanwhile', async () => {
    const { state, port } = fakeClipboard();
    const t = manualTimers();
    const guard = new ClipboardGuard(port, () => {}, t.timers);
    await guard.copy('123456', 30);
    state.text = 'a note the user copied';
    await t.runAll();
    expect(state.text).toBe('a note the user copied');
  });

  it('never schedules a clear when clearing is turned off', async () => {
    const { state, port } = fakeClipboard();
    const t = manualTimers();
    const guard = new ClipboardGuard(port, () => {}, t.timers);
    expect(await guard.copy('123456', 0)).toEqual({ clearsInSeconds: null });
    expect(t.queue).toHaveLength(0);
    expect(state.text).toBe('123456');
  });

  it('flush clears a pending code at once', async () => {
    const { state, port } = fakeClipboard();
    const t = manualTimers();
    const guard = new ClipboardGuard(port, () => {}, t.timers);
    await guard.copy('111111', 30);
    await guard.copy('222222', 30);
    expect(t.queue[0]?.cancelled).toBe(true);
    await guard.flush();
    expect(state.text).toBe('');
  });
});
