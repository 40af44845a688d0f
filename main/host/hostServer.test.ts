import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dispatch, type Handlers } from '../services/ipc/dispatch.js';
import { silentLogger } from '../services/log/logger.js';
import { FIRST_SCREEN_ITEMS } from './firstScreen.js';
import { createHostServer, type HostServer } from './hostServer.js';

const TOKEN = 'a'.repeat(48);

function call(port: number, opts: { path: string; method?: string; headers?: Record<string, string>; body?: string }) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: opts.path, method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

describe('the browser host’s HTTP surface', () => {
  let host: HostServer;
  let port: number;

  beforeAll(async () => {
    // A renderer folder with a file beside it (not inside) that must never be served.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'twofold-host-'));
    const rendererDir = path.join(dir, 'renderer');
    mkdirSync(rendererDir);
    writeFileSync(
      path.join(rendererDir, 'index.html'),
      '<!doctype html><html><head><script type="module" src="./app.js"></script><script type="module" crossorigin src="./assets/index-C7Zg2TFa.js"></script><link rel="stylesheet" href="./assets/index-Ab12Cd34.css" /></head><body></body></html>',
    );
    writeFileSync(path.join(rendererDir, 'app.js'), '/* app */');
    mkdirSync(path.join(rendererDir, 'assets'));
    writeFileSync(path.join(rendererDir, 'assets', 'index-C7Zg2TFa.js'), '/* built */');
    writeFileSync(path.join(rendererDir, 'assets', 'some-component.js'), '/* not content-named */');
    writeFileSync(path.join(rendererDir, 'assets', 'index-Ab12Cd34.css'), 'body{}');
    mkdirSync(path.join(rendererDir, 'assets', 'deeper'));
    writeFileSync(path.join(rendererDir, 'assets', 'deeper', 'index-C7Zg2TFa.js'), '/* nested */');
    writeFileSync(path.join(dir, 'secret-neighbour.txt'), 'outside');
    writeFileSync(path.join(dir, 'bridge.js'), '/* bridge */');
    host = createHostServer({ rendererDir, bridgeFile: path.join(dir, 'bridge.js'), token: TOKEN, log: silentLogger });
    const handlers = { 'vault:status': async () => ({ state: 'ready', message: null, accountCount: 0, profileId: 'default' }) } as unknown as Handlers;
    host.attach({ call: (channel, body) => dispatch(handlers, channel, body, silentLogger), clipboardAck: () => true });
    await new Promise<void>((r) => host.server.listen(0, '127.0.0.1', r));
    port = (host.server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => host.server.close(() => r())));

  const ipc = (headers: Record<string, string>) => call(port, { path: '/__twofold/ipc/vault:status', method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' });

  it('answers the page that carries the per-run token', async () => {
    const r = await ipc({ 'x-twofold-token': TOKEN });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ ok: true, value: { state: 'ready' } });
  });

  it('refuses API calls without the token', async () => {
    expect((await ipc({})).status).toBe(403);
    expect((await ipc({ 'x-twofold-token': 'b'.repeat(48) })).status).toBe(403);
    expect((await call(port, { path: '/__twofold/events' })).status).toBe(403);
  });

  it('refuses requests for another host name (DNS rebinding)', async () => {
    expect((await ipc({ 'x-twofold-token': TOKEN, host: 'evil.example:80' })).status).toBe(421);
  });

  it('injects the token and the bridge before the renderer’s first script', async () => {
    const r = await call(port, { path: '/' });
    expect(r.body.indexOf('./bridge.js')).toBeGreaterThan(-1);
    expect(r.body.indexOf('./bridge.js')).toBeLessThan(r.body.indexOf('./app.js'));
    // Deferred: it still runs before the (module) app script, and does not hold up parsing.
    expect(r.body).toContain('<script src="./bridge.js" defer></script>');
    expect(r.body).toContain(`content="${TOKEN}"`);
  });

  it('sends a strict CSP and no-sniff on every response', async () => {
    const r = await call(port, { path: '/' });
    expect(r.headers['content-security-policy']).toContain("script-src 'self'");
    expect(r.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(r.headers['x-content-type-options']).toBe('nosniff');
  });

  it('names the hash of each of the page’s own scripts and style sheets, so a kept file that differs is refused', async () => {
    const r = await call(port, { path: '/' });
    const hash = createHash('sha384').update('/* built */').digest('base64');
    expect(r.body).toContain(`<script type="module" crossorigin src="./assets/index-C7Zg2TFa.js" integrity="sha384-${hash}"></script>`);
    expect(r.body).toContain(`<link rel="stylesheet" href="./assets/index-Ab12Cd34.css" integrity="sha384-${createHash('sha384').update('body{}').digest('base64')}" />`);
  });

  it('lets the browser keep content-named renderer files, and nothing else', async () => {
    const asset = await call(port, { path: '/assets/index-C7Zg2TFa.js' });
    expect(asset.status).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await call(port, { path: '/' })).headers['cache-control']).toBe('no-store');
    expect((await call(port, { path: '/bridge.js' })).headers['cache-control']).toBe('no-store');
    expect((await call(port, { path: '/app.js' })).headers['cache-control']).toBe('no-store');
    // Inside assets/ but not named by a hash, or deeper: fetched fresh.
    expect((await call(port, { path: '/assets/some-component.js' })).headers['cache-control']).toBe('no-store');
    expect((await call(port, { path: '/assets/deeper/index-C7Zg2TFa.js' })).headers['cache-control']).toBe('no-store');
  });

  it('serves nothing outside the renderer folder', async () => {
    expect((await call(port, { path: '/../secret-neighbour.txt' })).status).toBe(404);
    expect((await call(port, { path: '/%2e%2e/secret-neighbour.txt' })).status).toBe(404);
  });

  it('answers malformed JSON with a typed error, not a crash', async () => {
    const r = await call(port, { path: '/__twofold/ipc/vault:status', method: 'POST', headers: { 'x-twofold-token': TOKEN }, body: '{not json' });
    expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'InvalidInput' } });
  });
});

