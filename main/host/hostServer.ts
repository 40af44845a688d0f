import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AppEvent, Result } from '../../common/ipc/api.js';
import type { Logger } from '../services/log/logger.js';
import { EventStream } from './eventStream.js';
import { PageClipboard } from './pageClipboard.js';
import { injectBridge } from './injectBridge.js';
import { addIntegrity } from './subresourceIntegrity.js';
import { errorSummary } from '../services/log/errorSummary.js';
import { bootstrapDataBlock, FIRST_SCREEN_ITEMS, renderFirstScreen, type Bootstrap } from './firstScreen.js';
import { splitPage } from './pageOrder.js';

/**
 * What answers the page's requests once the services are up. Kept behind this interface so the server
 * itself loads no zod and no vault: it listens first, and the page loads while the services start.
 */
export interface HostBackend {
  /** Validates and runs one contract request (dispatch). */
  call(channel: string, body: unknown): Promise<Result<unknown>>;
  /**
   * `app:bootstrap`'s answer with the codes of the first `rows` accounts only, for the page's first
   * screen (quicker than the whole answer, which follows). Without it the whole answer is drawn.
   */
  firstScreen?(rows: number): Promise<Result<unknown>>;
  /** Validates a clipboard answer from the page; false when it is malformed. */
  clipboardAck(body: unknown): boolean | Promise<boolean>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
};

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export interface HostServerOptions {
  rendererDir: string;
  bridgeFile: string;
  /** A per-run secret the page must echo: other sites and other local programs cannot call the API. */
  token: string;
  log: Logger;
  /**
   * How long the page waits for the services' first answer before it goes out without a first screen
   * (a keychain that prompts, a services thread that is restarting): the renderer then asks itself.
   */
  firstScreenWaitMs?: number;
}

export interface HostServer {
  server: Server;
  events: EventStream;
  clipboard: PageClipboard;
  /** Requests that arrived before this wait for it. */
  attach(backend: HostBackend): void;
  emit(event: AppEvent): void;
}

/**
 * Serves the built renderer to a browser with a bridge implementing the preload API over HTTP:
 * POST /__twofold/ipc/<channel> for requests, server-sent events for pushes. Loopback only.
 */
export function createHostServer(opts: HostServerOptions): HostServer {
  const events = new EventStream();
  const clipboard = new PageClipboard(events);
  let attach!: (backend: HostBackend) => void;
  const backend = new Promise<HostBackend>((resolve) => (attach = resolve));

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      opts.log.error('host request failed', { path: req.url?.split('?')[0], error: errorSummary(e) });
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'Internal error');
    });
  });

  // The renderer's files do not change while the host runs: read and hashed once, starting now, so the
  // first request for the page does not wait for it.
  let page: Promise<string> | null = null;
  const loadPage = () => (page ??= readFile(path.resolve(opts.rendererDir, 'index.html'), 'utf8').then((html) => addIntegrity(html, opts.rendererDir)));
  loadPage().catch(() => {
    page = null; // no renderer yet (a test that serves none): tried again on request
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    if (!isLoopbackHost(req.headers.host)) return send(res, 421, 'text/plain; charset=utf-8', 'Wrong host');
    const url = new URL(req.url ?? '/', 'http://localhost');

    if (url.pathname.startsWith('/__twofold/')) {
      const token = req.headers['x-twofold-token'] ?? url.searchParams.get('token');
      if (token !== opts.token) return send(res, 403, 'text/plain; charset=utf-8', 'Forbidden');
      if (url.pathname === '/__twofold/events' && req.method === 'GET') return events.attach(res);
      if (req.method !== 'POST') return send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed');
      const body = await readJson(req);
      if (url.pathname === '/__twofold/clipboard-ack') {
        const ok = await (await backend).clipboardAck(body);
        return send(res, ok ? 204 : 400, 'text/plain; charset=utf-8', '');
      }
      const channel = url.pathname.slice('/__twofold/ipc/'.length);
      if (!url.pathname.startsWith('/__twofold/ipc/')) return send(res, 404, 'text/plain; charset=utf-8', 'Not found');
      const result = body === INVALID_JSON
        ? { ok: false, error: { code: 'InvalidInput', message: 'The request was not valid.' } }
        : await (await backend).call(channel, body);
      return send(res, 200, 'application/json', JSON.stringify(result));
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed');
    if (url.pathname === '/bridge.js') return sendFile(res, opts.bridgeFile);
    const file = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname.slice(1));
    const full = path.resolve(opts.rendererDir, file);
    if (!full.startsWith(path.resolve(opts.rendererDir) + path.sep)) return send(res, 404, 'text/plain; charset=utf-8', 'Not found');
    if (file === 'index.html') return sendPage(req, res);
    // Judged on the path inside the renderer folder (Vite's `assets/<name>-<8-character hash>.<ext>`).
    return sendFile(res, full, CONTENT_NAMED.test(path.relative(path.resolve(opts.rendererDir), full).split(path.sep).join('/')));
  }

  /**
   * The page, streamed: the head (with its style sheet) at once; then the first screen, drawn from the
   * services' small first-screen answer; then the whole `app:bootstrap` answer for the renderer; then
   * the scripts. The person sees codes as soon as the vault is open, without waiting for the renderer's
   * bundle and React (decision 008).
   */
  async function sendPage(req: IncomingMessage, res: ServerResponse) {
    const html = injectBridge(await loadPage(), opts.token);
    const parts = req.method === 'GET' && isOwnNavigation(req) ? splitPage(html) : null;
    if (!parts) return send(res, 200, TYPES['.html']!, html);
    res.writeHead(200, pageHeaders(TYPES['.html']!));
    res.write(parts.beforeRoot);
    let gone = false;
    res.once('close', () => (gone = true));
    let timer: NodeJS.Timeout | undefined;
    let late = false;
    const limit = new Promise<null>((resolve) => (timer = setTimeout(() => ((late = true), resolve(null)), opts.firstScreenWaitMs ?? 1_500)));
    const inTime = <T>(p: Promise<T>) => Promise.race([p, limit]);
    let dataBlock = '';
    try {
      const b = await inTime(backend);
      // The small answer first, alone: asked together, the services' work on the whole answer (500
      // decryptions) would run before the small one was done. The whole answer is computed while the
      // browser draws the picture, unless the page is already late or nobody is waiting for it.
      const small = b?.firstScreen ? await inTime(bootstrapOf(b.firstScreen(FIRST_SCREEN_ITEMS))) : null;
      const whole = b && !late && !gone ? bootstrapOf(b.call('app:bootstrap', {})) : Promise.resolve(null);
      const first = small ?? (await inTime(whole));
      if (first && !gone) res.write(renderFirstScreen(first, { now: Date.now(), mac: process.platform === 'darwin' }));
      const boot = await inTime(whole);
      if (boot) dataBlock = bootstrapDataBlock(boot);
    } catch (e) {
      // Whatever went wrong, the page still gets its scripts, and the renderer asks for itself.
      opts.log.warn('the first screen could not be drawn', { error: errorSummary(e) });
    } finally {
      clearTimeout(timer);
      res.end(dataBlock + parts.scripts + parts.afterRoot);
    }
  }

  return {
    server,
    events,
    clipboard,
    attach,
    emit: (event) => events.send({ kind: 'event', event }),
  };
}

