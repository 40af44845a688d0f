// The browser host's stand-in for preload: the same TwofoldApi on window.twofold, carried over HTTP to
// the main-process services running in Node. Loaded by the host before the renderer's own bundle.
import { isAppEvent, isChannel, type AppEvent, type Result, type TwofoldApi } from '../common/ipc/api.js';

const token = document.querySelector<HTMLMetaElement>('meta[name="twofold-host-token"]')?.content ?? '';
const listeners = new Map<AppEvent, Set<() => void>>();
const base = new URL('./__twofold/', document.baseURI);

async function post(path: string, body: unknown): Promise<Response> {
  return fetch(new URL(path, base), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Twofold-Token': token },
    body: JSON.stringify(body),
  });
}

const unreachable = { ok: false as const, error: { code: 'Internal' as const, message: 'Twofold’s background service is not answering. Is it still running?' } };

/** The host answers { ok, value } or { ok: false, error: { code, message } }; anything else means it is gone. */
function isResult(body: unknown): body is Result<unknown> {
  if (typeof body !== 'object' || body === null || !('ok' in body)) return false;
  if (body.ok === true) return 'value' in body;
  if (body.ok !== false || !('error' in body) || typeof body.error !== 'object' || body.error === null) return false;
  return 'message' in body.error && typeof body.error.message === 'string' && 'code' in body.error && typeof body.error.code === 'string';
}

async function request(channel: string, body: unknown): Promise<Result<unknown>> {
  try {
    const res = await post(`ipc/${channel}`, body);
    const answer: unknown = await res.json();
    return isResult(answer) ? answer : unreachable;
  } catch {
    return unreachable;
  }
}

// The first screen's data is asked for as this script runs, before the renderer's bundle has even
// loaded; the renderer's own first `app:bootstrap` gets this answer. The API it sees is unchanged.
// Not when the host already put that answer in the page (main/host/firstScreen.ts): the renderer reads it there.
let early: Promise<Result<unknown>> | null = document.getElementById('twofold-bootstrap') ? null : request('app:bootstrap', {});

const api: TwofoldApi = {
  host: 'browser',
  async invoke(channel, body) {
    if (!isChannel(channel)) throw new Error('unknown channel');
    if (channel === 'app:bootstrap' && early) {
      const answer = early;
      early = null;
      return answer as never;
    }
    return request(channel, body) as never;
  },
  on(event, listener) {
    if (!isAppEvent(event)) throw new Error('unknown event');
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => void set.delete(listener);
  },
};

async function clipboardOp(op: unknown, text: unknown): Promise<boolean> {
  if (typeof text !== 'string') return false;
  try {
    if (op === 'write') {
      await navigator.clipboard.writeText(text);
      return true;
    }
    if (op === 'clearIfHolds' && (await navigator.clipboard.readText()) === text) {
      await navigator.clipboard.writeText('');
      return true;
    }
  } catch {
    // Permission refused or the page is not focused: answer "no", main reports it plainly.
  }
  return false;
}

const stream = new EventSource(new URL(`events?token=${encodeURIComponent(token)}`, base));
stream.onmessage = (message: MessageEvent<string>) => {
  let data: { kind?: unknown; event?: unknown; id?: unknown; op?: unknown; text?: unknown };
  try {
    data = JSON.parse(message.data) as typeof data;
  } catch {
    return;
  }
  if (data.kind === 'event' && typeof data.event === 'string') {
    for (const listener of listeners.get(data.event as AppEvent) ?? []) listener();
  } else if (data.kind === 'clipboard' && typeof data.id === 'string') {
    const id = data.id;
    void clipboardOp(data.op, data.text).then((ok) => post('clipboard-ack', { id, ok }));
  }
};

Object.defineProperty(window, 'twofold', { value: Object.freeze(api), writable: false, configurable: false });