describe('a host whose services are still starting', () => {
  it('serves the page at once, and answers requests made meanwhile once the services are attached', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'twofold-host-'));
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><html><head><script type="module" src="./app.js"></script></head><body></body></html>');
    writeFileSync(path.join(dir, 'app.js'), '/* app */');
    writeFileSync(path.join(dir, 'bridge.js'), '/* bridge */');
    const host = createHostServer({ rendererDir: dir, bridgeFile: path.join(dir, 'bridge.js'), token: TOKEN, log: silentLogger });
    await new Promise<void>((r) => host.server.listen(0, '127.0.0.1', r));
    const port = (host.server.address() as AddressInfo).port;
    try {
      expect((await call(port, { path: '/' })).status).toBe(200);
      expect((await call(port, { path: '/app.js' })).status).toBe(200);

      const early = call(port, { path: '/__twofold/ipc/vault:status', method: 'POST', headers: { 'x-twofold-token': TOKEN }, body: '{}' });
      let answered = false;
      void early.then(() => (answered = true));
      await new Promise((r) => setTimeout(r, 100));
      expect(answered).toBe(false);
      host.attach({ call: async () => ({ ok: true, value: { state: 'ready' } }), clipboardAck: () => true });
      expect(JSON.parse((await early).body)).toEqual({ ok: true, value: { state: 'ready' } });
    } finally {
      await new Promise<void>((r) => host.server.close(() => r()));
    }
  });
});