const INVALID_JSON = Symbol('invalid json');

/**
 * The services answered through their contract-typed handler (dispatch's Handlers, firstScreenData); only
 * the static type was lost on the way between the threads.
 */
async function bootstrapOf(answer: Promise<Result<unknown>>): Promise<Bootstrap | null> {
  const result = await answer.catch(() => null);
  return result?.ok ? (result.value as Bootstrap) : null;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 1_000_000) return INVALID_JSON;
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return {};
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    return INVALID_JSON;
  }
}

/**
 * Only a page the person opened — typed, bookmarked, reloaded, or reached from this page — gets the
 * first screen. Any other site can make a browser fetch this address (no-cors, a link), and such a fetch
 * must not make the services open the vault or ask the keychain; it gets the plain page, whose renderer
 * then asks with the token, as every request of the bridge does. Browsers without these headers get the
 * plain page too.
 */
function isOwnNavigation(req: IncomingMessage): boolean {
  const site = req.headers['sec-fetch-site'];
  return req.headers['sec-fetch-dest'] === 'document' && (site === 'none' || site === 'same-origin');
}

function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const name = host.replace(/:\d+$/, '');
  return name === '127.0.0.1' || name === 'localhost' || name === '[::1]';
}

function pageHeaders(type: string) {
  return {
    'Content-Type': type,
    'Content-Security-Policy': CSP,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  };
}

function send(res: ServerResponse, status: number, type: string, body: string) {
  res.writeHead(status, pageHeaders(type));
  res.end(body);
}

/**
 * Vite names the renderer's built files by their content (`assets/index-C7Zg2TFa.js`): such a file never
 * changes under its name, so the browser may keep it (and its compiled code) across openings of the page.
 * Everything else — the page with its per-run token, the bridge — is fetched fresh every time.
 */
const CONTENT_NAMED = /^assets\/[^/]+-[A-Za-z0-9_-]{8}\.(?:js|css|svg|png|woff2?)$/;

async function sendFile(res: ServerResponse, file: string, cacheable = false) {
  let data: Buffer;
  try {
    data = await readFile(file);
  } catch {
    return send(res, 404, 'text/plain; charset=utf-8', 'Not found');
  }
  res.writeHead(200, {
    'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    'Content-Security-Policy': CSP,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': cacheable ? 'public, max-age=31536000, immutable' : 'no-store',
  });
  res.end(data);
}