describe('the page with the host’s first screen', () => {
  const PAGE =
    '<!doctype html><html><head><script type="module" crossorigin src="./app.js"></script><link rel="stylesheet" href="./app.css"></head>' +
    '<body><div id="root"></div><noscript>x</noscript></body></html>';
  const BOOT = {
    status: { state: 'ready', message: null, accountCount: 1, profileId: 'default' },
    accounts: [{ id: 'a', issuer: 'Acme', accountName: 'alice', kind: 'totp', algorithm: 'SHA1', digits: 6, period: 30, group: null, order: 0, createdAt: 1, updatedAt: 1 }],
    snapshot: { now: Date.now(), codes: [{ id: 'a', current: '123456', next: '654321', periodStart: Date.now(), periodEnd: Date.now() + 30_000 }] },
    settings: { clipboardClearSeconds: 30, theme: 'system' },
  };

  /** Each test's host, closed after it whatever the test did. */
  const running: HostServer[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((host) => new Promise<void>((r) => host.server.close(() => r()))));
  });

  async function startHost(firstScreenWaitMs?: number) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'twofold-host-'));
    writeFileSync(path.join(dir, 'index.html'), PAGE);
    writeFileSync(path.join(dir, 'bridge.js'), '/* bridge */');
    const host = createHostServer({ rendererDir: dir, bridgeFile: path.join(dir, 'bridge.js'), token: TOKEN, log: silentLogger, firstScreenWaitMs });
    running.push(host);
    await new Promise<void>((r) => host.server.listen(0, '127.0.0.1', r));
    return { host, port: (host.server.address() as AddressInfo).port };
  }

  /** What a browser sends when the person opens the page (typed, bookmarked, reloaded). */
  const NAVIGATION = { 'sec-fetch-dest': 'document', 'sec-fetch-site': 'none', 'sec-fetch-mode': 'navigate' };

  /** The page's chunks as they arrive, and the whole once it ends. */
  function stream(port: number, headers: Record<string, string> = NAVIGATION) {
    const chunks: string[] = [];
    const done = new Promise<string>((resolve, reject) => {
      request({ host: '127.0.0.1', port, path: '/', headers }, (res) => {
        res.on('data', (c: Buffer) => chunks.push(c.toString()));
        res.on('end', () => resolve(chunks.join('')));
      })
        .on('error', reject)
        .end();
    });
    return { chunks, done };
  }

  it('sends the head at once, then the first screen and the answer once the services have it, then the scripts', async () => {
    const { host, port } = await startHost();
    let answer!: (value: unknown) => void;
    const asked: string[] = [];
    host.attach({
      call: (channel) => {
        asked.push(channel);
        return new Promise((resolve) => (answer = (value) => resolve({ ok: true, value })));
      },
      clipboardAck: () => true,
    });
    const page = stream(port);
    await expect.poll(() => page.chunks.join('')).toContain('<div id="root"></div>');
    const head = page.chunks.join('');
    // The style sheet is there for the first screen; the scripts wait until after it.
    expect(head).toContain('./app.css');
    expect(head).not.toContain('<script');
    expect(asked).toEqual(['app:bootstrap']);
    answer(BOOT);
    const body = await page.done;
    const first = body.indexOf('id="first-screen"');
    const data = body.indexOf('id="twofold-bootstrap"');
    const bridge = body.indexOf('./bridge.js');
    const app = body.indexOf('./app.js');
    expect(first).toBeGreaterThan(body.indexOf('<div id="root"></div>'));
    expect([first, data, bridge, app].every((at) => at > 0)).toBe(true);
    expect([first, data, bridge, app]).toEqual([first, data, bridge, app].sort((a, b) => a - b));
    expect(body).toContain('data-first-screen-code="123456">123 456<');
    expect(body.endsWith('<noscript>x</noscript></body></html>')).toBe(true);
  });

  it('draws the picture from the small first-screen answer, asks for the whole answer after it, and sends that to the renderer', async () => {
    const { host, port } = await startHost();
    const asked: string[] = [];
    let whole!: (value: unknown) => void;
    const small = { ...BOOT, snapshot: { ...BOOT.snapshot, codes: BOOT.snapshot.codes.map((c) => ({ ...c, current: '111111' })) } };
    host.attach({
      firstScreen: async (rows) => {
        asked.push(`firstScreen:${rows}`);
        return { ok: true, value: small };
      },
      call: (channel) => {
        asked.push(channel);
        return new Promise((resolve) => (whole = (value) => resolve({ ok: true, value })));
      },
      clipboardAck: () => true,
    });
    const page = stream(port);
    await expect.poll(() => page.chunks.join('')).toContain('id="first-screen"');
    // The picture is out while the whole answer is still being worked on.
    expect(page.chunks.join('')).toContain('data-first-screen-code="111111"');
    expect(page.chunks.join('')).not.toContain('twofold-bootstrap');
    expect(asked).toEqual([`firstScreen:${FIRST_SCREEN_ITEMS}`, 'app:bootstrap']);
    whole(BOOT);
    const body = await page.done;
    const data = /<script type="application\/json" id="twofold-bootstrap">(.*?)<\/script>/.exec(body)?.[1];
    expect(JSON.parse(data ?? '')).toEqual(BOOT);
  });

  it('goes out without a first screen when the services do not answer in time, and the renderer asks itself', async () => {
    const { host, port } = await startHost(50);
    host.attach({ call: () => new Promise(() => {}), clipboardAck: () => true });
    const started = Date.now();
    const body = await stream(port).done;
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(body).not.toContain('first-screen');
    expect(body).not.toContain('twofold-bootstrap');
    expect(body).toContain('./app.js');
  });

  it('sends the answer but no picture when the vault cannot be opened, so the renderer explains why', async () => {
    const { host, port } = await startHost();
    const locked = { ...BOOT, status: { ...BOOT.status, state: 'keychain-unavailable', message: 'The keychain is locked.' } };
    host.attach({ call: async () => ({ ok: true, value: locked }), clipboardAck: () => true });
    const body = await stream(port).done;
    expect(body).not.toContain('id="first-screen"');
    expect(body).toContain('id="twofold-bootstrap"');
  });

  it('does no services work for a fetch another site could make, only for the person’s own navigation', async () => {
    const { host, port } = await startHost();
    const asked: string[] = [];
    host.attach({
      firstScreen: async () => (asked.push('firstScreen'), { ok: true, value: BOOT }),
      call: async (channel) => (asked.push(channel), { ok: true, value: BOOT }),
      clipboardAck: () => true,
    });
    const fetches: Record<string, string>[] = [
      { 'sec-fetch-dest': 'empty', 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors' },
      { 'sec-fetch-dest': 'document', 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate' },
      { 'sec-fetch-dest': 'iframe', 'sec-fetch-site': 'same-origin' },
      {},
    ];
    for (const headers of fetches) {
      const body = await stream(port, headers).done;
      expect(body).not.toContain('first-screen');
      expect(body).toContain('./app.js');
    }
    expect(asked).toEqual([]);
    // A reload from the page itself is the person's own.
    expect(await stream(port, { 'sec-fetch-dest': 'document', 'sec-fetch-site': 'same-origin' }).done).toContain('id="first-screen"');
  });

  it('sends the picture without the answer when the whole answer comes too late: the bridge then asks', async () => {
    const { host, port } = await startHost(150);
    host.attach({ firstScreen: async () => ({ ok: true, value: BOOT }), call: () => new Promise(() => {}), clipboardAck: () => true });
    const body = await stream(port).done;
    expect(body).toContain('id="first-screen"');
    expect(body).not.toContain('twofold-bootstrap');
    expect(body.indexOf('./app.js')).toBeGreaterThan(body.indexOf('id="first-screen"'));
  });

  it('still ends the page with its scripts when the answer cannot be drawn', async () => {
    const { host, port } = await startHost();
    // An answer of the wrong shape (the two threads out of step): drawing it throws.
    host.attach({ firstScreen: async () => ({ ok: true, value: { status: { state: 'ready' }, accounts: [{}], snapshot: null } }), call: async () => ({ ok: true, value: BOOT }), clipboardAck: () => true });
    const body = await stream(port).done;
    expect(body).not.toContain('id="first-screen"');
    expect(body.endsWith('<noscript>x</noscript></body></html>')).toBe(true);
    expect(body).toContain('./app.js');
  });

  it('answers HEAD without waiting for the services', async () => {
    const { host, port } = await startHost(60_000);
    host.attach({ call: () => new Promise(() => {}), clipboardAck: () => true });
    expect((await call(port, { path: '/', method: 'HEAD' })).status).toBe(200);
  });
});
